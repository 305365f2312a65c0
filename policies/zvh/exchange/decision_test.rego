# METADATA
# title: Exchange decision, end to end
# description: |
#   Evaluates the entrypoint on whole requests built from fixtures_test.base, one
#   changed fact at a time. Every deny reason code has a test that shows it in
#   decision.reasons with its category (or party) kept out of decision.permitted, and
#   a neighbouring test that shows the same request allowed once the fact is right.
package zvh.exchange_test

import data.zvh.exchange
import data.zvh.exchange.covenant_fixture_test as cf
import data.zvh.exchange.fixtures_test as fx

_decide(req) := d if {
	d := exchange.decision with input as req with data.zvh.covenants as cf.covenants
}

# _decide on the fixture covenant changed by a patch (objects merged, arrays replaced).
_decide_under(req, patch) := d if {
	d := exchange.decision with input as req with data.zvh.covenants as {"bonaire": object.union(cf.bonaire, patch)}
}

_label := cf.bonaire.version

# Obligations of an allowed case-process exchange for the given purpose.
_case_process_obligations(purpose) := [
	{"code": "NO_REUSE_WITHOUT_FORMAL_REQUEST"},
	{"code": "TAG_PURPOSE", "purpose": purpose},
]

# A request-level reason: present, and nothing flows.
_request_denied(d, reason) if {
	reason in d.reasons
	d.allow == false
	d.permitted == {}
	d.grounds == {}
	d.obligations == []
}

# A category-level reason: present with its category, which neither flows nor has a ground.
_category_denied(d, code, category) if {
	{"code": code, "category": category} in d.reasons
	not d.permitted[category]
	not d.grounds[category]
}

_consent_ground := {"type": "consent", "id": "k1"}

_police_incidents_for_youth := ["incident_date", "incident_type", "role_in_incident"]

_police_incidents_for_justice := ["incident_date", "incident_type", "report_number", "role_in_incident", "summary"]

# ---------------------------------------------------------------------------
# Happy paths

test_base_request_is_allowed_with_exact_decision if {
	_decide(fx.base) == {
		"allow": true,
		"reasons": [],
		"permitted": {"police_incidents": _police_incidents_for_youth},
		"grounds": {"police_incidents": _consent_ground},
		"obligations": _case_process_obligations("case_meeting"),
		"covenant": _label,
	}
}

test_police_incidents_to_youth_domain_leaves_out_summary_and_report_number if {
	d := _decide(fx.base)
	d.permitted.police_incidents == _police_incidents_for_youth
	not "summary" in d.permitted.police_incidents
	not "report_number" in d.permitted.police_incidents
}

test_police_incidents_to_justice_domain_includes_summary_and_report_number if {
	_decide(fx.to("reclassering-cn")) == {
		"allow": true,
		"reasons": [],
		"permitted": {"police_incidents": _police_incidents_for_justice},
		"grounds": {"police_incidents": _consent_ground},
		"obligations": _case_process_obligations("case_meeting"),
		"covenant": _label,
	}
}

# The example request of the broker (what the police hold, to youth care).
test_three_categories_to_youth_care if {
	d := _decide(fx.request({"categories": ["police_incidents", "police_reports", "identification"]}))
	d == {
		"allow": true,
		"reasons": [],
		"permitted": {
			"police_incidents": _police_incidents_for_youth,
			"police_reports": ["report_date", "report_type", "reporting_party_role", "status"],
			"identification": ["address", "date_of_birth", "family_name", "given_names"],
		},
		"grounds": {
			"police_incidents": _consent_ground,
			"police_reports": _consent_ground,
			"identification": _consent_ground,
		},
		"obligations": _case_process_obligations("case_meeting"),
		"covenant": _label,
	}
}

test_restricted_field_open_to_listed_domain if {
	d := _decide(fx.between("reclassering-cn", "politie-cn", {"categories": ["probation_supervision"]}))
	d.allow
	d.permitted == {"probation_supervision": ["conditions", "end_date", "probation_officer", "supervision_type"]}
}

test_restricted_field_closed_to_other_domain if {
	# care_type of addiction care is for the care and justice domains only.
	d := _decide(fx.between("krusada", "zvh-bonaire", {"categories": ["addiction_care"]}))
	d.allow
	d.permitted == {"addiction_care": ["contact_person", "in_treatment"]}
}

test_consent_for_the_category_only if {
	k := fx.consent("k7", "jeugdzorg-cn", ["police_incidents"], fx.earlier, null)
	d := _decide(fx.request({"consents": [k]}))
	d.allow
	d.grounds == {"police_incidents": {"type": "consent", "id": "k7"}}
}

test_push_is_decided_like_pull if {
	_decide(fx.request({"action": "push"})) == _decide(fx.base)
}

test_case_director_may_receive if {
	d := _decide(fx.request({"recipient": {"role": "case_director"}}))
	d.allow
	d.reasons == []
}

test_monitoring_phase_for_case_meeting_purpose if {
	d := _decide(fx.request({"case": {"phase": "monitoring"}}))
	d.allow
	d.reasons == []
}

# ---------------------------------------------------------------------------
# Partial decisions

test_partial_one_category_permitted_one_denied if {
	k := fx.consent("k1", "jeugdzorg-cn", ["police_incidents"], fx.earlier, null)
	d := _decide(fx.request({"categories": ["police_incidents", "police_reports"], "consents": [k]}))
	d == {
		"allow": true,
		"reasons": [{"code": "CONSENT_MISSING", "category": "police_reports"}],
		"permitted": {"police_incidents": _police_incidents_for_youth},
		"grounds": {"police_incidents": _consent_ground},
		"obligations": _case_process_obligations("case_meeting"),
		"covenant": _label,
	}
	_category_denied(d, "CONSENT_MISSING", "police_reports")
}

test_partial_with_unknown_category if {
	d := _decide(fx.request({"categories": ["police_incidents", "shoe_size"]}))
	d.allow
	d.reasons == [{"code": "CATEGORY_UNKNOWN", "category": "shoe_size"}]
	d.permitted == {"police_incidents": _police_incidents_for_youth}
	_category_denied(d, "CATEGORY_UNKNOWN", "shoe_size")
}

test_every_category_denied_is_not_allowed if {
	d := _decide(fx.request({"categories": ["police_incidents", "shoe_size"], "consents": []}))
	d == {
		"allow": false,
		"reasons": [
			{"code": "CONSENT_MISSING", "category": "police_incidents"},
			{"code": "CATEGORY_UNKNOWN", "category": "shoe_size"},
		],
		"permitted": {},
		"grounds": {},
		"obligations": [],
		"covenant": _label,
	}
}

test_request_reason_denies_every_category if {
	d := _decide(fx.request({"categories": ["police_incidents", "school_attendance"], "recipient": {"role": "privacy_officer"}}))
	_request_denied(d, {"code": "ROLE_NOT_PERMITTED"})
	not d.permitted.police_incidents
	not d.permitted.school_attendance
}

test_request_reasons_accumulate if {
	d := _decide(fx.request({"recipient": {"role": "privacy_officer"}, "case": {"participants": ["politie-cn"]}}))
	d.reasons == [_not_participant_recipient, {"code": "ROLE_NOT_PERMITTED"}]
	_request_denied(d, _not_participant_recipient)
}

# ---------------------------------------------------------------------------
# INPUT_INVALID

_invalid_decision := {
	"allow": false,
	"reasons": [{"code": "INPUT_INVALID"}],
	"permitted": {},
	"grounds": {},
	"obligations": [],
	"covenant": null,
}

test_input_invalid_empty if {
	_decide({}) == _invalid_decision
}

test_input_invalid_not_an_object if {
	_decide(["police_incidents"]) == _invalid_decision
}

test_input_invalid_missing_at if {
	d := _decide(object.remove(fx.base, ["at"]))
	d == _invalid_decision
	not d.permitted.police_incidents
}

test_input_invalid_at_with_offset if {
	_decide(fx.request({"at": "2026-11-23T10:00:00.000+00:00"})) == _invalid_decision
}

test_input_invalid_unknown_action if {
	_decide(fx.request({"action": "delete"})) == _invalid_decision
}

test_input_invalid_categories_not_a_list if {
	_decide(fx.request({"categories": "police_incidents"})) == _invalid_decision
}

test_input_invalid_no_categories if {
	_decide(fx.request({"categories": []})) == _invalid_decision
}

test_input_invalid_malformed_consent if {
	k := object.remove(fx.consent("k1", "jeugdzorg-cn", null, fx.earlier, null), ["given_at"])
	_decide(fx.request({"consents": [k]})) == _invalid_decision
}

test_input_invalid_malformed_formal_request if {
	r := object.union(
		fx.formal_request("f1", "politie-cn", "jeugdzorg-cn", "criminal_investigation", ["police_incidents"], "approved"),
		{"status": "granted"},
	)
	_decide(fx.request({"formal_requests": [r]})) == _invalid_decision
}

# ---------------------------------------------------------------------------
# NETWORK_UNKNOWN

test_network_unknown if {
	d := _decide(fx.request({"network": "curacao"}))
	d == {
		"allow": false,
		"reasons": [{"code": "NETWORK_UNKNOWN"}],
		"permitted": {},
		"grounds": {},
		"obligations": [],
		"covenant": null,
	}
	not d.permitted.police_incidents
}

# ---------------------------------------------------------------------------
# COVENANT_NOT_IN_FORCE: the fixture covenant is in force from 24 January 2020, the day
# the Bonaire covenant was signed, up to 1 January 2028.

_not_in_force(d) if {
	d.reasons == [{"code": "COVENANT_NOT_IN_FORCE"}]
	_request_denied(d, {"code": "COVENANT_NOT_IN_FORCE"})
	not d.permitted.police_incidents
	d.covenant == null
}

_not_in_force_at(at) if _not_in_force(_decide(fx.request({"at": at})))

