package zvh.exchange.consent_test

import data.zvh.exchange.consent
import data.zvh.exchange.fixtures_test as fx

_at := fx.now

_facts(consents, objections, exceptions) := {
	"person": fx.base.person,
	"consents": consents,
	"objections": objections,
	"exceptions": exceptions,
}

# The police's incidents (criminal data) to youth care.
_flow := {
	"recipient": "jeugdzorg-cn",
	"category": "police_incidents",
	"at": _at,
	"provider": "politie-cn",
	"special": true,
}

_decide(facts) := consent.decide(facts, _flow, 3)

_given := fx.consent("k1", "jeugdzorg-cn", null, fx.earlier, null)

_objected := fx.objection("b1", "jeugdzorg-cn", null, fx.earlier, null)

_excepted := fx.exception("e1", "jeugdzorg-cn", ["police_incidents"], "process_director", fx.earlier, fx.soon)

# Consent

# A person in the band 13-17 who turns 16 in the month of `now`.
_turning_16 := {"age_band": "13-17", "turns_16_in": "2026-11"}

test_own_consent_under_16_is_no_ground if {
	facts := object.union(_facts([_given], [], []), {"person": _turning_16})
	_decide(facts) == {"deny": "CONSENT_GIVEN_UNDER_AGE"}
}

test_legal_representative_consents_under_16 if {
	given := object.union(_given, {"given_by": "legal_representative"})
	facts := object.union(_facts([given], [], []), {"person": _turning_16})
	_decide(facts) == {"ground": {"type": "consent", "id": "k1"}}
}

# The person's own consent, given once they turned 16, counts.
test_own_consent_from_16_is_a_ground if {
	given := fx.consent("k1", "jeugdzorg-cn", null, fx.now, null)
	facts := object.union(_facts([given], [], []), {"person": {"age_band": "13-17", "turns_16_in": "2026-10"}})
	_decide(facts) == {"ground": {"type": "consent", "id": "k1"}}
}

# A withdrawn consent given under 16 is withdrawn: the withdrawal is what counts now.
test_withdrawn_own_consent_under_16_is_withdrawn if {
	given := fx.consent("k1", "jeugdzorg-cn", null, fx.earlier, fx.just_before)
	facts := object.union(_facts([given], [], []), {"person": _turning_16})
	_decide(facts) == {"deny": "CONSENT_WITHDRAWN"}
}

test_no_facts_is_missing if {
	_decide(_facts([], [], [])) == {"deny": "CONSENT_MISSING"}
}

test_consent_for_every_category if {
	_decide(_facts([_given], [], [])) == {"ground": {"type": "consent", "id": "k1"}}
}

test_consent_for_this_category if {
	c := fx.consent("k1", "jeugdzorg-cn", ["identification", "police_incidents"], fx.earlier, null)
	_decide(_facts([c], [], [])) == {"ground": {"type": "consent", "id": "k1"}}
}

test_consent_for_other_categories_is_missing if {
	c := fx.consent("k1", "jeugdzorg-cn", ["identification"], fx.earlier, null)
	_decide(_facts([c], [], [])) == {"deny": "CONSENT_MISSING"}
}

test_consent_with_empty_category_list_covers_nothing if {
	c := fx.consent("k1", "jeugdzorg-cn", [], fx.earlier, null)
	_decide(_facts([c], [], [])) == {"deny": "CONSENT_MISSING"}
}

test_consent_for_another_recipient_is_missing if {
	c := fx.consent("k1", "om-bes", null, fx.earlier, null)
	_decide(_facts([c], [], [])) == {"deny": "CONSENT_MISSING"}
}

test_consent_given_exactly_at_counts if {
	c := fx.consent("k1", "jeugdzorg-cn", null, _at, null)
	_decide(_facts([c], [], [])) == {"ground": {"type": "consent", "id": "k1"}}
}

test_consent_given_later_is_missing if {
	c := fx.consent("k1", "jeugdzorg-cn", null, fx.just_after, null)
	_decide(_facts([c], [], [])) == {"deny": "CONSENT_MISSING"}
}

