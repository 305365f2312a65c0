package zvh.exchange.shadow_list_test

import data.zvh.exchange.shadow_list

_at := "2026-11-23T10:00:00.000Z"

_case(phase, review_at) := {"id": "c1", "phase": phase, "closed_at": null, "shadow_review_at": review_at, "participants": []}

test_review_due_from_the_review_date if {
	shadow_list.review_due(_case("shadow_list", _at), _at)
	shadow_list.review_due(_case("shadow_list", "2026-05-23T10:00:00.000Z"), _at)
}

test_review_not_due_a_millisecond_before_the_review_date if {
	not shadow_list.review_due(_case("shadow_list", "2026-11-23T10:00:00.001Z"), _at)
}

test_no_review_outside_the_shadow_list if {
	not shadow_list.review_due(_case("monitoring", null), _at)
	not shadow_list.review_due(_case("case_meeting", null), _at)
}

test_held_until_review_unless_the_covenant_names_the_category if {
	network := {"shadow_review_categories": ["signal", "case_involvement"]}
	not shadow_list.held_until_review(network, "signal")
	not shadow_list.held_until_review(network, "case_involvement")
	shadow_list.held_until_review(network, "care_plan_summary")
}

test_a_covenant_without_review_categories_holds_everything if {
	shadow_list.held_until_review({}, "signal")
}