test_covenant_not_in_force_before_not_before if {
	_not_in_force_at("2020-01-23T23:59:59.999Z")
	_not_in_force_at("2016-03-01T00:00:00.000Z")
}

# Between the end of the covenant of 2015 (end 2019) and the signing of the new one,
# the bundle has no covenant in force: nothing flows.
test_covenant_not_in_force_between_the_old_covenant_and_the_signing if {
	_not_in_force_at("2020-01-01T00:00:00.000Z")
	_not_in_force_at("2020-01-22T12:00:00.000Z")
}

test_covenant_not_in_force_from_not_after if {
	_not_in_force_at("2028-01-01T00:00:00.000Z")
	_not_in_force_at("2030-06-01T00:00:00.000Z")
}

test_covenant_in_force_from_its_first_millisecond if {
	d := _decide(fx.request({"at": "2020-01-24T00:00:00.000Z"}))
	d.allow
	d.covenant == _label
}

test_covenant_in_force_until_its_last_millisecond if {
	d := _decide(fx.request({"at": "2027-12-31T23:59:59.999Z"}))
	d.allow
	d.covenant == _label
	d.permitted == {"police_incidents": _police_incidents_for_youth}
}

test_covenant_that_ended_yesterday_is_not_in_force if {
	_not_in_force(_decide_under(fx.base, {"not_after": "2026-11-22T10:00:00.000Z"}))
}

test_covenant_ending_a_millisecond_after_the_exchange_is_in_force if {
	_decide_under(fx.base, {"not_after": fx.just_after}).allow
}

test_covenant_ending_at_the_exchange_is_not_in_force if {
	_not_in_force(_decide_under(fx.base, {"not_after": fx.now}))
}

test_covenant_renewal_not_yet_begun_is_not_in_force if {
	_not_in_force(_decide_under(fx.base, {"not_before": fx.just_after}))
	_decide_under(fx.base, {"not_before": fx.now}).allow
}

test_covenant_without_validity_is_never_in_force if {
	_not_in_force(_decide_under(fx.base, {"not_after": null}))
	_not_in_force(_decide_under(fx.base, {"not_before": "2020-01-24"}))
}

# ---------------------------------------------------------------------------
# PARTNER_NOT_SIGNATORY: a party is a partner named in the covenant that holds a
# standing acceptance of it (input.signatories).

_not_signatory_recipient := {"code": "PARTNER_NOT_SIGNATORY", "party": "recipient"}

_not_signatory_provider := {"code": "PARTNER_NOT_SIGNATORY", "party": "provider"}

# Every partner of the fixture but one holds an acceptance.
_signatories_without(organisation) := [o | some o in cf.all_partners; o != organisation]

test_partner_not_signatory_recipient_not_in_covenant if {
	d := _decide(fx.to_with("acme", {"signatories": array.concat(cf.all_partners, ["acme"])}))
	_request_denied(d, _not_signatory_recipient)
	not _not_signatory_provider in d.reasons
	not d.permitted.police_incidents
	d.covenant == _label
}

test_partner_not_signatory_provider_not_in_covenant if {
	d := _decide(fx.request({"provider": {"organisation": "acme"}, "case": {"participants": ["acme", "jeugdzorg-cn"]}}))
	d.reasons == [_not_signatory_provider]
	_request_denied(d, _not_signatory_provider)
	not d.permitted.police_incidents
}

test_partner_not_signatory_both_parties if {
	d := _decide(fx.to_with("acme", {"provider": {"organisation": "acme"}}))
	_request_denied(d, _not_signatory_provider)
	_request_denied(d, _not_signatory_recipient)
}

test_partner_not_signatory_recipient_without_acceptance if {
	d := _decide(fx.request({"signatories": _signatories_without("jeugdzorg-cn")}))
	d.reasons == [_not_signatory_recipient]
	_request_denied(d, _not_signatory_recipient)
	not d.permitted.police_incidents
}

test_partner_not_signatory_provider_without_acceptance if {
	d := _decide(fx.request({"signatories": _signatories_without("politie-cn")}))
	d.reasons == [_not_signatory_provider]
	_request_denied(d, _not_signatory_provider)
}

test_partner_not_signatory_when_nobody_accepted if {
	d := _decide(fx.request({"signatories": []}))
	d.reasons == [_not_signatory_provider, _not_signatory_recipient]
}

test_two_signatories_suffice if {
	d := _decide(fx.request({"signatories": ["jeugdzorg-cn", "politie-cn"]}))
	d.allow
	d.permitted == {"police_incidents": _police_incidents_for_youth}
}

test_partner_no_longer_named_in_the_covenant_is_not_signatory if {
	partners := object.remove(cf.bonaire.partners, ["jeugdzorg-cn"])
	d := exchange.decision with input as fx.base
		with data.zvh.covenants as {"bonaire": object.union(object.remove(cf.bonaire, ["partners"]), {"partners": partners})}
	d.reasons == [_not_signatory_recipient]
	_request_denied(d, _not_signatory_recipient)
}

# ---------------------------------------------------------------------------
# PURPOSE_UNKNOWN

test_purpose_unknown if {
	d := _decide(fx.request({"purpose": "marketing"}))
	d.reasons == [{"code": "PURPOSE_UNKNOWN"}]
	_request_denied(d, {"code": "PURPOSE_UNKNOWN"})
	not d.permitted.police_incidents
	d.covenant == _label
}

# ---------------------------------------------------------------------------
# PURPOSE_PHASE_MISMATCH

_triage(phase) := fx.request({
	"purpose": "triage",
	"categories": ["case_involvement"],
	"recipient": {"role": "process_director"},
	"case": {"phase": phase},
})

test_purpose_phase_mismatch_triage_in_case_meeting if {
	d := _decide(_triage("case_meeting"))
	d.reasons == [{"code": "PURPOSE_PHASE_MISMATCH"}]
	_request_denied(d, {"code": "PURPOSE_PHASE_MISMATCH"})
	not d.permitted.case_involvement
}

test_purpose_phase_mismatch_case_meeting_after_closing if {
	d := _decide(fx.request({"case": {"phase": "closed"}}))
	d.reasons == [{"code": "PURPOSE_PHASE_MISMATCH"}]
	not d.permitted.police_incidents
}

test_triage_in_triage_phase if {
	d := _decide(_triage("triage"))
	d == {
		"allow": true,
		"reasons": [],
		"permitted": {"case_involvement": ["contact_person", "contact_phone", "involved", "involved_since"]},
		"grounds": {"case_involvement": _consent_ground},
		"obligations": _case_process_obligations("triage"),
		"covenant": _label,
	}
}

test_triage_in_registration_phase if {
	_decide(_triage("registration")).allow
}

# ---------------------------------------------------------------------------
# NOT_CASE_PARTICIPANT

_not_participant_recipient := {"code": "NOT_CASE_PARTICIPANT", "party": "recipient"}

_not_participant_provider := {"code": "NOT_CASE_PARTICIPANT", "party": "provider"}

test_not_case_participant if {
	d := _decide(fx.request({"case": {"participants": ["politie-cn", "om-bes"]}}))
	d.reasons == [_not_participant_recipient]
	_request_denied(d, _not_participant_recipient)
	not d.permitted.police_incidents
}

test_not_case_participant_with_consent_and_signature if {
	d := _decide(fx.to_with("om-bes", {"case": {"participants": ["politie-cn", "jeugdzorg-cn"]}}))
	_request_denied(d, _not_participant_recipient)
}

test_provider_outside_the_case_is_not_asked if {
	d := _decide(fx.request({"case": {"participants": ["jeugdzorg-cn", "om-bes"]}}))
	d.reasons == [_not_participant_provider]
	_request_denied(d, _not_participant_provider)
	not d.permitted.police_incidents
}

test_provider_outside_the_case_is_not_asked_for_reuse if {
	reuse := fx.request({"purpose": "criminal_investigation", "case": {"participants": ["jeugdzorg-cn"]}})
	_request_denied(_decide(reuse), _not_participant_provider)
}

# Triage asks the police, who take no part in the case: the person consented to sharing
# with youth care (the fixture's recipient) and, unless a test says otherwise, with the police.
_triage_beyond_the_case(patch) := object.union(
	object.union(_triage("triage"), {
		"case": {"participants": ["jeugdzorg-cn"]},
		"consents": [
			fx.consent("k1", "jeugdzorg-cn", null, fx.long_ago, null),
			fx.consent("k2", "politie-cn", null, fx.long_ago, null),
		],
	}),
	patch,
)

_asking_objected := {"code": "ASKING_OBJECTED", "party": "provider"}

_asking_ground_missing := {"code": "ASKING_GROUND_MISSING", "party": "provider"}

test_triage_asks_a_provider_outside_the_case if {
	d := _decide(_triage_beyond_the_case({}))
	d.allow
	d.reasons == []
}

# ---------------------------------------------------------------------------
# ASKING_OBJECTED, ASKING_GROUND_MISSING (issue 14, finding 4)

test_triage_does_not_ask_a_provider_the_person_objected_to if {
	d := _decide(_triage_beyond_the_case({"objections": [fx.objection("o1", "politie-cn", null, fx.earlier, null)]}))
	d.reasons == [_asking_objected]
	_request_denied(d, _asking_objected)
}

test_triage_does_not_ask_a_provider_without_consent if {
	d := _decide(_triage_beyond_the_case({"consents": [fx.consent("k1", "jeugdzorg-cn", null, fx.long_ago, null)]}))
	d.reasons == [_asking_ground_missing]
	_request_denied(d, _asking_ground_missing)
}

test_triage_does_not_ask_a_provider_whose_consent_was_withdrawn if {
	d := _decide(_triage_beyond_the_case({"consents": [
		fx.consent("k1", "jeugdzorg-cn", null, fx.long_ago, null),
		fx.consent("k2", "politie-cn", null, fx.long_ago, fx.earlier),
	]}))
	d.reasons == [_asking_ground_missing]
}