test_consent_given_later_and_withdrawn_is_missing if {
	c := fx.consent("k1", "jeugdzorg-cn", null, fx.just_after, fx.later)
	_decide(_facts([c], [], [])) == {"deny": "CONSENT_MISSING"}
}

# An inconsistent record (withdrawn before given) given after the exchange is no
# consent that could have been withdrawn at the exchange.
test_consent_given_later_with_earlier_withdrawal_is_missing if {
	c := fx.consent("k1", "jeugdzorg-cn", null, fx.just_after, fx.earlier)
	_decide(_facts([c], [], [])) == {"deny": "CONSENT_MISSING"}
}

test_consent_withdrawn_exactly_at_is_withdrawn if {
	c := fx.consent("k1", "jeugdzorg-cn", null, fx.earlier, _at)
	_decide(_facts([c], [], [])) == {"deny": "CONSENT_WITHDRAWN"}
}

test_consent_withdrawn_before_is_withdrawn if {
	c := fx.consent("k1", "jeugdzorg-cn", ["police_incidents"], fx.earlier, fx.just_before)
	_decide(_facts([c], [], [])) == {"deny": "CONSENT_WITHDRAWN"}
}

test_consent_withdrawn_a_millisecond_after_still_holds if {
	c := fx.consent("k1", "jeugdzorg-cn", null, fx.earlier, fx.just_after)
	_decide(_facts([c], [], [])) == {"ground": {"type": "consent", "id": "k1"}}
}

test_withdrawal_for_another_recipient_is_missing if {
	c := fx.consent("k1", "om-bes", null, fx.earlier, fx.just_before)
	_decide(_facts([c], [], [])) == {"deny": "CONSENT_MISSING"}
}

test_valid_consent_beats_a_withdrawn_one if {
	withdrawn := fx.consent("k1", "jeugdzorg-cn", null, fx.earlier, fx.just_before)
	renewed := fx.consent("k2", "jeugdzorg-cn", ["police_incidents"], fx.just_before, null)
	_decide(_facts([withdrawn, renewed], [], [])) == {"ground": {"type": "consent", "id": "k2"}}
}

test_lowest_consent_id_is_reported if {
	c := fx.consent("k9", "jeugdzorg-cn", null, fx.earlier, null)
	d := fx.consent("k10", "jeugdzorg-cn", null, fx.earlier, null)
	e := fx.consent("k2", "jeugdzorg-cn", null, fx.earlier, null)
	_decide(_facts([c, d, e], [], [])) == {"ground": {"type": "consent", "id": "k10"}}
}

# Objections

test_objection_beats_consent if {
	_decide(_facts([_given], [_objected], [])) == {"deny": "CONSENT_OBJECTED"}
}

test_objection_without_consent if {
	_decide(_facts([], [_objected], [])) == {"deny": "CONSENT_OBJECTED"}
}

test_objection_beats_a_withdrawal if {
	withdrawn := fx.consent("k1", "jeugdzorg-cn", null, fx.earlier, fx.just_before)
	_decide(_facts([withdrawn], [_objected], [])) == {"deny": "CONSENT_OBJECTED"}
}

test_objection_for_this_category if {
	o := fx.objection("b1", "jeugdzorg-cn", ["police_incidents"], fx.earlier, null)
	_decide(_facts([_given], [o], [])) == {"deny": "CONSENT_OBJECTED"}
}

test_objection_for_another_category_does_not_count if {
	o := fx.objection("b1", "jeugdzorg-cn", ["housing"], fx.earlier, null)
	_decide(_facts([_given], [o], [])) == {"ground": {"type": "consent", "id": "k1"}}
}

test_objection_against_another_recipient_does_not_count if {
	o := fx.objection("b1", "om-bes", null, fx.earlier, null)
	_decide(_facts([_given], [o], [])) == {"ground": {"type": "consent", "id": "k1"}}
}

