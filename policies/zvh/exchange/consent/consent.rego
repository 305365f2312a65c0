# METADATA
# title: Consent and legal-ground exceptions
# description: |
#   Consent is per recipient organisation and optionally per category. An explicit
#   objection beats any consent; a withdrawal takes effect at the moment it is
#   recorded. Where consent cannot be asked, an exception approved by the process
#   director is the ground instead, within limits: approved by an organisation other
#   than the recipient, for at most the covenant's maximum term, and against an
#   objection only for a reason that may override one (danger, a legal obligation, a
#   vital interest). An objection recorded after the exception suspends it, unless the
#   reason is danger: then telling or asking the client is what would be unsafe.
#   (Recorded: the process director decided on the objections on record.) Health and
#   criminal data pass on an exception only from a provider that co-approved it (or
#   whose own process director approved it): the provider answers for its data.
#   (Refused or not yet decided by the provider, the exception is no ground for its data.)
#   When no ground holds, the denial names the exception that came closest and why it
#   did not count, rather than CONSENT_MISSING or CONSENT_OBJECTED. A person's own
#   consent counts only from 16 (see minors): before, their legal representative's.
#   (An objection counts whoever made it: refusing is never a minor's risk.)
package zvh.exchange.consent

import data.zvh.exchange.minors
import data.zvh.lib.timestamp

# The recorded reasons that may override the person's objection. Any other reason (the
# person could not be reached) only stands in for consent that could not be asked.
overriding_reasons := {"danger_to_those_involved", "legal_obligation", "vital_interest"}

# Danger alone keeps an exception standing against an objection recorded after it.
_danger := "danger_to_those_involved"

# decide returns {"ground": {"type", "id"}} or {"deny": code} for a flow
# {recipient, category, at, provider, special}, special telling whether the category is
# health or criminal data; max_months is the covenant's longest term for an exception.
decide(facts, flow, max_months) := _decide(facts, flow, flow.recipient, flow.category, flow.at, max_months)

_decide(facts, flow, recipient, category, at, max_months) := {"ground": {"type": "exception", "id": id}} if {
	id := _first({e.id |
		some e in facts.exceptions
		_sound(e, flow, max_months)
		_stands(e, facts.objections, recipient, category, at)
	})
} else := {"deny": code} if {
	objections := _objections_in_force(facts.objections, recipient, category, at)
	count(objections) > 0
	code := _objection_denial(facts.exceptions, flow, max_months)
} else := {"ground": {"type": "consent", "id": id}} if {
	id := _first({c.id |
		some c in _consents_in_force(facts.consents, recipient, category, at)
		minors.may_give(c, facts.person)
	})
} else := {"deny": "CONSENT_GIVEN_UNDER_AGE"} if {
	count(_consents_in_force(facts.consents, recipient, category, at)) > 0
} else := {"deny": "CONSENT_WITHDRAWN"} if {
	some c in facts.consents
	_covers(c, recipient, category)
	c.given_at <= at
	c.withdrawn_at != null
	c.withdrawn_at <= at
} else := {"deny": code} if {
	code := _unsound_denial(facts.exceptions, flow, max_months)
} else := {"deny": "EXCEPTION_REVOKED"} if {
	some e in facts.exceptions
	_exception_for(e, recipient, category, at)
	_revoked(e, at)
} else := {"deny": "EXCEPTION_EXPIRED"} if {
	some e in facts.exceptions
	_exception_for(e, recipient, category, at)
	e.expires_at <= at
} else := {"deny": "CONSENT_MISSING"}

# With an objection in force, the denial says why a current, sound exception did not
# override it: its reason cannot, or the objection came after it and suspends it.
_objection_denial(exceptions, flow, max_months) := "EXCEPTION_REASON_CANNOT_OVERRIDE" if {
	some e in exceptions
	_sound(e, flow, max_months)
	not e.reason in overriding_reasons
} else := "EXCEPTION_SUSPENDED_BY_OBJECTION" if {
	some e in exceptions
	_sound(e, flow, max_months)
} else := code if {
	code := _unsound_denial(exceptions, flow, max_months)
} else := "CONSENT_OBJECTED"