# The question discloses who the person is: consent to share other categories with the
# provider is no ground for it.
test_triage_does_not_ask_a_provider_on_consent_for_other_categories if {
	d := _decide(_triage_beyond_the_case({"consents": [
		fx.consent("k1", "jeugdzorg-cn", null, fx.long_ago, null),
		fx.consent("k2", "politie-cn", ["police_incidents"], fx.long_ago, null),
	]}))
	d.reasons == [_asking_ground_missing]
}

test_triage_asks_a_provider_on_consent_to_identification if {
	d := _decide(_triage_beyond_the_case({"consents": [
		fx.consent("k1", "jeugdzorg-cn", null, fx.long_ago, null),
		fx.consent("k2", "politie-cn", ["identification"], fx.long_ago, null),
	]}))
	d.allow
}

# An objection to other categories leaves the question to the provider on its consent.
test_triage_asks_a_provider_despite_an_objection_to_other_categories if {
	d := _decide(_triage_beyond_the_case({"objections": [fx.objection("o1", "politie-cn", ["police_incidents"], fx.earlier, null)]}))
	d.allow
}

test_triage_asks_a_provider_once_the_objection_was_withdrawn if {
	d := _decide(_triage_beyond_the_case({"objections": [fx.objection("o1", "politie-cn", null, fx.long_ago, fx.earlier)]}))
	d.allow
}

test_triage_asks_a_provider_on_an_exception if {
	d := _decide(_triage_beyond_the_case({
		"consents": [fx.consent("k1", "jeugdzorg-cn", null, fx.long_ago, null)],
		"exceptions": [fx.exception("e1", "politie-cn", ["identification"], "process_director", fx.earlier, fx.soon)],
	}))
	d.allow
}

# The exception's limits hold for the question too: one the police approved for
# themselves is no ground to ask them.
test_triage_does_not_ask_a_provider_on_its_own_exception if {
	e := object.union(
		fx.exception("e1", "politie-cn", ["identification"], "process_director", fx.earlier, fx.soon),
		{"approved_by_organisation": "politie-cn"},
	)
	d := _decide(_triage_beyond_the_case({
		"consents": [fx.consent("k1", "jeugdzorg-cn", null, fx.long_ago, null)],
		"exceptions": [e],
	}))
	d.reasons == [_asking_ground_missing]
}

# Danger overrides the objection, as it does for any recipient.
test_triage_asks_a_provider_the_person_objected_to_for_danger if {
	d := _decide(_triage_beyond_the_case({
		"objections": [fx.objection("o1", "politie-cn", null, fx.earlier, null)],
		"exceptions": [fx.exception("e1", "politie-cn", ["identification"], "process_director", fx.earlier, fx.soon)],
	}))
	d.allow
}

test_triage_does_not_ask_a_provider_the_person_objected_to_for_an_unreachable_person if {
	e := object.union(
		fx.exception("e1", "politie-cn", ["identification"], "process_director", fx.earlier, fx.soon),
		{"reason": "person_unreachable"},
	)
	d := _decide(_triage_beyond_the_case({
		"objections": [fx.objection("o1", "politie-cn", null, fx.earlier, null)],
		"exceptions": [e],
	}))
	d.reasons == [_asking_objected]
}

# A participant already knows the person is discussed in the case: asking it discloses nothing new.
test_triage_asks_a_participant_without_its_consent if {
	d := _decide(object.union(_triage("triage"), {"objections": [fx.objection("o1", "politie-cn", null, fx.earlier, null)]}))
	d.allow
}

# A push is the provider's own disclosure, not a question to it.
test_triage_push_from_outside_the_case_is_not_a_question if {
	d := _decide(_triage_beyond_the_case({
		"action": "push",
		"objections": [fx.objection("o1", "politie-cn", null, fx.earlier, null)],
	}))
	d.allow
}

test_neither_party_in_the_case if {
	d := _decide(fx.request({"case": {"participants": ["om-bes"]}}))
	d.reasons == [_not_participant_provider, _not_participant_recipient]
}

# ---------------------------------------------------------------------------
# ROLE_NOT_PERMITTED

test_role_not_permitted_privacy_officer if {
	d := _decide(fx.request({"recipient": {"role": "privacy_officer"}}))
	d.reasons == [{"code": "ROLE_NOT_PERMITTED"}]
	_request_denied(d, {"code": "ROLE_NOT_PERMITTED"})
	not d.permitted.police_incidents
}

test_role_not_permitted_case_participant_for_triage if {
	d := _decide(fx.request({
		"purpose": "triage",
		"categories": ["case_involvement"],
		"case": {"phase": "triage"},
	}))
	d.reasons == [{"code": "ROLE_NOT_PERMITTED"}]
	not d.permitted.case_involvement
}

test_role_not_permitted_privacy_officer_for_reuse if {
	r := fx.formal_request("f1", "politie-cn", "jeugdzorg-cn", "criminal_investigation", ["youth_care_involvement"], "approved")
	d := _decide(object.union(_reuse([r]), {"recipient": {"role": "privacy_officer"}}))
	d.reasons == [{"code": "ROLE_NOT_PERMITTED"}]
	not d.permitted.youth_care_involvement
}

# ---------------------------------------------------------------------------
# RETENTION_EXPIRED: the coordinator evaluates a closed case.

_evaluation(closed_at) := fx.to_with("zvh-bonaire", {
	"purpose": "evaluation",
	"categories": ["meeting_outcome"],
	"recipient": {"role": "process_director"},
	"case": {"phase": "closed", "closed_at": closed_at},
})

test_retention_expired_a_year_and_a_millisecond_after_closing if {
	d := _decide(_evaluation("2025-11-23T09:59:59.999Z"))
	d.reasons == [{"code": "RETENTION_EXPIRED"}]
	_request_denied(d, {"code": "RETENTION_EXPIRED"})
	not d.permitted.meeting_outcome
}

test_retention_expired_exactly_a_year_after_closing if {
	d := _decide(_evaluation("2025-11-23T10:00:00.000Z"))
	d.reasons == [{"code": "RETENTION_EXPIRED"}]
	_request_denied(d, {"code": "RETENTION_EXPIRED"})
	not d.permitted.meeting_outcome
}

test_retention_kept_a_millisecond_less_than_a_year_after_closing if {
	d := _decide(_evaluation("2025-11-23T10:00:00.001Z"))
	d == {
		"allow": true,
		"reasons": [],
		"permitted": {"meeting_outcome": ["decisions", "meeting_date", "next_meeting"]},
		"grounds": {"meeting_outcome": _consent_ground},
		"obligations": _case_process_obligations("evaluation"),
		"covenant": _label,
	}
}

test_retention_expired_also_for_reuse if {
	r := fx.formal_request("f1", "politie-cn", "jeugdzorg-cn", "criminal_investigation", ["youth_care_involvement"], "approved")
	d := _decide(object.union(_reuse([r]), {"case": {"phase": "closed", "closed_at": "2025-01-01T00:00:00.000Z"}}))
	d.reasons == [{"code": "RETENTION_EXPIRED"}]
	not d.permitted.youth_care_involvement
}

# ---------------------------------------------------------------------------
# CATEGORY_UNKNOWN

test_category_unknown if {
	d := _decide(fx.request({"categories": ["shoe_size"]}))
	d.allow == false
	d.reasons == [{"code": "CATEGORY_UNKNOWN", "category": "shoe_size"}]
	_category_denied(d, "CATEGORY_UNKNOWN", "shoe_size")
	d.permitted == {}
}

# ---------------------------------------------------------------------------
# CATEGORY_DISPROPORTIONATE

_monitoring(categories) := fx.request({
	"purpose": "monitoring",
	"categories": categories,
	"case": {"phase": "monitoring"},
})

test_category_disproportionate_identification_for_monitoring if {
	d := _decide(_monitoring(["identification"]))
	d.allow == false
	d.reasons == [{"code": "CATEGORY_DISPROPORTIONATE", "category": "identification"}]
	_category_denied(d, "CATEGORY_DISPROPORTIONATE", "identification")
}

test_category_disproportionate_police_incidents_for_triage if {
	d := _decide(object.union(_triage("triage"), {"categories": ["police_incidents"]}))
	d.reasons == [{"code": "CATEGORY_DISPROPORTIONATE", "category": "police_incidents"}]
	_category_denied(d, "CATEGORY_DISPROPORTIONATE", "police_incidents")
}

test_proportionate_category_for_monitoring if {
	d := _decide(_monitoring(["action_status", "identification"]))
	d.allow
	d.permitted == {"action_status": ["action", "action_id", "due_date", "owner", "status"]}
	_category_denied(d, "CATEGORY_DISPROPORTIONATE", "identification")
}

# ---------------------------------------------------------------------------
# SHADOW_REVIEW_DUE: the follow-up of a case parked on the shadow list, whose review
# is due half a year after it went there.

_on_shadow_list(review_at) := fx.between("mhc", "jeugdzorg-cn", {
	"purpose": "monitoring",
	"categories": ["care_plan_summary", "signal"],
	"case": {"phase": "shadow_list", "shadow_review_at": review_at},
})

test_shadow_review_due_holds_all_but_what_the_review_needs if {
	d := _decide(_on_shadow_list("2026-05-23T10:00:00.000Z"))
	d.allow
	d.reasons == [{"code": "SHADOW_REVIEW_DUE", "category": "care_plan_summary"}]
	_category_denied(d, "SHADOW_REVIEW_DUE", "care_plan_summary")
	d.permitted == {"signal": ["description", "signal_date", "signal_type"]}
}

test_shadow_review_due_from_the_review_date_itself if {
	d := _decide(_on_shadow_list(fx.now))
	_category_denied(d, "SHADOW_REVIEW_DUE", "care_plan_summary")
}

test_shadow_review_due_holds_a_reuse_too if {
	r := fx.formal_request("f1", "jeugdzorg-cn", "politie-cn", "child_protection_investigation", ["police_incidents"], "approved")
	d := _decide(fx.request({
		"purpose": "child_protection_investigation",
		"case": {"phase": "shadow_list", "shadow_review_at": fx.earlier},
		"formal_requests": [r],
	}))
	d.reasons == [{"code": "SHADOW_REVIEW_DUE", "category": "police_incidents"}]
	d.allow == false
}

