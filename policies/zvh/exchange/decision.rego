# METADATA
# title: Exchange decision
# description: |
#   Decides one flow of case data from a providing organisation to a receiving one,
#   about one person in one case, for one purpose: whether it may happen, which
#   categories and fields may flow, on which ground, and with which obligations.
#   Request-level reasons deny everything; category-level reasons deny only their
#   category, so a request can be partly allowed.
package zvh.exchange

import data.zvh.covenants
import data.zvh.exchange.asking
import data.zvh.exchange.case_level
import data.zvh.exchange.consent
import data.zvh.exchange.covenant
import data.zvh.exchange.formal_request
import data.zvh.exchange.need_to_know
import data.zvh.exchange.purpose
import data.zvh.exchange.request
import data.zvh.exchange.retention
import data.zvh.exchange.shadow_list
import data.zvh.exchange.special_categories
import data.zvh.exchange.statutory

# METADATA
# entrypoint: true
decision := {
	"allow": allow,
	"reasons": sort(_request_reasons | _category_reasons),
	"permitted": permitted,
	"grounds": grounds,
	"obligations": sort(obligations),
	"covenant": _covenant_id,
}

default allow := false

allow if {
	count(_request_reasons) == 0
	count(permitted) > 0
}

permitted[category] := sort(_fields[category]) if {
	count(_request_reasons) == 0
	some category in _requested
	not _denied_categories[category]
}

# The fields the recipient's domain needs, less the special ones it has no basis for or
# whose provider did not co-approve the exception they would go on; about the case as a
# whole, only those of them that describe the case's process.
_fields[category] := _open_fields(category, _network.categories[category]) if {
	some category in _known_categories
	not _about_the_case
}

_fields[category] := _open_fields(category, definition) & case_level.fields(definition) if {
	_about_the_case
	some category in _known_categories
	definition := _network.categories[category]
}

_open_fields(category, definition) := (need_to_know.fields(definition, _recipient_domain) - special_categories.withheld_fields(
	definition,
	_network.partners[input.recipient.organisation],
)) - _special_fields_without_provider(category, definition)

_special_fields_without_provider(category, definition) := {field |
	some field, _ in object.get(definition, "special_fields", {})
} if {
	ground := _ground[category]
	ground.type == "exception"
	not consent.carries_special_data(input, ground.id, input.provider.organisation, input.at)
} else := set()

grounds[category] := _ground[category] if permitted[category]

obligations contains {"code": "TAG_PURPOSE", "purpose": input.purpose} if allow

obligations contains {"code": "NO_REUSE_WITHOUT_FORMAL_REQUEST"} if {
	allow
	not purpose.reuse(_purpose)
}

default _covenant_id := null

_covenant_id := _network.version if _in_force

_valid if request.valid(input)

_network := covenants[input.network] if _valid

_in_force if covenant.in_force(_network, input.at)

_purpose := _network.purposes[input.purpose]

_recipient_domain := _network.partners[input.recipient.organisation].domain

_provider_domain := _network.partners[input.provider.organisation].domain

_requested contains category if {
	_valid
	some category in input.categories
}

# An unknown category is reported once, as CATEGORY_UNKNOWN, and not judged further.
_known_categories contains category if {
	some category in _requested
	_network.categories[category]
}

_about_the_case if {
	_valid
	case_level.about_the_case(input)
}

_parties := {"recipient": input.recipient.organisation, "provider": input.provider.organisation}

# METADATA
# description: The input is not an exchange request of the expected shape.
# custom:
#   code: INPUT_INVALID
_request_reasons contains {"code": "INPUT_INVALID"} if not _valid

# METADATA
# description: The network named in the request has no covenant in this bundle.
# custom:
#   code: NETWORK_UNKNOWN
_request_reasons contains {"code": "NETWORK_UNKNOWN"} if {
	_valid
	not _network
}

# METADATA
# description: The network's covenant version in this bundle is not in force at the time of the exchange.
# custom:
#   code: COVENANT_NOT_IN_FORCE
_request_reasons contains {"code": "COVENANT_NOT_IN_FORCE"} if {
	_network
	not _in_force
}

# METADATA
# description: |
#   The providing or receiving organisation is not a partner named in the covenant in
#   force, or holds no standing acceptance of it.
# custom:
#   code: PARTNER_NOT_SIGNATORY
_request_reasons contains {"code": "PARTNER_NOT_SIGNATORY", "party": party} if {
	_in_force
	some party, organisation in _parties
	not covenant.party(_network, input.signatories, organisation)
}

# METADATA
# description: The purpose is not one of the covenant's purposes.
# custom:
#   code: PURPOSE_UNKNOWN
_request_reasons contains {"code": "PURPOSE_UNKNOWN"} if {
	_network
	not _purpose
}