test_withdrawn_objection_does_not_count if {
	o := fx.objection("b1", "jeugdzorg-cn", null, fx.earlier, fx.just_before)
	_decide(_facts([_given], [o], [])) == {"ground": {"type": "consent", "id": "k1"}}
}

test_objection_withdrawn_exactly_at_does_not_count if {
	o := fx.objection("b1", "jeugdzorg-cn", null, fx.earlier, _at)
	_decide(_facts([_given], [o], [])) == {"ground": {"type": "consent", "id": "k1"}}
}

test_objection_withdrawn_later_still_counts if {
	o := fx.objection("b1", "jeugdzorg-cn", null, fx.earlier, fx.just_after)
	_decide(_facts([_given], [o], [])) == {"deny": "CONSENT_OBJECTED"}
}

test_objection_made_exactly_at_counts if {
	o := fx.objection("b1", "jeugdzorg-cn", null, _at, null)
	_decide(_facts([_given], [o], [])) == {"deny": "CONSENT_OBJECTED"}
}

test_objection_made_later_does_not_count_yet if {
	o := fx.objection("b1", "jeugdzorg-cn", null, fx.just_after, null)
	_decide(_facts([_given], [o], [])) == {"ground": {"type": "consent", "id": "k1"}}
}

# Exceptions

test_exception_grounds_without_consent if {
	_decide(_facts([], [], [_excepted])) == {"ground": {"type": "exception", "id": "e1"}}
}

test_exception_beats_objection if {
	_decide(_facts([_given], [_objected], [_excepted])) == {"ground": {"type": "exception", "id": "e1"}}
}

test_exception_beats_consent if {
	_decide(_facts([_given], [], [_excepted])) == {"ground": {"type": "exception", "id": "e1"}}
}

test_exception_beats_withdrawal if {
	withdrawn := fx.consent("k1", "jeugdzorg-cn", null, fx.earlier, fx.just_before)
	_decide(_facts([withdrawn], [], [_excepted])) == {"ground": {"type": "exception", "id": "e1"}}
}

test_exception_approved_by_another_role_does_not_apply if {
	e := object.union(_excepted, {"approved_by_role": "case_director"})
	_decide(_facts([], [_objected], [e])) == {"deny": "CONSENT_OBJECTED"}
	_decide(_facts([], [], [e])) == {"deny": "CONSENT_MISSING"}
	_decide(_facts([_given], [], [e])) == {"ground": {"type": "consent", "id": "k1"}}
}

test_exception_for_another_recipient_does_not_apply if {
	e := object.union(_excepted, {"recipient": "om-bes"})
	_decide(_facts([], [], [e])) == {"deny": "CONSENT_MISSING"}
}

test_exception_for_another_category_does_not_apply if {
	e := object.union(_excepted, {"categories": ["identification"]})
	_decide(_facts([], [], [e])) == {"deny": "CONSENT_MISSING"}
}

test_exception_expired_exactly_at_does_not_apply if {
	e := object.union(_excepted, {"expires_at": _at})
	_decide(_facts([], [_objected], [e])) == {"deny": "CONSENT_OBJECTED"}
}

test_exception_expiring_a_millisecond_after_applies if {
	e := object.union(_excepted, {"expires_at": fx.just_after})
	_decide(_facts([], [], [e])) == {"ground": {"type": "exception", "id": "e1"}}
}

test_exception_approved_later_does_not_apply_yet if {
	e := object.union(_excepted, {"approved_at": fx.just_after})
	_decide(_facts([], [], [e])) == {"deny": "CONSENT_MISSING"}
}

test_lowest_applying_exception_id_is_reported if {
	e2 := object.union(_excepted, {"id": "e2"})
	e3 := object.union(_excepted, {"id": "e0", "approved_by_role": "case_director"})
	_decide(_facts([], [], [e2, _excepted, e3])) == {"ground": {"type": "exception", "id": "e1"}}
}

# Exceptions within limits

_for(reason) := object.union(_excepted, {"reason": reason})

