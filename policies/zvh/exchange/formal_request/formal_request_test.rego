package zvh.exchange.formal_request_test

import data.zvh.exchange.fixtures_test as fx
import data.zvh.exchange.formal_request

# politie-cn reuses, for a criminal investigation, what jeugdzorg-cn shared.
_exchange := {
	"recipient": "politie-cn",
	"provider": "jeugdzorg-cn",
	"purpose": "criminal_investigation",
	"at": fx.now,
}

_approved := fx.formal_request("f1", "politie-cn", "jeugdzorg-cn", "criminal_investigation", ["youth_care_involvement", "child_protection"], "approved")

_with(patch) := object.union(_approved, patch)

test_approved_for_exactly_this_purpose_and_category if {
	formal_request.approved([_approved], _exchange, "youth_care_involvement") == "f1"
	formal_request.approved([_approved], _exchange, "child_protection") == "f1"
}

test_no_requests if {
	not formal_request.approved([], _exchange, "youth_care_involvement")
}

test_pending if {
	r := fx.formal_request("f1", "politie-cn", "jeugdzorg-cn", "criminal_investigation", ["youth_care_involvement"], "pending")
	not formal_request.approved([r], _exchange, "youth_care_involvement")
}

test_refused if {
	r := fx.formal_request("f1", "politie-cn", "jeugdzorg-cn", "criminal_investigation", ["youth_care_involvement"], "refused")
	not formal_request.approved([r], _exchange, "youth_care_involvement")
}

test_status_approved_needs_a_decision_time if {
	not formal_request.approved([_with({"decided_at": null})], _exchange, "youth_care_involvement")
}

test_decided_exactly_at if {
	formal_request.approved([_with({"decided_at": fx.now})], _exchange, "youth_care_involvement") == "f1"
}

test_decided_later if {
	not formal_request.approved([_with({"decided_at": fx.just_after})], _exchange, "youth_care_involvement")
}

test_expired_exactly_at if {
	not formal_request.approved([_with({"expires_at": fx.now})], _exchange, "youth_care_involvement")
}

test_expired_before if {
	not formal_request.approved([_with({"expires_at": fx.just_before})], _exchange, "youth_care_involvement")
}

test_expiring_a_millisecond_after if {
	formal_request.approved([_with({"expires_at": fx.just_after})], _exchange, "youth_care_involvement") == "f1"
}

test_approval_without_expiry_approves_nothing if {
	not formal_request.approved([_with({"expires_at": null})], _exchange, "youth_care_involvement")
}

test_other_purpose if {
	not formal_request.approved([_with({"purpose": "prosecution"})], _exchange, "youth_care_involvement")
}

test_other_category if {
	not formal_request.approved([_approved], _exchange, "police_incidents")
}

test_other_provider if {
	not formal_request.approved([_with({"provider": "cjg-bonaire"})], _exchange, "youth_care_involvement")
}

test_other_requester if {
	not formal_request.approved([_with({"requester": "om-bes"})], _exchange, "youth_care_involvement")
}

test_lowest_approving_id_is_reported if {
	requests := [
		_with({"id": "f3"}),
		_with({"id": "f2"}),
		_with({"id": "f0", "status": "refused"}),
	]
	formal_request.approved(requests, _exchange, "youth_care_involvement") == "f2"
}

test_approving_request_found_among_others if {
	requests := [
		_with({"id": "f0", "purpose": "own_file"}),
		_with({"id": "f2", "categories": ["police_incidents"]}),
		_approved,
	]
	formal_request.approved(requests, _exchange, "youth_care_involvement") == "f1"
	formal_request.approved(requests, _exchange, "police_incidents") == "f2"
	not formal_request.approved(requests, _exchange, "housing")
}
