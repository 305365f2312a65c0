package zvh.exchange.asking_test

import data.zvh.exchange.asking
import data.zvh.exchange.fixtures_test as fx

_triage := {"asks_beyond_the_case": true}

_pull(participants) := {"action": "pull", "provider": {"organisation": "politie-cn"}, "case": {"participants": participants}}

test_a_provider_outside_the_case_is_asked_beyond_it if {
	asking.beyond_the_case(_triage, _pull(["jeugdzorg-cn"]))
}

test_a_participant_is_not_asked_beyond_the_case if {
	not asking.beyond_the_case(_triage, _pull(["politie-cn"]))
}

test_a_purpose_within_the_case_asks_no_one_beyond_it if {
	not asking.beyond_the_case({"asks_beyond_the_case": false}, _pull(["jeugdzorg-cn"]))
	not asking.beyond_the_case({}, _pull(["jeugdzorg-cn"]))
}

test_a_push_is_no_question if {
	not asking.beyond_the_case(_triage, object.union(_pull(["jeugdzorg-cn"]), {"action": "push"}))
}

_facts(consents, objections) := {"person": fx.base.person, "consents": consents, "objections": objections, "exceptions": []}

test_consent_to_the_provider_lets_it_be_asked if {
	not asking.denial(_facts([fx.consent("k1", "politie-cn", null, fx.long_ago, null)], []), "politie-cn", fx.now, 3)
}

test_no_consent_to_the_provider if {
	asking.denial(_facts([fx.consent("k1", "jeugdzorg-cn", null, fx.long_ago, null)], []), "politie-cn", fx.now, 3) == "ASKING_GROUND_MISSING"
}

test_an_objection_beats_consent_to_the_provider if {
	facts := _facts(
		[fx.consent("k1", "politie-cn", null, fx.long_ago, null)],
		[fx.objection("o1", "politie-cn", ["identification"], fx.earlier, null)],
	)
	asking.denial(facts, "politie-cn", fx.now, 3) == "ASKING_OBJECTED"
}