# A current exception that is no ground at all: the receiving organisation approved it
# itself, it runs longer than the covenant allows, or it would carry a provider's health
# or criminal data that the provider refused or did not yet co-approve.
_unsound_denial(exceptions, flow, max_months) := "EXCEPTION_SELF_APPROVED" if {
	some e in exceptions
	_current(e, flow.recipient, flow.category, flow.at)
	_self_approved(e)
} else := "EXCEPTION_TERM_TOO_LONG" if {
	some e in exceptions
	_current(e, flow.recipient, flow.category, flow.at)
	_too_long(e, max_months)
} else := "EXCEPTION_PROVIDER_REFUSED" if {
	some e in exceptions
	_current(e, flow.recipient, flow.category, flow.at)
	_provider_decided(e, flow, "refused")
} else := "EXCEPTION_PROVIDER_APPROVAL_MISSING" if {
	some e in exceptions
	_current(e, flow.recipient, flow.category, flow.at)
	not _co_approved(e, flow)
}

_consents_in_force(consents, recipient, category, at) := [c |
	some c in consents
	_covers(c, recipient, category)
	timestamp.within(c.given_at, c.withdrawn_at, at)
]

# An objection to the recipient covering the category is in force at the moment.
objected(facts, recipient, category, at) if {
	count(_objections_in_force(facts.objections, recipient, category, at)) > 0
}

_objections_in_force(objections, recipient, category, at) := [o |
	some o in objections
	_covers(o, recipient, category)
	timestamp.within(o.made_at, o.withdrawn_at, at)
]

# An exception stands when no objection is in force, or its reason overrides the
# objections: danger always, another overriding reason only against objections that
# were on record when it was approved (recorded, not made: one made earlier but
# recorded later was not before the process director).
_stands(_, objections, recipient, category, at) if {
	count(_objections_in_force(objections, recipient, category, at)) == 0
}

_stands(e, _, _, _, _) if e.reason == _danger

_stands(e, objections, recipient, category, at) if {
	e.reason in overriding_reasons
	every o in _objections_in_force(objections, recipient, category, at) {
		o.recorded_at <= e.approved_at
	}
}

# Sound: in force at the moment, approved by someone outside the receiving
# organisation, for no longer than the covenant allows, and for special data approved by
# their provider too.
_sound(e, flow, max_months) if {
	_current(e, flow.recipient, flow.category, flow.at)
	not _self_approved(e)
	not _too_long(e, max_months)
	_co_approved(e, flow)
}

# The exception with this id carries the provider's health or criminal data: the
# provider co-approved it. A special field in an ordinary category needs it as the
# special categories do.
carries_special_data(facts, exception_id, provider, at) if {
	some e in facts.exceptions
	e.id == exception_id
	_co_approved(e, {"provider": provider, "at": at, "special": true})
}

_co_approved(_, flow) if not flow.special

# The provider's own process director approved the exception: that is its approval.
_co_approved(e, flow) if e.approved_by_organisation == flow.provider

_co_approved(e, flow) if _provider_decided(e, flow, "approved")

# The provider decided, before the moment; one decision per provider and exception.
_provider_decided(e, flow, decision) if {
	some d in e.provider_decisions
	d.provider == flow.provider
	d.decision == decision
	d.decided_at <= flow.at
}

_current(e, recipient, category, at) if {
	_exception_for(e, recipient, category, at)
	timestamp.within(e.approved_at, e.expires_at, at)
	not _revoked(e, at)
}

# An organisation cannot approve an exchange to itself without consent.
_self_approved(e) if e.approved_by_organisation == e.recipient

_too_long(e, max_months) if e.expires_at > timestamp.add_months(e.approved_at, max_months)

# An exception the process director approved, before the moment, for this recipient and category.
_exception_for(e, recipient, category, at) if {
	e.approved_by_role == "process_director"
	e.recipient == recipient
	category in e.categories
	e.approved_at <= at
}

# The broker passes revoked_at only once it is visible at the moment; the check is kept
# so that a replay with a later revocation in its facts cannot count it early.
_revoked(e, at) if {
	is_string(e.revoked_at)
	e.revoked_at <= at
}

# A statement without categories covers every category.
_covers(statement, recipient, _) if {
	statement.recipient == recipient
	statement.categories == null
}

_covers(statement, recipient, category) if {
	statement.recipient == recipient
	category in statement.categories
}

# Several grounds may hold; the lowest id is reported so that the decision is deterministic.
_first(ids) := sort(ids)[0]
