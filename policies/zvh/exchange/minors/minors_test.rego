package zvh.exchange.minors_test

import data.zvh.exchange.minors

_teen(month) := {"age_band": "13-17", "turns_16_in": month}

test_children_are_under_16 if {
	minors.under_16({"age_band": "0-3", "turns_16_in": null}, "2026-11-23T10:00:00.000Z")
	minors.under_16({"age_band": "4-12", "turns_16_in": null}, "2026-11-23T10:00:00.000Z")
}

test_adults_are_not if {
	not minors.under_16({"age_band": "18-23", "turns_16_in": null}, "2026-11-23T10:00:00.000Z")
}

test_a_teen_without_the_month_counts_as_under_16 if {
	minors.under_16(_teen(null), "2026-11-23T10:00:00.000Z")
}

test_a_teen_is_under_16_through_the_month_they_turn_16 if {
	minors.under_16(_teen("2026-11"), "2026-11-30T23:59:59.999Z")
	not minors.under_16(_teen("2026-11"), "2026-12-01T00:00:00.000Z")
	not minors.under_16(_teen("2026-10"), "2026-11-23T10:00:00.000Z")
}

test_the_legal_representative_may_give_consent_at_any_age if {
	minors.may_give({"given_by": "legal_representative", "given_at": "2026-11-23T10:00:00.000Z"}, _teen(null))
}

test_the_person_gives_consent_from_16 if {
	own := {"given_by": "person", "given_at": "2026-11-23T10:00:00.000Z"}
	minors.may_give(own, _teen("2026-10"))
	not minors.may_give(own, _teen("2026-11"))
	not minors.may_give(own, {"age_band": "4-12", "turns_16_in": null})
	minors.may_give(own, {"age_band": "24-54", "turns_16_in": null})
}
