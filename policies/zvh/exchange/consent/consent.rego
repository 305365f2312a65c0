# METADATA
# title: Consent and legal-ground exceptions
# description: |
#   Consent is per recipient organisation and optionally per category. An explicit
#   objection beats any consent; a withdrawal takes effect at the moment it is
#   recorded. Where consent cannot be asked, an exception approved by the process
#   director, limited in time and categories, is the ground instead, and it also
#   covers an objection: it exists for the cases where telling or asking the client
#   would be unsafe.
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
} else := {"deny": "CONSENT_MISSING"}

_exception_applies(e, recipient, category, at) if {
	e.approved_by_role == "process_director"
	e.recipient == recipient
	category in e.categories
	timestamp.within(e.approved_at, e.expires_at, at)
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