test_shadow_list_before_the_review_date_flows_as_in_monitoring if {
	d := _decide(_on_shadow_list(fx.just_after))
	d == {
		"allow": true,
		"reasons": [],
		"permitted": {
			"care_plan_summary": ["goals", "next_review", "status"],
			"signal": ["description", "signal_date", "signal_type"],
		},
		"grounds": {"care_plan_summary": _consent_ground, "signal": _consent_ground},
		"obligations": _case_process_obligations("monitoring"),
		"covenant": _label,
	}
}

test_shadow_review_without_categories_in_the_covenant_holds_everything if {
	d := _decide_under(_on_shadow_list(fx.earlier), {"shadow_review_categories": []})
	d.allow == false
	_category_denied(d, "SHADOW_REVIEW_DUE", "signal")
	_category_denied(d, "SHADOW_REVIEW_DUE", "care_plan_summary")
}

# ---------------------------------------------------------------------------
# PERSONAL_DATA_WITHOUT_PERSON: the case director pushes the meeting's logistics to the
# participants, about the case as a whole (no person, so no statements either).

_case_update(categories) := fx.request({
	"action": "push",
	"categories": categories,
	"person": null,
	"consents": [],
})

test_case_update_without_a_person_carries_the_case_process_without_consent if {
	d := _decide(_case_update(["action_status", "meeting_outcome"]))
	d == {
		"allow": true,
		"reasons": [],
		"permitted": {
			"action_status": ["action", "action_id", "due_date", "owner", "status"],
			"meeting_outcome": ["meeting_date", "next_meeting"],
		},
		"grounds": {
			"action_status": {"type": "case_process", "id": "c1"},
			"meeting_outcome": {"type": "case_process", "id": "c1"},
		},
		"obligations": _case_process_obligations("case_meeting"),
		"covenant": _label,
	}
}

test_case_update_without_a_person_never_carries_personal_data if {
	d := _decide(_case_update(["meeting_outcome", "police_reports", "police_incidents"]))
	d.allow
	d.reasons == [
		{"code": "PERSONAL_DATA_WITHOUT_PERSON", "category": "police_incidents"},
		{"code": "PERSONAL_DATA_WITHOUT_PERSON", "category": "police_reports"},
	]
	_category_denied(d, "PERSONAL_DATA_WITHOUT_PERSON", "police_reports")
	_category_denied(d, "PERSONAL_DATA_WITHOUT_PERSON", "police_incidents")
	d.permitted == {"meeting_outcome": ["meeting_date", "next_meeting"]}
}

test_case_update_without_a_person_still_follows_the_matrix_and_the_phase if {
	d := _decide(object.union(_case_update(["meeting_outcome"]), {"case": {"phase": "closed", "closed_at": fx.earlier}}))
	_request_denied(d, {"code": "PURPOSE_PHASE_MISMATCH"})
}

test_case_update_without_a_person_is_no_reuse if {
	d := _decide(object.union(_case_update(["action_status"]), {"purpose": "own_file"}))
	_category_denied(d, "FORMAL_REQUEST_REQUIRED", "action_status")
}

test_meeting_outcome_about_a_person_carries_the_decisions_with_consent if {
	d := _decide(fx.request({"action": "push", "categories": ["meeting_outcome"]}))
	d.permitted == {"meeting_outcome": ["decisions", "meeting_date", "next_meeting"]}
	d.grounds == {"meeting_outcome": _consent_ground}
}

test_meeting_outcome_about_a_person_still_needs_consent if {
	d := _decide(fx.request({"action": "push", "categories": ["meeting_outcome"], "consents": []}))
	_category_denied(d, "CONSENT_MISSING", "meeting_outcome")
}

# ---------------------------------------------------------------------------
# DOMAIN_NOT_PERMITTED

test_domain_not_permitted_school_asks_police_incidents if {
	d := _decide(fx.to("sgb"))
	_category_denied(d, "DOMAIN_NOT_PERMITTED", "police_incidents")
	d.reasons == [
		{"code": "DOMAIN_NOT_PERMITTED", "category": "police_incidents"},
		{"code": "SPECIAL_CATEGORY_NO_BASIS", "category": "police_incidents"},
	]
	d.allow == false
}

test_domain_not_permitted_only_domain if {
	# child_protection is not special; the social domain may not receive it.
	d := _decide(fx.between("voogdijraad-cn", "szw", {"categories": ["child_protection"]}))
	d.reasons == [{"code": "DOMAIN_NOT_PERMITTED", "category": "child_protection"}]
	_category_denied(d, "DOMAIN_NOT_PERMITTED", "child_protection")
}

test_domain_permitted_school_asks_school_attendance if {
	d := _decide(fx.between("olb", "sgb", {"categories": ["housing", "school_attendance"]}))
	d.allow
	d.permitted == {"school_attendance": ["absence_hours_term", "compulsory_education_report", "unauthorised_absence"]}
	d.reasons == [{"code": "DOMAIN_NOT_PERMITTED", "category": "housing"}]
}

# ---------------------------------------------------------------------------
# Special content where it is: special fields in ordinary categories, free text, and
# the domains that may provide a category.

test_special_field_left_out_for_a_recipient_without_the_basis if {
	# Mental health care's care plan to social affairs: its goals are health data.
	d := _decide(fx.between("mhc", "szw", {"categories": ["care_plan_summary", "mental_health_treatment"]}))
	d.allow
	d.permitted == {"care_plan_summary": ["next_review", "status"]}
	d.reasons == [
		{"code": "DOMAIN_NOT_PERMITTED", "category": "mental_health_treatment"},
		{"code": "SPECIAL_CATEGORY_NO_BASIS", "category": "mental_health_treatment"},
	]
}

test_special_field_kept_for_a_recipient_with_the_basis if {
	d := _decide(fx.between("mhc", "jeugdzorg-cn", {"categories": ["care_plan_summary"]}))
	d.permitted == {"care_plan_summary": ["goals", "next_review", "status"]}
}

test_special_field_care_type_of_youth_care if {
	# The public body may have youth care involvement, not the kind of care (health).
	d := _decide(fx.between("jeugdzorg-cn", "zvh-bonaire", {"categories": ["youth_care_involvement"]}))
	d.permitted == {"youth_care_involvement": ["care_type", "contact_person", "involved_since"]}
	e := _decide(fx.between("jeugdzorg-cn", "sgb", {"categories": ["youth_care_involvement"]}))
	e.permitted == {"youth_care_involvement": ["contact_person", "involved_since"]}
}

test_free_text_not_to_the_school if {
	d := _decide(fx.to_with("sgb", {"categories": ["signal", "meeting_outcome", "action_status"]}))
	d.allow
	d.reasons == []
	d.permitted == {
		"signal": ["signal_date", "signal_type"],
		"meeting_outcome": ["meeting_date", "next_meeting"],
		"action_status": ["action_id", "due_date", "owner", "status"],
	}
}

test_free_text_to_youth_care if {
	d := _decide(fx.request({"categories": ["signal", "meeting_outcome", "action_status"]}))
	d.permitted == {
		"signal": ["description", "signal_date", "signal_type"],
		"meeting_outcome": ["decisions", "meeting_date", "next_meeting"],
		"action_status": ["action", "action_id", "due_date", "owner", "status"],
	}
}

test_provider_domain_not_permitted_school_provides_police_incidents if {
	d := _decide(fx.between("sgb", "jeugdzorg-cn", {"categories": ["police_incidents"]}))
	d.reasons == [{"code": "PROVIDER_DOMAIN_NOT_PERMITTED", "category": "police_incidents"}]
	_category_denied(d, "PROVIDER_DOMAIN_NOT_PERMITTED", "police_incidents")
	d.allow == false
}

test_provider_domain_not_permitted_process_director_sends_on_mental_health if {
	# The process director's office does not hold mental health care's data: passing them
	# on is reuse, which the youth and family centre asks of mental health care itself.
	d := _decide(fx.between("zvh-bonaire", "cjg-bonaire", {"action": "push", "categories": ["mental_health_treatment"]}))
	d.reasons == [{"code": "PROVIDER_DOMAIN_NOT_PERMITTED", "category": "mental_health_treatment"}]
	d.allow == false
}

test_provider_domain_holding_the_category_provides_it if {
	d := _decide(fx.between("mhc", "cjg-bonaire", {"action": "push", "categories": ["mental_health_treatment"]}))
	d.allow
	d.permitted == {"mental_health_treatment": ["contact_person", "in_treatment"]}
}

test_provider_domain_not_permitted_only_its_category if {
	# Any partner may provide a signal; only the police police incidents.
	d := _decide(fx.between("sgb", "jeugdzorg-cn", {"categories": ["police_incidents", "signal"]}))
	d.allow
	d.reasons == [{"code": "PROVIDER_DOMAIN_NOT_PERMITTED", "category": "police_incidents"}]
	d.permitted == {"signal": ["description", "signal_date", "signal_type"]}
}

test_provider_domain_not_permitted_for_reuse_too if {
	r := fx.formal_request("f1", "politie-cn", "sgb", "criminal_investigation", ["police_reports"], "approved")
	d := _decide(fx.between("sgb", "politie-cn", {
		"purpose": "criminal_investigation",
		"categories": ["police_reports"],
		"formal_requests": [r],
	}))
	_category_denied(d, "PROVIDER_DOMAIN_NOT_PERMITTED", "police_reports")
}

test_unknown_provider_gets_no_provider_domain_reason if {
	d := _decide(fx.request({"provider": {"organisation": "nobody"}}))
	not {"code": "PROVIDER_DOMAIN_NOT_PERMITTED", "category": "police_incidents"} in d.reasons
	d.allow == false
}

