# METADATA
# title: Statutory grounds
# description: |
#   Where a partner's own statute provides for passing data to another partner, the law is
#   the ground, not the person's consent: each partner keeps "eigen (wettelijke)
#   verantwoordelijkheden". The covenant names each such basis with the providers,
#   recipients and categories it covers, the law, and its article where one is named.
package zvh.exchange.statutory

# The ground of the covenant's statutory basis covering this provider, recipient and
# category: {"type": "statutory", "id", "law"} and "article" where the basis names one.
# Where several cover it, the lowest id, so that the decision is deterministic.
ground(network, provider, recipient, category) := object.union(
	{"type": "statutory", "id": id},
	object.filter(network.statutory_bases[id], {"law", "article"}),
) if {
	ids := {id |
		some id, basis in object.get(network, "statutory_bases", {})
		_covers(basis, provider, recipient, category)
	}
	id := sort(ids)[0]
}

_covers(basis, provider, recipient, category) if {
	provider in basis.providers
	recipient in basis.recipients
	category in basis.categories
}
