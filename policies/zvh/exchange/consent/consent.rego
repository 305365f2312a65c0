# METADATA
# title: Consent and legal-ground exceptions
# description: |
#   Consent is per recipient organisation and optionally per category. An explicit
#   objection beats any consent; a withdrawal takes effect at the moment it is
#   recorded. Where consent cannot be asked, an exception approved by the process
#   director, limited in time and categories, is the ground instead, and it also
#   covers an objection: it exists for the cases where telling or asking the client
#   would be unsafe. When no consent ever held and the only exceptions there were ran
#   out, the denial says so: EXCEPTION_REVOKED or EXCEPTION_EXPIRED, not CONSENT_MISSING.
package zvh.exchange.consent

import data.zvh.lib.timestamp

# decide returns {"ground": {"type", "id"}} or {"deny": code}.
decide(facts, recipient, category, at) := {"ground": {"type": "exception", "id": id}} if {
	id := _first({e.id |
		some e in facts.exceptions
		_exception_applies(e, recipient, category, at)
	})
} else := {"deny": "CONSENT_OBJECTED"} if {
	some objection in facts.objections
	_covers(objection, recipient, category)
	timestamp.within(objection.made_at, objection.withdrawn_at, at)
} else := {"ground": {"type": "consent", "id": id}} if {
	id := _first({c.id |
		some c in facts.consents
		_covers(c, recipient, category)
		timestamp.within(c.given_at, c.withdrawn_at, at)
	})
} else := {"deny": "CONSENT_WITHDRAWN"} if {
	some c in facts.consents
	_covers(c, recipient, category)
	c.given_at <= at
	c.withdrawn_at != null
	c.withdrawn_at <= at
} else := {"deny": "EXCEPTION_REVOKED"} if {
	some e in facts.exceptions
	_exception_for(e, recipient, category, at)
	_revoked(e, at)
} else := {"deny": "EXCEPTION_EXPIRED"} if {
	some e in facts.exceptions
	_exception_for(e, recipient, category, at)
	e.expires_at <= at
} else := {"deny": "CONSENT_MISSING"}

_exception_applies(e, recipient, category, at) if {
	_exception_for(e, recipient, category, at)
	timestamp.within(e.approved_at, e.expires_at, at)
	not _revoked(e, at)
}

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