# ---------------------------------------------------------------------------
# Statutory grounds: where a partner's own law provides for the flow, the law is the
# ground and the person's consent is not asked.

_wpg := {"type": "statutory", "id": "police-data-to-prosecutor", "law": "Wet politiegegevens"}

_police_to_prosecutor(patch) := fx.to_with("om-bes", object.union(
	{
		"categories": ["police_incidents", "judicial_status"],
		"consents": [],
	},
	patch,
))

test_statutory_ground_police_to_prosecutor_without_consent if {
	d := _decide(_police_to_prosecutor({}))
	d == {
		"allow": true,
		"reasons": [],
		"permitted": {
			"police_incidents": _police_incidents_for_justice,
			"judicial_status": ["next_hearing", "proceedings_status", "special_conditions"],
		},
		"grounds": {"police_incidents": _wpg, "judicial_status": _wpg},
		"obligations": _case_process_obligations("case_meeting"),
		"covenant": _label,
	}
}

test_statutory_ground_stands_against_an_objection if {
	o := fx.objection("b1", "om-bes", null, fx.earlier, null)
	d := _decide(_police_to_prosecutor({"objections": [o]}))
	d.allow
	d.reasons == []
	d.grounds == {"police_incidents": _wpg, "judicial_status": _wpg}
}

test_statutory_ground_names_its_article_where_the_covenant_does if {
	d := _decide(fx.between("reclassering-cn", "om-bes", {"categories": ["probation_supervision"], "consents": []}))
	d.grounds == {"probation_supervision": {
		"type": "statutory",
		"id": "fixture-with-article",
		"law": "Fixture law",
		"article": "art. 1",
	}}
}

test_statutory_ground_only_for_its_categories if {
	d := _decide(_police_to_prosecutor({"categories": ["police_incidents", "signal"]}))
	d.allow
	d.reasons == [{"code": "CONSENT_MISSING", "category": "signal"}]
	d.grounds == {"police_incidents": _wpg}
}

test_statutory_ground_only_for_its_recipients if {
	# The probation service is in the justice chain too, but the basis names the prosecutor.
	d := _decide(fx.to_with("reclassering-cn", {"consents": []}))
	d.reasons == [{"code": "CONSENT_MISSING", "category": "police_incidents"}]
	d.allow == false
}

test_statutory_ground_only_for_its_providers if {
	# The basis is the police's law: the prosecutor passing judicial status to the police is not under it.
	d := _decide(fx.between("om-bes", "politie-cn", {"categories": ["judicial_status"], "consents": []}))
	d.reasons == [{"code": "CONSENT_MISSING", "category": "judicial_status"}]
	d.allow == false
}

test_statutory_ground_does_not_replace_the_formal_request_for_reuse if {
	d := _decide(_police_to_prosecutor({"purpose": "prosecution"}))
	_category_denied(d, "FORMAL_REQUEST_REQUIRED", "police_incidents")
	_category_denied(d, "FORMAL_REQUEST_REQUIRED", "judicial_status")
}

test_statutory_ground_without_bases_in_the_covenant if {
	d := exchange.decision with input as _police_to_prosecutor({})
		with data.zvh.covenants as {"bonaire": object.remove(cf.bonaire, {"statutory_bases"})}
	d.reasons == [
		{"code": "CONSENT_MISSING", "category": "judicial_status"},
		{"code": "CONSENT_MISSING", "category": "police_incidents"},
	]
}

# ---------------------------------------------------------------------------
# SPECIAL_CATEGORY_NO_BASIS

test_special_category_no_basis_health_to_school if {
	d := _decide(fx.to_with("sgb", {"categories": ["mental_health_treatment"]}))
	_category_denied(d, "SPECIAL_CATEGORY_NO_BASIS", "mental_health_treatment")
	d.allow == false
}

test_special_category_no_basis_health_to_public_entity if {
	d := _decide(fx.to_with("olb", {"categories": ["mental_health_treatment"]}))
	_category_denied(d, "SPECIAL_CATEGORY_NO_BASIS", "mental_health_treatment")
	d.allow == false
}

test_special_category_no_basis_criminal_to_social_affairs if {
	# The social domain may receive probation_supervision, but szw has no criminal basis.
	d := _decide(fx.between("reclassering-cn", "szw", {"categories": ["probation_supervision"]}))
	d.reasons == [{"code": "SPECIAL_CATEGORY_NO_BASIS", "category": "probation_supervision"}]
	_category_denied(d, "SPECIAL_CATEGORY_NO_BASIS", "probation_supervision")
}

test_aftercare_detention_to_public_entity_without_leave_schedule if {
	# The public body arranges aftercare after detention: it learns the release date, not the leave schedule.
	d := _decide(fx.between("ji-cn", "olb", {"categories": ["detention"]}))
	d.allow
	d.reasons == []
	d.permitted == {"detention": ["detention_since", "expected_release", "institution"]}
}

test_special_category_with_basis_health_to_mental_health_care if {
	d := _decide(fx.between("krusada", "mhc", {"categories": ["mental_health_treatment", "addiction_care"]}))
	d.allow
	d.reasons == []
	d.permitted == {
		"mental_health_treatment": ["contact_person", "in_treatment"],
		"addiction_care": ["care_type", "contact_person", "in_treatment"],
	}
}

test_special_category_no_basis_also_for_reuse if {
	# The youth and family centre may have police incidents in its own file, but holds no
	# basis for criminal data.
	r := fx.formal_request("f1", "cjg-bonaire", "politie-cn", "own_file", ["police_incidents"], "approved")
	d := _decide(fx.to_with("cjg-bonaire", {"purpose": "own_file", "formal_requests": [r]}))
	d.reasons == [{"code": "SPECIAL_CATEGORY_NO_BASIS", "category": "police_incidents"}]
	_category_denied(d, "SPECIAL_CATEGORY_NO_BASIS", "police_incidents")
}

# ---------------------------------------------------------------------------
# CONSENT_MISSING

test_consent_missing_no_consents if {
	d := _decide(fx.request({"consents": []}))
	d == {
		"allow": false,
		"reasons": [{"code": "CONSENT_MISSING", "category": "police_incidents"}],
		"permitted": {},
		"grounds": {},
		"obligations": [],
		"covenant": _label,
	}
	_category_denied(d, "CONSENT_MISSING", "police_incidents")
}

test_consent_missing_consent_for_another_recipient if {
	d := _decide(fx.request({"consents": [fx.consent("k1", "om-bes", null, fx.earlier, null)]}))
	d.reasons == [{"code": "CONSENT_MISSING", "category": "police_incidents"}]
	_category_denied(d, "CONSENT_MISSING", "police_incidents")
}

test_consent_missing_consent_for_another_category if {
	d := _decide(fx.request({"consents": [fx.consent("k1", "jeugdzorg-cn", ["school_attendance"], fx.earlier, null)]}))
	d.reasons == [{"code": "CONSENT_MISSING", "category": "police_incidents"}]
	_category_denied(d, "CONSENT_MISSING", "police_incidents")
}

test_consent_missing_consent_given_after_the_exchange if {
	d := _decide(fx.request({"consents": [fx.consent("k1", "jeugdzorg-cn", null, fx.just_after, null)]}))
	_category_denied(d, "CONSENT_MISSING", "police_incidents")
}

# ---------------------------------------------------------------------------
# CONSENT_WITHDRAWN

test_consent_withdrawn_exactly_at_the_exchange if {
	d := _decide(fx.request({"consents": [fx.consent("k1", "jeugdzorg-cn", null, fx.earlier, fx.now)]}))
	d.reasons == [{"code": "CONSENT_WITHDRAWN", "category": "police_incidents"}]
	_category_denied(d, "CONSENT_WITHDRAWN", "police_incidents")
	d.allow == false
}

test_consent_withdrawn_before_the_exchange if {
	d := _decide(fx.request({"consents": [fx.consent("k1", "jeugdzorg-cn", null, fx.earlier, fx.just_before)]}))
	_category_denied(d, "CONSENT_WITHDRAWN", "police_incidents")
}

test_consent_withdrawn_a_millisecond_after_the_exchange_still_holds if {
	d := _decide(fx.request({"consents": [fx.consent("k1", "jeugdzorg-cn", null, fx.earlier, fx.just_after)]}))
	d.allow
	d.reasons == []
	d.grounds == {"police_incidents": _consent_ground}
}

# ---------------------------------------------------------------------------
# CONSENT_GIVEN_UNDER_AGE (issue 14, what-to-build 9)

# A 15-year-old: in the band 13-17, turning 16 after the exchange's month.
_fifteen := {"person": {"age_band": "13-17", "turns_16_in": "2027-03"}}

test_consent_given_under_16_by_the_person if {
	d := _decide(fx.request(_fifteen))
	d.reasons == [{"code": "CONSENT_GIVEN_UNDER_AGE", "category": "police_incidents"}]
	_category_denied(d, "CONSENT_GIVEN_UNDER_AGE", "police_incidents")
	d.allow == false
}

test_consent_of_a_child_given_by_the_person if {
	d := _decide(fx.request({"person": {"age_band": "4-12"}}))
	_category_denied(d, "CONSENT_GIVEN_UNDER_AGE", "police_incidents")
}

test_consent_under_16_given_by_the_legal_representative if {
	given := object.union(fx.consent("k1", "jeugdzorg-cn", null, fx.long_ago, null), {"given_by": "legal_representative"})
	d := _decide(fx.request(object.union(_fifteen, {"consents": [given]})))
	d.allow
	d.grounds == {"police_incidents": _consent_ground}
}

test_consent_given_by_the_person_at_16 if {
	given := fx.consent("k1", "jeugdzorg-cn", null, fx.earlier, null)
	d := _decide(fx.request({"person": {"age_band": "13-17", "turns_16_in": "2026-10"}, "consents": [given]}))
	d.allow
	d.grounds == {"police_incidents": _consent_ground}
}

# ---------------------------------------------------------------------------
# CONSENT_OBJECTED