# METADATA
# description: The case-process purpose does not belong to the phase the case is in.
# custom:
#   code: PURPOSE_PHASE_MISMATCH
_request_reasons contains {"code": "PURPOSE_PHASE_MISMATCH"} if {
	not purpose.phase_matches(_purpose, input.case.phase)
}

# METADATA
# description: |
#   The receiving organisation does not take part in the case, or the providing one does
#   not and the purpose asks only the case's participants.
# custom:
#   code: NOT_CASE_PARTICIPANT
_request_reasons contains {"code": "NOT_CASE_PARTICIPANT", "party": "recipient"} if {
	_valid
	not need_to_know.participant(input.case, input.recipient.organisation)
}

# METADATA
# custom:
#   code: NOT_CASE_PARTICIPANT
_request_reasons contains {"code": "NOT_CASE_PARTICIPANT", "party": "provider"} if {
	not need_to_know.may_be_asked(_purpose, input.case, input.provider.organisation)
}

# METADATA
# description: |
#   In triage, a partner outside the case is not asked whether it knows the person, since
#   the question gives it the person's identifier: the person objected to it
#   (ASKING_OBJECTED), or there is neither the person's consent nor a sound exception for
#   it (ASKING_GROUND_MISSING).
# custom:
#   codes: [ASKING_OBJECTED, ASKING_GROUND_MISSING]
_request_reasons contains {"code": code, "party": "provider"} if {
	asking.beyond_the_case(_purpose, input)
	code := asking.denial(input, input.provider.organisation, input.at, _exception_max_months)
}

# METADATA
# description: The receiving organisation's domain may not have data for this reuse purpose.
# custom:
#   code: PURPOSE_DOMAIN_NOT_PERMITTED
_request_reasons contains {"code": "PURPOSE_DOMAIN_NOT_PERMITTED"} if {
	purpose.reuse(_purpose)
	not purpose.domain_may_have(_purpose, _recipient_domain)
}

# METADATA
# description: The acting employee's role in the case process may not receive data for this purpose.
# custom:
#   code: ROLE_NOT_PERMITTED
_request_reasons contains {"code": "ROLE_NOT_PERMITTED"} if {
	not need_to_know.role_may_receive(_purpose, input.recipient.role)
}

# METADATA
# description: The case was closed longer ago than the retention period; its data are gone.
# custom:
#   code: RETENTION_EXPIRED
_request_reasons contains {"code": "RETENTION_EXPIRED"} if {
	retention.expired(input.case, _network.retention_years, input.at)
}

# METADATA
# description: The category is not one of the covenant's data categories.
# custom:
#   code: CATEGORY_UNKNOWN
_category_reasons contains {"code": "CATEGORY_UNKNOWN", "category": category} if {
	_network
	some category in _requested
	not _network.categories[category]
}

# METADATA
# description: The category is not proportionate to the purpose.
# custom:
#   code: CATEGORY_DISPROPORTIONATE
_category_reasons contains {"code": "CATEGORY_DISPROPORTIONATE", "category": category} if {
	_purpose
	some category in _requested
	_network.categories[category]
	not purpose.proportionate(_purpose, category)
}

# METADATA
# description: The receiving organisation's domain may not receive the category for this purpose.
# custom:
#   code: DOMAIN_NOT_PERMITTED
_category_reasons contains {"code": "DOMAIN_NOT_PERMITTED", "category": category} if {
	some category in _requested
	purpose.proportionate(_purpose, category)
	not need_to_know.domain_may_receive(_purpose, category, _recipient_domain)
}

# METADATA
# description: |
#   The providing organisation's domain does not hold the category: sending on another
#   partner's data is reuse, decided by the partner that holds them.
# custom:
#   code: PROVIDER_DOMAIN_NOT_PERMITTED
_category_reasons contains {"code": "PROVIDER_DOMAIN_NOT_PERMITTED", "category": category} if {
	some category in _known_categories
	domain := _provider_domain
	not need_to_know.domain_may_provide(_network.categories[category], domain)
}

# METADATA
# description: |
#   The case is on the shadow list past its review date and was not reviewed yet: until
#   it is, only the categories the review needs flow.
# custom:
#   code: SHADOW_REVIEW_DUE
_category_reasons contains {"code": "SHADOW_REVIEW_DUE", "category": category} if {
	shadow_list.review_due(input.case, input.at)
	some category in _known_categories
	shadow_list.held_until_review(_network, category)
}

# METADATA
# description: Health or criminal data to an organisation without a legal basis for them.
# custom:
#   code: SPECIAL_CATEGORY_NO_BASIS
_category_reasons contains {"code": "SPECIAL_CATEGORY_NO_BASIS", "category": category} if {
	some category in _requested
	special_categories.basis_missing(
		_network.categories[category],
		_network.partners[input.recipient.organisation],
	)
}