_objected_after := fx.objection("b2", "jeugdzorg-cn", null, fx.just_before, null)

test_every_overriding_reason_beats_an_earlier_objection if {
	every reason in consent.overriding_reasons {
		_decide(_facts([], [_objected], [_for(reason)])) == {"ground": {"type": "exception", "id": "e1"}}
	}
}

test_unreachable_person_stands_in_for_consent if {
	_decide(_facts([], [], [_for("person_unreachable")])) == {"ground": {"type": "exception", "id": "e1"}}
}

test_unreachable_person_does_not_beat_an_objection if {
	_decide(_facts([], [_objected], [_for("person_unreachable")])) == {"deny": "EXCEPTION_REASON_CANNOT_OVERRIDE"}
}

test_objection_after_the_exception_suspends_it if {
	every reason in {"legal_obligation", "vital_interest"} {
		_decide(_facts([], [_objected_after], [_for(reason)])) == {"deny": "EXCEPTION_SUSPENDED_BY_OBJECTION"}
	}
}

test_objection_after_a_danger_exception_does_not_suspend_it if {
	_decide(_facts([], [_objected_after], [_excepted])) == {"ground": {"type": "exception", "id": "e1"}}
}

test_objection_made_before_but_recorded_after_the_approval_suspends_it if {
	o := object.union(_objected, {"recorded_at": fx.just_before})
	_decide(_facts([], [o], [_for("vital_interest")])) == {"deny": "EXCEPTION_SUSPENDED_BY_OBJECTION"}
}

test_objection_at_the_approval_does_not_suspend_it if {
	o := fx.objection("b1", "jeugdzorg-cn", null, _excepted.approved_at, null)
	_decide(_facts([], [o], [_for("legal_obligation")])) == {"ground": {"type": "exception", "id": "e1"}}
}

test_withdrawn_objection_after_the_exception_no_longer_suspends_it if {
	o := fx.objection("b2", "jeugdzorg-cn", null, fx.just_before, _at)
	_decide(_facts([], [o], [_for("legal_obligation")])) == {"ground": {"type": "exception", "id": "e1"}}
}

test_exception_approved_by_the_recipient_itself_is_no_ground if {
	e := object.union(_excepted, {"approved_by_organisation": "jeugdzorg-cn"})
	_decide(_facts([], [], [e])) == {"deny": "EXCEPTION_SELF_APPROVED"}
	_decide(_facts([], [_objected], [e])) == {"deny": "EXCEPTION_SELF_APPROVED"}
	_decide(_facts([_given], [], [e])) == {"ground": {"type": "consent", "id": "k1"}}
}

test_exception_of_exactly_the_maximum_term_applies if {
	e := object.union(_excepted, {"expires_at": "2027-02-01T00:00:00.000Z"})
	_decide(_facts([], [], [e])) == {"ground": {"type": "exception", "id": "e1"}}
}

test_exception_a_millisecond_over_the_maximum_term_is_no_ground if {
	e := object.union(_excepted, {"expires_at": "2027-02-01T00:00:00.001Z"})
	_decide(_facts([], [], [e])) == {"deny": "EXCEPTION_TERM_TOO_LONG"}
	_decide(_facts([], [_objected], [e])) == {"deny": "EXCEPTION_TERM_TOO_LONG"}
	_decide(_facts([_given], [], [e])) == {"ground": {"type": "consent", "id": "k1"}}
}

test_sound_exception_wins_over_an_unsound_one if {
	too_long := object.union(_excepted, {"id": "e0", "expires_at": "2099-01-01T00:00:00.000Z"})
	_decide(_facts([], [], [too_long, _excepted])) == {"ground": {"type": "exception", "id": "e1"}}
}

test_a_reason_that_cannot_override_is_named_before_a_suspension if {
	unreachable := object.union(_for("person_unreachable"), {"id": "e2"})
	_decide(_facts([], [_objected_after], [_for("legal_obligation"), unreachable])) == {"deny": "EXCEPTION_REASON_CANNOT_OVERRIDE"}
}
