package zvh.exchange.case_level_test

import data.zvh.exchange.case_level
import data.zvh.exchange.fixtures_test as fx

_meeting := {"fields": ["meeting_date", "decisions", "next_meeting"], "case_level_fields": ["meeting_date", "next_meeting"]}

_housing := {"fields": ["situation", "eviction_risk"]}

test_a_flow_without_a_person_is_about_the_case if {
	case_level.about_the_case(fx.request({"person": null}))
	not case_level.about_the_case(fx.base)
}

test_a_category_with_case_level_fields_describes_the_case if {
	case_level.describes_the_case(_meeting)
	case_level.fields(_meeting) == {"meeting_date", "next_meeting"}
}

test_a_category_without_case_level_fields_is_about_a_person if {
	not case_level.describes_the_case(_housing)
	not case_level.describes_the_case(object.union(_housing, {"case_level_fields": []}))
	case_level.fields(_housing) == set()
}