# METADATA
# description: |
#   A flow about the case as a whole, without a person, may carry only categories that
#   describe the case's process; this one is about a person.
# custom:
#   code: PERSONAL_DATA_WITHOUT_PERSON
_category_reasons contains {"code": "PERSONAL_DATA_WITHOUT_PERSON", "category": category} if {
	_about_the_case
	some category in _known_categories
	not case_level.describes_the_case(_network.categories[category])
}

# METADATA
# description: |
#   No consent of the person for this recipient and category (CONSENT_MISSING), it was
#   withdrawn (CONSENT_WITHDRAWN), it was the person's own while under 16, when only the
#   legal representative consents (CONSENT_GIVEN_UNDER_AGE), or the person objected (CONSENT_OBJECTED), and no
#   legal-ground exception applies. Where an exception was there but did not count, the
#   reason says why: against an objection its reason may not override one
#   (EXCEPTION_REASON_CANNOT_OVERRIDE) or the objection came after it
#   (EXCEPTION_SUSPENDED_BY_OBJECTION); without consent it was approved by the receiving
#   organisation itself (EXCEPTION_SELF_APPROVED), runs longer than the covenant allows
#   (EXCEPTION_TERM_TOO_LONG), would carry health or criminal data that their provider
#   refused (EXCEPTION_PROVIDER_REFUSED) or did not co-approve (EXCEPTION_PROVIDER_APPROVAL_MISSING),
#   was revoked (EXCEPTION_REVOKED) or expired (EXCEPTION_EXPIRED).
# custom:
#   codes: [CONSENT_MISSING, CONSENT_WITHDRAWN, CONSENT_GIVEN_UNDER_AGE, CONSENT_OBJECTED, EXCEPTION_REVOKED, EXCEPTION_EXPIRED, EXCEPTION_REASON_CANNOT_OVERRIDE, EXCEPTION_SUSPENDED_BY_OBJECTION, EXCEPTION_SELF_APPROVED, EXCEPTION_TERM_TOO_LONG, EXCEPTION_PROVIDER_REFUSED, EXCEPTION_PROVIDER_APPROVAL_MISSING]
_category_reasons contains {"code": code, "category": category} if {
	some category in _known_categories
	code := _consent_outcome[category].deny
}

# METADATA
# description: |
#   A reuse purpose without an approved, unexpired formal request for exactly this purpose
#   and category (FORMAL_REQUEST_REQUIRED); where the provider had decided on one, the
#   approval expired (FORMAL_REQUEST_EXPIRED) or the provider refused it (FORMAL_REQUEST_REFUSED).
# custom:
#   codes: [FORMAL_REQUEST_REQUIRED, FORMAL_REQUEST_EXPIRED, FORMAL_REQUEST_REFUSED]
_category_reasons contains {"code": code, "category": category} if {
	purpose.reuse(_purpose)
	some category in _known_categories
	not _formal_request_id[category]
	code := formal_request.denial(input.formal_requests, _exchange, category)
}

_denied_categories contains reason.category if {
	some reason in _category_reasons
}

# No person, no consent to ask: an update about the case as a whole carries no personal data.
_consent_outcome[category] := _statement_outcome(category) if {
	purpose.needs_consent(_purpose)
	not _about_the_case
	some category in _known_categories
}

# Where a statute provides for this provider passing the category to this recipient, the
# law is the ground: the person's consent is not asked, and their objection does not
# stop what the law provides for. Otherwise the person's statements decide.
_statement_outcome(category) := {"ground": ground} if {
	ground := statutory.ground(_network, input.provider.organisation, input.recipient.organisation, category)
} else := consent.decide(
	_statements,
	{
		"recipient": input.recipient.organisation,
		"category": category,
		"at": input.at,
		"provider": input.provider.organisation,
		"special": is_string(object.get(_network.categories[category], "special", null)),
	},
	_exception_max_months,
)

# A covenant without a maximum term allows none: every exception is then too long.
_exception_max_months := object.get(_network, "exception_max_months", 0)

# A reuse that asks consent asks the person's own word: an exception, made for the case
# process, does not stand in for it there.
_statements := object.union(input, {"exceptions": []}) if purpose.reuse(_purpose)

_statements := input if not purpose.reuse(_purpose)

_formal_request_id[category] := formal_request.approved(input.formal_requests, _exchange, category) if {
	purpose.reuse(_purpose)
	some category in _known_categories
}

_exchange := {
	"recipient": input.recipient.organisation,
	"provider": input.provider.organisation,
	"purpose": input.purpose,
	"at": input.at,
}

# For a reuse the formal request is the ground reported; consent, where asked, is a condition.
_ground[category] := _consent_outcome[category].ground if not purpose.reuse(_purpose)

# About the case as a whole, the case process is the ground: the case is its id.
_ground[category] := {"type": "case_process", "id": input.case.id} if {
	_about_the_case
	not purpose.reuse(_purpose)
	some category in _known_categories
}

_ground[category] := {"type": "formal_request", "id": id} if {
	some category, id in _formal_request_id
}
