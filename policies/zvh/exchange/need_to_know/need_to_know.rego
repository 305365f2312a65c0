# METADATA
# title: Need-to-know
# description: |
#   A partner sees only the cases it takes part in, only the categories its domain
#   may receive for the purpose, and of those only the fields its domain needs; it
#   provides only the categories its domain holds.
package zvh.exchange.need_to_know

participant(case, organisation) if organisation in case.participants

# Being asked tells a provider that the person is discussed in a case, so only the case's
# participants are asked; in triage the process director may ask any partner whether it
# knows the person, before deciding to take the case.
may_be_asked(_, case, organisation) if participant(case, organisation)

may_be_asked(purpose, _, _) if purpose.asks_beyond_the_case

role_may_receive(purpose, role) if role in purpose.receiving_roles

domain_may_receive(purpose, category, domain) if domain in purpose.matrix[category]

# A partner provides only what its domain holds: sending on another partner's data is
# reuse, which the partner that holds them decides on (a formal request to it). A
# category without provider_domains (identification, a signal) any partner may hold.
domain_may_provide(category, _) if not category.provider_domains

domain_may_provide(category, domain) if domain in category.provider_domains

fields(category, domain) := {field |
	some field in category.fields
	_field_open(category, field, domain)
}

# A field without a domain list is open to every domain that may receive its category.
_field_open(category, field, _) if not category.field_domains[field]

_field_open(category, field, domain) if domain in category.field_domains[field]