_objection := fx.objection("b1", "jeugdzorg-cn", null, fx.earlier, null)

test_consent_objected_objection_beats_consent if {
	d := _decide(fx.request({"objections": [_objection]}))
	d.reasons == [{"code": "CONSENT_OBJECTED", "category": "police_incidents"}]
	_category_denied(d, "CONSENT_OBJECTED", "police_incidents")
	d.allow == false
}

test_consent_objected_for_one_category if {
	o := fx.objection("b1", "jeugdzorg-cn", ["police_reports"], fx.earlier, null)
	d := _decide(fx.request({"categories": ["police_incidents", "police_reports"], "objections": [o]}))
	d.allow
	d.reasons == [{"code": "CONSENT_OBJECTED", "category": "police_reports"}]
	d.permitted == {"police_incidents": _police_incidents_for_youth}
	_category_denied(d, "CONSENT_OBJECTED", "police_reports")
}

test_withdrawn_objection_no_longer_counts if {
	o := fx.objection("b1", "jeugdzorg-cn", null, fx.earlier, fx.just_before)
	d := _decide(fx.request({"objections": [o]}))
	d.allow
	d.reasons == []
	d.grounds == {"police_incidents": _consent_ground}
}

# ---------------------------------------------------------------------------
# Legal-ground exceptions

_exception := fx.exception("e1", "jeugdzorg-cn", ["police_incidents"], "process_director", fx.earlier, fx.soon)

test_exception_grants_without_consent if {
	d := _decide(fx.request({"consents": [], "exceptions": [_exception]}))
	d == {
		"allow": true,
		"reasons": [],
		"permitted": {"police_incidents": _police_incidents_for_youth},
		"grounds": {"police_incidents": {"type": "exception", "id": "e1"}},
		"obligations": _case_process_obligations("case_meeting"),
		"covenant": _label,
	}
}

test_exception_grants_against_an_objection if {
	d := _decide(fx.request({"objections": [_objection], "exceptions": [_exception]}))
	d.allow
	d.reasons == []
	d.grounds == {"police_incidents": {"type": "exception", "id": "e1"}}
}

test_exception_grants_after_a_withdrawal if {
	k := fx.consent("k1", "jeugdzorg-cn", null, fx.earlier, fx.just_before)
	d := _decide(fx.request({"consents": [k], "exceptions": [_exception]}))
	d.allow
	d.grounds == {"police_incidents": {"type": "exception", "id": "e1"}}
}

test_expired_exception_does_not_grant if {
	e := object.union(_exception, {"expires_at": fx.now})
	d := _decide(fx.request({"consents": [], "exceptions": [e]}))
	d.reasons == [{"code": "EXCEPTION_EXPIRED", "category": "police_incidents"}]
	_category_denied(d, "EXCEPTION_EXPIRED", "police_incidents")
}

test_exception_expiring_a_millisecond_after_the_exchange_grants if {
	e := object.union(_exception, {"expires_at": fx.just_after})
	d := _decide(fx.request({"consents": [], "exceptions": [e]}))
	d.allow
	d.grounds == {"police_incidents": {"type": "exception", "id": "e1"}}
}

test_expired_exception_does_not_override_an_objection if {
	e := object.union(_exception, {"expires_at": fx.just_before})
	d := _decide(fx.request({"objections": [_objection], "exceptions": [e]}))
	d.reasons == [{"code": "CONSENT_OBJECTED", "category": "police_incidents"}]
	_category_denied(d, "CONSENT_OBJECTED", "police_incidents")
}

# ---------------------------------------------------------------------------
# EXCEPTION_EXPIRED and EXCEPTION_REVOKED: the only ground there was ran out.

_revoked(e, at) := object.union(e, {"revoked_at": at, "expires_at": at})

test_exception_revoked_at_the_exchange if {
	d := _decide(fx.request({"consents": [], "exceptions": [_revoked(_exception, fx.now)]}))
	d.reasons == [{"code": "EXCEPTION_REVOKED", "category": "police_incidents"}]
	_category_denied(d, "EXCEPTION_REVOKED", "police_incidents")
	d.allow == false
}

test_exception_revoked_keeps_its_planned_expiry_and_still_does_not_grant if {
	e := object.union(_exception, {"revoked_at": fx.just_before})
	d := _decide(fx.request({"consents": [], "exceptions": [e]}))
	_category_denied(d, "EXCEPTION_REVOKED", "police_incidents")
}

test_exception_revoked_after_the_exchange_still_grants if {
	e := object.union(_exception, {"revoked_at": fx.just_after})
	d := _decide(fx.request({"consents": [], "exceptions": [e]}))
	d.allow
	d.grounds == {"police_incidents": {"type": "exception", "id": "e1"}}
}

test_revoked_rather_than_expired_when_both_ran_out if {
	expired := object.union(_exception, {"id": "e0", "expires_at": fx.just_before})
	d := _decide(fx.request({"consents": [], "exceptions": [expired, _revoked(_exception, fx.just_before)]}))
	d.reasons == [{"code": "EXCEPTION_REVOKED", "category": "police_incidents"}]
}

test_later_exception_wins_over_one_that_ran_out if {
	renewed := fx.exception("e2", "jeugdzorg-cn", ["police_incidents"], "process_director", fx.just_before, fx.soon)
	expired := object.union(_exception, {"expires_at": fx.just_before})
	d := _decide(fx.request({"consents": [], "exceptions": [expired, _revoked(_exception, fx.earlier), renewed]}))
	d.allow
	d.reasons == []
	d.grounds == {"police_incidents": {"type": "exception", "id": "e2"}}
}

test_consent_wins_over_an_exception_that_ran_out if {
	d := _decide(fx.request({"exceptions": [_revoked(_exception, fx.just_before)]}))
	d.allow
	d.grounds == {"police_incidents": _consent_ground}
}

test_withdrawn_consent_is_reported_before_an_exception_that_ran_out if {
	k := fx.consent("k1", "jeugdzorg-cn", null, fx.earlier, fx.just_before)
	e := object.union(_exception, {"expires_at": fx.just_before})
	d := _decide(fx.request({"consents": [k], "exceptions": [e]}))
	d.reasons == [{"code": "CONSENT_WITHDRAWN", "category": "police_incidents"}]
}

test_exception_that_ran_out_for_another_recipient_or_category_is_not_reported if {
	other_recipient := object.union(_exception, {"recipient": "om-bes", "expires_at": fx.just_before})
	other_category := object.union(_exception, {"categories": ["housing"], "expires_at": fx.just_before})
	d := _decide(fx.request({"consents": [], "exceptions": [other_recipient, other_category]}))
	d.reasons == [{"code": "CONSENT_MISSING", "category": "police_incidents"}]
}

test_exception_approved_after_the_exchange_is_not_reported_as_run_out if {
	e := fx.exception("e1", "jeugdzorg-cn", ["police_incidents"], "process_director", fx.just_after, fx.soon)
	d := _decide(fx.request({"consents": [], "exceptions": [e]}))
	d.reasons == [{"code": "CONSENT_MISSING", "category": "police_incidents"}]
}

test_exception_that_ran_out_denies_only_its_category if {
	k := fx.consent("k1", "jeugdzorg-cn", ["police_reports"], fx.earlier, null)
	e := object.union(_exception, {"expires_at": fx.just_before})
	d := _decide(fx.request({"categories": ["police_incidents", "police_reports"], "consents": [k], "exceptions": [e]}))
	d.allow
	d.reasons == [{"code": "EXCEPTION_EXPIRED", "category": "police_incidents"}]
	d.permitted == {"police_reports": ["report_date", "report_type", "reporting_party_role", "status"]}
}

test_exception_approved_by_case_director_does_not_grant if {
	e := object.union(_exception, {"approved_by_role": "case_director"})
	d := _decide(fx.request({"consents": [], "exceptions": [e]}))
	_category_denied(d, "CONSENT_MISSING", "police_incidents")
	d2 := _decide(fx.request({"objections": [_objection], "exceptions": [e]}))
	_category_denied(d2, "CONSENT_OBJECTED", "police_incidents")
}

test_exception_approved_by_privacy_officer_does_not_grant if {
	e := object.union(_exception, {"approved_by_role": "privacy_officer"})
	d := _decide(fx.request({"consents": [], "exceptions": [e]}))
	_category_denied(d, "CONSENT_MISSING", "police_incidents")
}

test_exception_for_another_category_does_not_grant if {
	e := object.union(_exception, {"categories": ["school_attendance"]})
	d := _decide(fx.request({"consents": [], "exceptions": [e]}))
	_category_denied(d, "CONSENT_MISSING", "police_incidents")
}

# ---------------------------------------------------------------------------
# FORMAL_REQUEST_REQUIRED: the police reuse what youth care shared, for a criminal
# investigation. No consent is asked for reuse; the formal request is the ground.

_reuse(requests) := fx.request({
	"purpose": "criminal_investigation",
	"categories": ["youth_care_involvement"],
	"provider": {"organisation": "jeugdzorg-cn"},
	"recipient": {"organisation": "politie-cn"},
	"consents": [],
	"formal_requests": requests,
})

_formal(status) := fx.formal_request("f1", "politie-cn", "jeugdzorg-cn", "criminal_investigation", ["youth_care_involvement"], status)

_approved := _formal("approved")

_reuse_denied_as(requests, code) if {
	d := _decide(_reuse(requests))
	d.reasons == [{"code": code, "category": "youth_care_involvement"}]
	_category_denied(d, code, "youth_care_involvement")
	d.allow == false
	d.permitted == {}
}

_reuse_denied(requests) if _reuse_denied_as(requests, "FORMAL_REQUEST_REQUIRED")

test_formal_request_required_without_request if {
	_reuse_denied([])
}

test_formal_request_required_when_pending if {
	_reuse_denied([_formal("pending")])
}

test_formal_request_refused if {
	_reuse_denied_as([_formal("refused")], "FORMAL_REQUEST_REFUSED")
}

