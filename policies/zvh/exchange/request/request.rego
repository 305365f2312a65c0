# METADATA
# title: Request shape
# description: |
#   The broker builds the policy input from validated values and stored facts. The
#   policy checks the shape again, so that a malformed input is a denial with its own
#   code and never a partial evaluation.
package zvh.exchange.request

import data.zvh.lib.timestamp

valid(req) if {
	timestamp.valid(req.at)
	is_string(req.network)
	req.action in {"pull", "push"}
	is_string(req.purpose)
	_string_list(req.categories)
	count(req.categories) > 0
	is_string(req.provider.organisation)
	is_string(req.recipient.organisation)
	is_string(req.recipient.role)
	_string_list(req.signatories)
	_person(req.person)
	_case(req.case)
	is_array(req.consents)
	every c in req.consents {
		_consent(c)
	}
	is_array(req.objections)
	every o in req.objections {
		_objection(o)
	}
	is_array(req.exceptions)
	every e in req.exceptions {
		_exception(e)
	}
	is_array(req.formal_requests)
	every r in req.formal_requests {
		_formal_request(r)
	}
}

_case(c) if {
	is_string(c.id)
	is_string(c.phase)
	_optional_timestamp(c.closed_at)
	_shadow_review(c)
	_string_list(c.participants)
}

# A case on the shadow list has its review date; a case elsewhere has none.
_shadow_review(c) if {
	c.phase == "shadow_list"
	timestamp.valid(c.shadow_review_at)
}

_shadow_review(c) if {
	c.phase != "shadow_list"
	c.shadow_review_at == null
}

# The person the flow is about, or null for an update about the case as a whole.
_person(p) if p == null

_person(p) if {
	is_string(p.age_band)
	_optional_string(p.turns_16_in)
}

_optional_string(s) if s == null

_optional_string(s) if is_string(s)

_consent(c) if {
	is_string(c.id)
	is_string(c.recipient)
	_optional_string_list(c.categories)
	c.given_by in {"person", "legal_representative"}
	timestamp.valid(c.given_at)
	_optional_timestamp(c.withdrawn_at)
}

_objection(o) if {
	is_string(o.id)
	is_string(o.recipient)
	_optional_string_list(o.categories)
	timestamp.valid(o.made_at)
	timestamp.valid(o.recorded_at)
	_optional_timestamp(o.withdrawn_at)
}

_exception(e) if {
	is_string(e.id)
	is_string(e.recipient)
	_string_list(e.categories)
	is_string(e.reason)
	is_string(e.approved_by_organisation)
	is_string(e.approved_by_role)
	timestamp.valid(e.approved_at)
	timestamp.valid(e.expires_at)
	_optional_timestamp(e.revoked_at)
	is_array(e.provider_decisions)
	every d in e.provider_decisions {
		_provider_decision(d)
	}
}

_provider_decision(d) if {
	is_string(d.provider)
	d.decision in {"approved", "refused"}
	timestamp.valid(d.decided_at)
}

_formal_request(r) if {
	is_string(r.id)
	is_string(r.requester)
	is_string(r.provider)
	is_string(r.purpose)
	_string_list(r.categories)
	r.status in {"pending", "approved", "refused"}
	_optional_timestamp(r.decided_at)
	_optional_timestamp(r.expires_at)
}

_string_list(xs) if {
	is_array(xs)
	every x in xs {
		is_string(x)
	}
}

_optional_string_list(xs) if xs == null

_optional_string_list(xs) if _string_list(xs)

_optional_timestamp(t) if t == null

_optional_timestamp(t) if timestamp.valid(t)
