# METADATA
# title: Test fixtures for the exchange policy
# description: |
#   A valid exchange request and builders for the stored facts it carries. Tests
#   change one thing at a time with object.union (which merges objects recursively
#   and replaces arrays), so every failing test names the one fact that denied.
#   The file name ends in _test.rego, so the bundle build leaves it out.
package zvh.exchange.fixtures_test

import data.zvh.exchange.covenant_fixture_test as cf

# The moment of every exchange unless a test says otherwise (the fixture covenant is in force).
now := "2026-11-23T10:00:00.000Z"

# One millisecond either side of now.
just_before := "2026-11-23T09:59:59.999Z"

just_after := "2026-11-23T10:00:00.001Z"

# Before the fixture covenant, so that fixture facts hold at every moment tests use.
long_ago := "2015-01-01T00:00:00.000Z"

earlier := "2026-11-01T00:00:00.000Z"

later := "2027-06-01T00:00:00.000Z"

# Within the fixture covenant's maximum exception term (three months) of `earlier`.
soon := "2027-01-15T00:00:00.000Z"

# The person's own consent (the fixture person is an adult).
consent(id, recipient, categories, given_at, withdrawn_at) := {
	"id": id,
	"recipient": recipient,
	"categories": categories,
	"given_by": "person",
	"given_at": given_at,
	"withdrawn_at": withdrawn_at,
}

# An objection recorded the moment it was made.
objection(id, recipient, categories, made_at, withdrawn_at) := {
	"id": id,
	"recipient": recipient,
	"categories": categories,
	"made_at": made_at,
	"recorded_at": made_at,
	"withdrawn_at": withdrawn_at,
}

# An exception for danger to those involved, approved by the process director's office
# and, at the same moment, by the police as the provider of the data.
exception(id, recipient, categories, approved_by_role, approved_at, expires_at) := {
	"id": id,
	"recipient": recipient,
	"categories": categories,
	"reason": "danger_to_those_involved",
	"approved_by_organisation": "zvh-bonaire",
	"approved_by_role": approved_by_role,
	"approved_at": approved_at,
	"expires_at": expires_at,
	"revoked_at": null,
	"provider_decisions": [provider_decision("politie-cn", "approved", approved_at)],
}

provider_decision(provider, decision, decided_at) := {
	"provider": provider,
	"decision": decision,
	"decided_at": decided_at,
}

# A formal request from the requester to the provider, decided (when not pending) at
# `earlier` and valid until `later`.
formal_request(id, requester, provider, purpose, categories, status) := {
	"id": id,
	"requester": requester,
	"provider": provider,
	"purpose": purpose,
	"categories": categories,
	"status": status,
	"decided_at": _decided_at(status),
	"expires_at": _expires_at(status),
}

_decided_at(status) := null if status == "pending"

_decided_at(status) := earlier if status != "pending"

_expires_at(status) := null if status != "approved"

_expires_at(status) := later if status == "approved"

# The police provide to youth care, for the case meeting, with the person's consent
# to share everything with youth care.
base := {
	"at": now,
	"network": "bonaire",
	"action": "pull",
	"purpose": "case_meeting",
	"categories": ["police_incidents"],
	"provider": {"organisation": "politie-cn"},
	"recipient": {"organisation": "jeugdzorg-cn", "role": "case_participant"},
	"signatories": cf.all_partners,
	"person": {"age_band": "24-54", "turns_16_in": null},
	"case": {
		"id": "c1",
		"phase": "case_meeting",
		"closed_at": null,
		"shadow_review_at": null,
		"participants": ["politie-cn", "jeugdzorg-cn"],
	},
	"consents": [consent("k1", "jeugdzorg-cn", null, long_ago, null)],
	"objections": [],
	"exceptions": [],
	"formal_requests": [],
}

# base with the given keys replaced (objects merged recursively, arrays replaced).
request(patch) := object.union(base, patch)

# base sent to another organisation: it takes part in the case and the person
# consented to share everything with it.
to(organisation) := request({
	"recipient": {"organisation": organisation},
	"case": {"participants": ["politie-cn", organisation]},
	"consents": [consent("k1", organisation, null, long_ago, null)],
})

# to(organisation) with further keys replaced.
to_with(organisation, patch) := object.union(to(organisation), patch)

# to(recipient) from another provider: both take part in the case.
between(provider, recipient, patch) := object.union(
	to_with(recipient, {
		"provider": {"organisation": provider},
		"case": {"participants": [provider, recipient]},
	}),
	patch,
)