test_formal_request_refusal_after_the_exchange_is_not_yet_a_refusal if {
	_reuse_denied([object.union(_formal("refused"), {"decided_at": fx.just_after})])
}

test_formal_request_expired if {
	_reuse_denied_as([object.union(_approved, {"expires_at": fx.now})], "FORMAL_REQUEST_EXPIRED")
	_reuse_denied_as([object.union(_approved, {"expires_at": fx.just_before})], "FORMAL_REQUEST_EXPIRED")
}

test_formal_request_expired_rather_than_refused_when_both if {
	refused := object.union(_formal("refused"), {"id": "f0"})
	expired := object.union(_approved, {"expires_at": fx.just_before})
	_reuse_denied_as([refused, expired], "FORMAL_REQUEST_EXPIRED")
}

test_later_approval_wins_over_an_expired_or_refused_one if {
	expired := object.union(_approved, {"id": "f0", "expires_at": fx.just_before})
	refused := object.union(_formal("refused"), {"id": "f1"})
	renewed := object.union(_approved, {"id": "f2", "decided_at": fx.just_before})
	d := _decide(_reuse([expired, refused, renewed]))
	d.allow
	d.reasons == []
	d.grounds == {"youth_care_involvement": {"type": "formal_request", "id": "f2"}}
}

test_formal_request_that_ran_out_for_another_purpose_is_not_reported if {
	_reuse_denied([object.union(_approved, {"purpose": "prosecution", "expires_at": fx.just_before})])
	_reuse_denied([object.union(_formal("refused"), {"categories": ["child_protection"]})])
}

test_formal_request_required_when_decided_after_the_exchange if {
	_reuse_denied([object.union(_approved, {"decided_at": fx.just_after})])
}

test_formal_request_required_when_approved_for_another_purpose if {
	_reuse_denied([object.union(_approved, {"purpose": "prosecution"})])
}

test_formal_request_required_when_approved_for_another_category if {
	_reuse_denied([object.union(_approved, {"categories": ["child_protection"]})])
}

test_formal_request_required_when_approved_by_another_provider if {
	_reuse_denied([object.union(_approved, {"provider": "cjg-bonaire"})])
}

test_formal_request_required_when_requested_by_another_partner if {
	_reuse_denied([object.union(_approved, {"requester": "om-bes"})])
}

test_formal_request_approved_for_exactly_this_purpose_and_category if {
	d := _decide(_reuse([_approved]))
	d == {
		"allow": true,
		"reasons": [],
		"permitted": {"youth_care_involvement": ["contact_person", "involved_since"]},
		"grounds": {"youth_care_involvement": {"type": "formal_request", "id": "f1"}},
		"obligations": [{"code": "TAG_PURPOSE", "purpose": "criminal_investigation"}],
		"covenant": _label,
	}
}

test_formal_request_approval_expiring_a_millisecond_after_the_exchange if {
	d := _decide(_reuse([object.union(_approved, {"expires_at": fx.just_after})]))
	d.allow
	d.grounds == {"youth_care_involvement": {"type": "formal_request", "id": "f1"}}
}

test_formal_request_covers_only_its_categories if {
	d := _decide(object.union(_reuse([_approved]), {"categories": ["child_protection", "youth_care_involvement"]}))
	d.allow
	d.reasons == [{"code": "FORMAL_REQUEST_REQUIRED", "category": "child_protection"}]
	d.permitted == {"youth_care_involvement": ["contact_person", "involved_since"]}
	_category_denied(d, "FORMAL_REQUEST_REQUIRED", "child_protection")
}

test_formal_request_reuse_keeps_field_limits_of_the_domain if {
	# Reuse is not bound to the case-process matrix, but fields stay need-to-know.
	r := fx.formal_request("f1", "jeugdzorg-cn", "politie-cn", "own_file", ["police_incidents"], "approved")
	d := _decide(fx.request({"purpose": "own_file", "formal_requests": [r]}))
	d.allow
	d.permitted == {"police_incidents": _police_incidents_for_youth}
	d.grounds == {"police_incidents": {"type": "formal_request", "id": "f1"}}
	d.obligations == [{"code": "TAG_PURPOSE", "purpose": "own_file"}]
}

test_formal_request_reuse_in_any_phase if {
	d := _decide(object.union(_reuse([_approved]), {"case": {"phase": "shadow_list", "shadow_review_at": fx.later}}))
	d.allow
}

test_consent_is_not_a_ground_for_reuse if {
	k := fx.consent("k1", "politie-cn", null, fx.earlier, null)
	d := _decide(object.union(_reuse([]), {"consents": [k]}))
	_category_denied(d, "FORMAL_REQUEST_REQUIRED", "youth_care_involvement")
}

test_objection_does_not_block_an_approved_reuse if {
	o := fx.objection("b1", "politie-cn", null, fx.earlier, null)
	d := _decide(object.union(_reuse([_approved]), {"objections": [o]}))
	d.allow
	d.grounds == {"youth_care_involvement": {"type": "formal_request", "id": "f1"}}
}

# ---------------------------------------------------------------------------
# Exceptions within limits (issue 14, finding 1): Mental Health Caribbean to youth care,
# mental health treatment, the person objects to sharing anything with youth care.

_mhc_to_youth_care(objection, e) := fx.request({
	"provider": {"organisation": "mhc"},
	"categories": ["mental_health_treatment"],
	"case": {"participants": ["mhc", "jeugdzorg-cn"]},
	"objections": [objection],
	"exceptions": [e],
})

# Mental Health Caribbean co-approved the exception as the provider of the data.
_mh_exception(reason) := object.union(
	fx.exception("e1", "jeugdzorg-cn", ["mental_health_treatment"], "process_director", fx.earlier, fx.soon),
	{"reason": reason, "provider_decisions": [fx.provider_decision("mhc", "approved", fx.earlier)]},
)

_objection_to_all := fx.objection("b1", "jeugdzorg-cn", null, fx.long_ago, null)

test_exception_for_danger_within_its_term_overrides_an_objection if {
	d := _decide(_mhc_to_youth_care(_objection_to_all, _mh_exception("danger_to_those_involved")))
	d.allow
	d.reasons == []
	d.grounds == {"mental_health_treatment": {"type": "exception", "id": "e1"}}
}

test_exception_from_2015_to_2099_is_too_long if {
	e := object.union(_mh_exception("danger_to_those_involved"), {
		"approved_at": fx.long_ago,
		"expires_at": "2099-01-01T00:00:00.000Z",
	})
	d := _decide(_mhc_to_youth_care(_objection_to_all, e))
	d.reasons == [{"code": "EXCEPTION_TERM_TOO_LONG", "category": "mental_health_treatment"}]
	_category_denied(d, "EXCEPTION_TERM_TOO_LONG", "mental_health_treatment")
}

test_covenant_without_a_maximum_term_allows_no_exception if {
	covenant := object.remove(cf.bonaire, ["exception_max_months"])
	d := exchange.decision with input as fx.request({"consents": [], "exceptions": [_exception]})
		with data.zvh.covenants as {"bonaire": covenant}
	d.reasons == [{"code": "EXCEPTION_TERM_TOO_LONG", "category": "police_incidents"}]
}

test_objection_recorded_after_the_exception_suspends_it if {
	after := fx.objection("b1", "jeugdzorg-cn", null, fx.just_before, null)
	d := _decide(_mhc_to_youth_care(after, _mh_exception("legal_obligation")))
	d.reasons == [{"code": "EXCEPTION_SUSPENDED_BY_OBJECTION", "category": "mental_health_treatment"}]
	_category_denied(d, "EXCEPTION_SUSPENDED_BY_OBJECTION", "mental_health_treatment")
}

test_objection_recorded_before_the_exception_does_not_suspend_it if {
	d := _decide(_mhc_to_youth_care(_objection_to_all, _mh_exception("legal_obligation")))
	d.allow
	d.grounds == {"mental_health_treatment": {"type": "exception", "id": "e1"}}
}

test_unreachable_person_is_no_reason_against_an_objection if {
	d := _decide(_mhc_to_youth_care(_objection_to_all, _mh_exception("person_unreachable")))
	d.reasons == [{"code": "EXCEPTION_REASON_CANNOT_OVERRIDE", "category": "mental_health_treatment"}]
	_category_denied(d, "EXCEPTION_REASON_CANNOT_OVERRIDE", "mental_health_treatment")
}

# For health and criminal data the provider co-approves (what-to-build 1): the process
# director's approval alone does not carry Mental Health Caribbean's treatment data.

_without_the_provider(e) := object.union(e, {"provider_decisions": []})

test_exception_for_special_data_without_the_providers_approval_is_no_ground if {
	d := _decide(_mhc_to_youth_care(_objection_to_all, _without_the_provider(_mh_exception("danger_to_those_involved"))))
	d.reasons == [{"code": "EXCEPTION_PROVIDER_APPROVAL_MISSING", "category": "mental_health_treatment"}]
	_category_denied(d, "EXCEPTION_PROVIDER_APPROVAL_MISSING", "mental_health_treatment")
}

test_exception_for_special_data_refused_by_the_provider_is_no_ground if {
	e := object.union(_mh_exception("danger_to_those_involved"), {"provider_decisions": [fx.provider_decision("mhc", "refused", fx.earlier)]})
	d := _decide(_mhc_to_youth_care(_objection_to_all, e))
	d.reasons == [{"code": "EXCEPTION_PROVIDER_REFUSED", "category": "mental_health_treatment"}]
}

test_exception_co_approved_by_another_provider_does_not_carry_this_providers_data if {
	e := object.union(_mh_exception("danger_to_those_involved"), {"provider_decisions": [fx.provider_decision("politie-cn", "approved", fx.earlier)]})
	d := _decide(_mhc_to_youth_care(_objection_to_all, e))
	d.reasons == [{"code": "EXCEPTION_PROVIDER_APPROVAL_MISSING", "category": "mental_health_treatment"}]
}

test_providers_approval_counts_from_the_moment_it_is_given if {
	e := object.union(_mh_exception("danger_to_those_involved"), {"provider_decisions": [fx.provider_decision("mhc", "approved", fx.just_after)]})
	not _decide(_mhc_to_youth_care(_objection_to_all, e)).allow
	e_now := object.union(e, {"provider_decisions": [fx.provider_decision("mhc", "approved", fx.now)]})
	_decide(_mhc_to_youth_care(_objection_to_all, e_now)).allow
}

test_exception_approved_by_the_providers_own_process_director_needs_no_second_approval if {
	e := object.union(_without_the_provider(_mh_exception("danger_to_those_involved")), {"approved_by_organisation": "mhc"})
	d := _decide(_mhc_to_youth_care(_objection_to_all, e))
	d.allow
	d.grounds == {"mental_health_treatment": {"type": "exception", "id": "e1"}}
}

test_consent_carries_special_data_the_exception_could_not if {
	d := _decide(object.union(
		_mhc_to_youth_care(fx.objection("b1", "om-bes", null, fx.long_ago, null), _without_the_provider(_mh_exception("danger_to_those_involved"))),
		{"consents": [fx.consent("k1", "jeugdzorg-cn", null, fx.long_ago, null)]},
	))
	d.allow
	d.grounds == {"mental_health_treatment": {"type": "consent", "id": "k1"}}
}

test_exception_for_ordinary_data_needs_no_providers_approval if {
	e := _without_the_provider(fx.exception("e1", "jeugdzorg-cn", ["youth_care_involvement"], "process_director", fx.earlier, fx.soon))
	d := _decide(fx.request({
		"provider": {"organisation": "jeugdzorg-cn"},
		"recipient": {"organisation": "politie-cn"},
		"categories": ["youth_care_involvement"],
		"consents": [],
		"exceptions": [object.union(e, {"recipient": "politie-cn"})],
	}))
	d.allow
	d.grounds == {"youth_care_involvement": {"type": "exception", "id": "e1"}}
}

# A special field in an ordinary category (youth care's care type, health data) goes on
# an exception only with its provider's co-approval; the rest of the category flows.
_care_type_to_mhc(decisions) := fx.request({
	"provider": {"organisation": "jeugdzorg-cn"},
	"recipient": {"organisation": "mhc"},
	"categories": ["youth_care_involvement"],
	"case": {"participants": ["jeugdzorg-cn", "mhc"]},
	"consents": [],
	"exceptions": [object.union(
		fx.exception("e1", "mhc", ["youth_care_involvement"], "process_director", fx.earlier, fx.soon),
		{"provider_decisions": decisions},
	)],
})

test_special_field_on_an_exception_waits_for_its_providers_approval if {
	d := _decide(_care_type_to_mhc([]))
	d.allow
	d.grounds == {"youth_care_involvement": {"type": "exception", "id": "e1"}}
	not "care_type" in d.permitted.youth_care_involvement
	"involved_since" in d.permitted.youth_care_involvement
}

test_special_field_on_an_exception_its_provider_approved_flows if {
	d := _decide(_care_type_to_mhc([fx.provider_decision("jeugdzorg-cn", "approved", fx.earlier)]))
	"care_type" in d.permitted.youth_care_involvement
}

test_special_field_on_consent_needs_no_providers_approval if {
	d := _decide(object.union(_care_type_to_mhc([]), {"exceptions": [], "consents": [fx.consent("k1", "mhc", null, fx.long_ago, null)]}))
	"care_type" in d.permitted.youth_care_involvement
}

test_unreachable_person_stands_in_for_consent_that_could_not_be_asked if {
	d := _decide(fx.request({"consents": [], "exceptions": [object.union(_exception, {"reason": "person_unreachable"})]}))
	d.allow
	d.grounds == {"police_incidents": {"type": "exception", "id": "e1"}}
}

test_process_director_cannot_approve_an_exception_to_their_own_office if {
	e := fx.exception("e1", "zvh-bonaire", ["police_incidents"], "process_director", fx.earlier, fx.soon)
	d := _decide(fx.to_with("zvh-bonaire", {"consents": [], "exceptions": [e], "recipient": {"role": "process_director"}}))
	d.reasons == [{"code": "EXCEPTION_SELF_APPROVED", "category": "police_incidents"}]
	_category_denied(d, "EXCEPTION_SELF_APPROVED", "police_incidents")
}

test_exception_approved_by_another_organisation_for_the_office_applies if {
	e := object.union(
		fx.exception("e1", "zvh-bonaire", ["police_incidents"], "process_director", fx.earlier, fx.soon),
		{"approved_by_organisation": "politie-cn"},
	)
	d := _decide(fx.to_with("zvh-bonaire", {"consents": [], "exceptions": [e], "recipient": {"role": "process_director"}}))
	d.allow
	d.grounds == {"police_incidents": {"type": "exception", "id": "e1"}}
}

# ---------------------------------------------------------------------------
# Reuse as a condition, not a basis (issue 14, finding 2): an approved formal request
# is necessary, and the other protections still hold.

_own_file_request(requester, provider, categories) := fx.formal_request("f1", requester, provider, "own_file", categories, "approved")

test_own_file_respects_an_objection if {
	r := _own_file_request("jeugdzorg-cn", "mhc", ["mental_health_treatment"])
	d := _decide(fx.request({
		"purpose": "own_file",
		"provider": {"organisation": "mhc"},
		"categories": ["mental_health_treatment"],
		"case": {"participants": ["mhc", "jeugdzorg-cn"]},
		"objections": [_objection],
		"formal_requests": [r],
	}))
	d.reasons == [{"code": "CONSENT_OBJECTED", "category": "mental_health_treatment"}]
	_category_denied(d, "CONSENT_OBJECTED", "mental_health_treatment")
}

test_own_file_with_consent_and_an_approved_request_is_allowed if {
	r := _own_file_request("jeugdzorg-cn", "mhc", ["mental_health_treatment"])
	d := _decide(fx.request({
		"purpose": "own_file",
		"provider": {"organisation": "mhc"},
		"categories": ["mental_health_treatment"],
		"case": {"participants": ["mhc", "jeugdzorg-cn"]},
		"formal_requests": [r],
	}))
	d.allow
	d.reasons == []
	d.grounds == {"mental_health_treatment": {"type": "formal_request", "id": "f1"}}
	d.obligations == [{"code": "TAG_PURPOSE", "purpose": "own_file"}]
}

test_own_file_needs_consent_an_exception_does_not_stand_in if {
	r := _own_file_request("jeugdzorg-cn", "politie-cn", ["police_incidents"])
	d := _decide(fx.request({"purpose": "own_file", "consents": [], "exceptions": [_exception], "formal_requests": [r]}))
	_category_denied(d, "CONSENT_MISSING", "police_incidents")
}

test_own_file_keeps_the_matrix if {
	r := _own_file_request("sgb", "szw", ["income_and_debts", "housing"])
	d := _decide(fx.to_with("sgb", {
		"purpose": "own_file",
		"provider": {"organisation": "szw"},
		"categories": ["income_and_debts", "housing"],
		"case": {"participants": ["szw", "sgb"]},
		"formal_requests": [r],
	}))
	d.reasons == [
		{"code": "DOMAIN_NOT_PERMITTED", "category": "housing"},
		{"code": "DOMAIN_NOT_PERMITTED", "category": "income_and_debts"},
	]
	d.allow == false
}

test_own_file_of_what_the_domain_may_receive_is_allowed if {
	r := _own_file_request("olb", "szw", ["income_and_debts", "housing"])
	d := _decide(fx.to_with("olb", {
		"purpose": "own_file",
		"provider": {"organisation": "szw"},
		"categories": ["income_and_debts", "housing"],
		"case": {"participants": ["szw", "olb"]},
		"formal_requests": [r],
	}))
	d.allow
	d.reasons == []
}

test_reuse_of_a_category_outside_the_purpose_is_disproportionate if {
	r := fx.formal_request("f1", "politie-cn", "sgb", "criminal_investigation", ["school_attendance"], "approved")
	d := _decide(fx.to_with("politie-cn", {
		"purpose": "criminal_investigation",
		"provider": {"organisation": "sgb"},
		"categories": ["school_attendance"],
		"case": {"participants": ["sgb", "politie-cn"]},
		"formal_requests": [r],
	}))
	_category_denied(d, "CATEGORY_DISPROPORTIONATE", "school_attendance")
}

test_criminal_investigation_is_not_for_the_school if {
	r := fx.formal_request("f1", "sgb", "politie-cn", "criminal_investigation", ["police_incidents"], "approved")
	d := _decide(fx.to_with("sgb", {"purpose": "criminal_investigation", "formal_requests": [r]}))
	_request_denied(d, {"code": "PURPOSE_DOMAIN_NOT_PERMITTED"})
}

test_criminal_investigation_is_for_the_justice_chain if {
	r := fx.formal_request("f1", "om-bes", "politie-cn", "criminal_investigation", ["police_incidents"], "approved")
	d := _decide(fx.to_with("om-bes", {"purpose": "criminal_investigation", "consents": [], "formal_requests": [r]}))
	d.allow
	d.grounds == {"police_incidents": {"type": "formal_request", "id": "f1"}}
}

test_child_protection_investigation_is_not_for_mental_health_care if {
	r := fx.formal_request("f1", "mhc", "politie-cn", "child_protection_investigation", ["police_incidents"], "approved")
	d := _decide(fx.to_with("mhc", {"purpose": "child_protection_investigation", "formal_requests": [r]}))
	_request_denied(d, {"code": "PURPOSE_DOMAIN_NOT_PERMITTED"})
}

test_reuse_before_anything_was_shared_is_refused if {
	d := _decide(_reuse([_approved]))
	d.allow
	d2 := _decide(object.union(_reuse([_approved]), {"case": {"phase": "registration"}}))
	_request_denied(d2, {"code": "PURPOSE_PHASE_MISMATCH"})
}
