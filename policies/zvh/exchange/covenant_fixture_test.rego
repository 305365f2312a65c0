# METADATA
# title: Fixture covenant for the policy tests
# description: |
#   The covenant content every Rego test decides on, through
#   "with data.zvh.covenants as covenant_fixture_test.covenants", so that a change to
#   the live covenant data (policies/zvh/covenants) cannot fail a rule test: the live
#   data is checked by scripts/covenant-check.ts instead. It started as a copy of
#   Bonaire 2020 and stays put when Bonaire changes.
#   The file name ends in _test.rego, so the bundle build leaves it out.
package zvh.exchange.covenant_fixture_test

covenants := {"bonaire": bonaire}

# Every partner of the fixture holds a standing acceptance unless a test says otherwise.
all_partners := sort([organisation | some organisation, _ in bonaire.partners])

bonaire := {
	"name": "Fixture covenant (a copy of Bonaire 2020 that the tests own)",
	"version": "fixture-2020",
	"not_before": "2020-01-24T00:00:00.000Z",
	"not_after": "2028-01-01T00:00:00.000Z",
	"retention_years": 1,
	"shadow_list_review_months": 6,
	"exception_max_months": 3,
	"shadow_review_categories": ["signal", "case_involvement", "action_status", "meeting_outcome"],
	"statutory_bases": {
		"police-data-to-prosecutor": {
			"law": "Wet politiegegevens",
			"providers": ["politie-cn"],
			"recipients": ["om-bes"],
			"categories": ["identification", "police_incidents", "police_reports", "judicial_status"],
		},
		"fixture-with-article": {
			"law": "Fixture law",
			"article": "art. 1",
			"providers": ["reclassering-cn"],
			"recipients": ["om-bes"],
			"categories": ["probation_supervision"],
		},
	},
	"partners": {
		"zvh-bonaire": {
			"name": "Zorg- en Veiligheidshuis Bonaire (procesregie)",
			"domain": "coordination",
			"special_bases": ["criminal", "health"],
		},
		"politie-cn": {
			"name": "Korps Politie Caribisch Nederland",
			"domain": "safety",
			"special_bases": ["criminal"],
		},
		"om-bes": {
			"name": "Openbaar Ministerie BES",
			"domain": "justice",
			"special_bases": ["criminal"],
		},
		"reclassering-cn": {
			"name": "Stichting Reclassering Caribisch Nederland",
			"domain": "justice",
			"special_bases": ["criminal"],
		},
		"ji-cn": {
			"name": "Justitiele Inrichting Caribisch Nederland",
			"domain": "justice",
			"special_bases": ["criminal", "health"],
		},
		"voogdijraad-cn": {
			"name": "Voogdijraad Caribisch Nederland",
			"domain": "youth",
			"special_bases": ["criminal"],
		},
		"jeugdzorg-cn": {
			"name": "Jeugdzorg Caribisch Nederland",
			"domain": "youth",
			"special_bases": ["criminal", "health"],
		},
		"cjg-bonaire": {
			"name": "Centrum voor Jeugd en Gezin",
			"domain": "youth",
			"special_bases": ["health"],
		},
		"mhc": {
			"name": "Mental Health Caribbean",
			"domain": "care",
			"special_bases": ["health"],
		},
		"krusada": {
			"name": "Krusada",
			"domain": "care",
			"special_bases": ["health"],
		},
		"eoz": {
			"name": "Expertisecentrum Onderwijs Zorg",
			"domain": "education",
			"special_bases": [],
		},
		"sgb": {
			"name": "Scholengemeenschap Bonaire",
			"domain": "education",
			"special_bases": [],
		},
		"forma": {
			"name": "Forma",
			"domain": "education",
			"special_bases": [],
		},
		"olb": {
			"name": "Openbaar Lichaam Bonaire",
			"domain": "social",
			"special_bases": ["criminal"],
		},
		"szw": {
			"name": "Sociale Zaken en Werkgelegenheid",
			"domain": "social",
			"special_bases": [],
		},
	},
	"domains": ["coordination", "safety", "justice", "youth", "care", "education", "social"],
	"roles": ["process_director", "case_director", "case_participant", "privacy_officer"],
	"phases": ["registration", "triage", "case_meeting", "monitoring", "shadow_list", "closed"],
	"categories": {
		"identification": {
			"fields": ["family_name", "given_names", "date_of_birth", "address"],
		},
		"case_involvement": {
			"fields": ["involved", "involved_since", "contact_person", "contact_phone"],
		},
		"police_incidents": {
			"special": "criminal",
			"fields": ["incident_date", "incident_type", "role_in_incident", "summary", "report_number"],
			"field_domains": {
				"summary": ["safety", "justice"],
				"report_number": ["safety", "justice"],
			},
			"provider_domains": ["safety"],
		},
		"police_reports": {
			"special": "criminal",
			"fields": ["report_date", "report_type", "reporting_party_role", "status"],
			"provider_domains": ["safety"],
		},
		"judicial_status": {
			"special": "criminal",
			"fields": ["proceedings_status", "next_hearing", "special_conditions"],
			"provider_domains": ["justice", "safety"],
		},
		"probation_supervision": {
			"special": "criminal",
			"fields": ["supervision_type", "conditions", "probation_officer", "end_date"],
			"field_domains": {
				"conditions": ["coordination", "safety", "justice"],
			},
			"provider_domains": ["justice"],
		},
		"detention": {
			"special": "criminal",
			"fields": ["institution", "detention_since", "expected_release", "leave_schedule"],
			"field_domains": {
				"leave_schedule": ["coordination", "safety", "justice"],
			},
			"provider_domains": ["justice"],
		},
		"youth_care_involvement": {
			"special_fields": {
				"care_type": "health",
			},
			"fields": ["involved_since", "care_type", "contact_person"],
			"provider_domains": ["youth"],
		},
		"care_plan_summary": {
			"special_fields": {
				"goals": "health",
			},
			"fields": ["goals", "status", "next_review"],
			"provider_domains": ["youth", "care", "social"],
		},
		"child_protection": {
			"fields": ["measure", "since", "guardian"],
			"provider_domains": ["youth"],
		},
		"mental_health_treatment": {
			"special": "health",
			"fields": ["in_treatment", "contact_person"],
			"provider_domains": ["care"],
		},
		"addiction_care": {
			"special": "health",
			"fields": ["in_treatment", "care_type", "contact_person"],
			"field_domains": {
				"care_type": ["care", "justice"],
			},
			"provider_domains": ["care"],
		},
		"school_enrolment": {
			"fields": ["school", "grade", "enrolled_since"],
			"provider_domains": ["education"],
		},
		"school_attendance": {
			"fields": ["absence_hours_term", "unauthorised_absence", "compulsory_education_report"],
			"provider_domains": ["education", "social"],
		},
		"income_and_debts": {
			"fields": ["benefit", "debt_counselling", "problematic_debts"],
			"provider_domains": ["social"],
		},
		"housing": {
			"fields": ["situation", "eviction_risk"],
			"provider_domains": ["social"],
		},
		"signal": {
			"fields": ["signal_date", "signal_type", "description"],
			"field_domains": {
				"description": ["coordination", "justice", "youth", "care"],
			},
		},
		"action_status": {
			"fields": ["action_id", "action", "owner", "status", "due_date"],
			"field_domains": {
				"action": ["coordination", "justice", "youth", "care"],
			},
			"case_level_fields": ["action_id", "action", "owner", "status", "due_date"],
		},
		"meeting_outcome": {
			"fields": ["meeting_date", "decisions", "next_meeting"],
			"field_domains": {
				"decisions": ["coordination", "justice", "youth", "care"],
			},
			"case_level_fields": ["meeting_date", "next_meeting"],
		},
	},
	"purposes": {
		"triage": {
			"title": "Assess a registration against the criteria and decide to take the case",
			"kind": "case_process",
			"phases": ["registration", "triage"],
			"receiving_roles": ["process_director"],
			"asks_beyond_the_case": true,
			"matrix": {
				"case_involvement": ["coordination", "safety", "justice", "youth", "care", "education", "social"],
				"identification": ["coordination"],
				"signal": ["coordination"],
			},
		},
		"case_meeting": {
			"title": "Prepare and hold the case meeting and make the joint plan",
			"kind": "case_process",
			"phases": ["case_meeting", "monitoring"],
			"receiving_roles": ["process_director", "case_director", "case_participant"],
			"matrix": {
				"identification": ["coordination", "safety", "justice", "youth", "care", "education", "social"],
				"case_involvement": ["coordination", "safety", "justice", "youth", "care", "education", "social"],
				"police_incidents": ["coordination", "safety", "justice", "youth", "care"],
				"police_reports": ["coordination", "safety", "justice", "youth"],
				"judicial_status": ["coordination", "safety", "justice"],
				"probation_supervision": ["coordination", "safety", "justice", "care", "social"],
				"detention": ["coordination", "safety", "justice", "social", "care"],
				"youth_care_involvement": ["coordination", "youth", "care", "education", "safety", "justice"],
				"care_plan_summary": ["coordination", "youth", "care", "social"],
				"child_protection": ["coordination", "youth", "justice", "safety", "education"],
				"mental_health_treatment": ["coordination", "care", "youth", "justice"],
				"addiction_care": ["coordination", "care", "justice"],
				"school_enrolment": ["coordination", "education", "youth", "social", "safety"],
				"school_attendance": ["coordination", "education", "youth", "social"],
				"income_and_debts": ["coordination", "social", "care", "justice"],
				"housing": ["coordination", "social", "care", "justice", "youth"],
				"signal": ["coordination", "safety", "justice", "youth", "care", "education", "social"],
				"action_status": ["coordination", "safety", "justice", "youth", "care", "education", "social"],
				"meeting_outcome": ["coordination", "safety", "justice", "youth", "care", "education", "social"],
			},
		},
		"monitoring": {
			"title": "Follow up the agreed actions of the plan",
			"kind": "case_process",
			"phases": ["monitoring", "shadow_list"],
			"receiving_roles": ["process_director", "case_director", "case_participant"],
			"matrix": {
				"case_involvement": ["coordination", "safety", "justice", "youth", "care", "education", "social"],
				"action_status": ["coordination", "safety", "justice", "youth", "care", "education", "social"],
				"signal": ["coordination", "safety", "justice", "youth", "care", "education", "social"],
				"meeting_outcome": ["coordination", "safety", "justice", "youth", "care", "education", "social"],
				"care_plan_summary": ["coordination", "youth", "care", "social"],
				"school_attendance": ["coordination", "education", "youth", "social"],
				"probation_supervision": ["coordination", "safety", "justice", "care", "social"],
			},
		},
		"evaluation": {
			"title": "Evaluate a closed case",
			"kind": "case_process",
			"phases": ["closed"],
			"receiving_roles": ["process_director"],
			"matrix": {
				"case_involvement": ["coordination"],
				"meeting_outcome": ["coordination"],
			},
		},
		"criminal_investigation": {
			"title": "Use in a criminal investigation",
			"kind": "reuse",
			"phases": ["triage", "case_meeting", "monitoring", "shadow_list", "closed"],
			"domains": ["safety", "justice"],
			"receiving_roles": ["process_director", "case_director", "case_participant"],
			"matrix": {
				"identification": ["safety", "justice"],
				"case_involvement": ["safety", "justice"],
				"police_incidents": ["safety", "justice"],
				"police_reports": ["safety", "justice"],
				"judicial_status": ["safety", "justice"],
				"probation_supervision": ["safety", "justice"],
				"detention": ["safety", "justice"],
				"youth_care_involvement": ["safety", "justice"],
				"child_protection": ["safety", "justice"],
				"mental_health_treatment": ["justice"],
				"addiction_care": ["justice"],
				"school_enrolment": ["safety"],
				"income_and_debts": ["justice"],
				"housing": ["justice"],
				"signal": ["safety", "justice"],
				"action_status": ["safety", "justice"],
				"meeting_outcome": ["safety", "justice"],
			},
		},
		"prosecution": {
			"title": "Use in a prosecution decision",
			"kind": "reuse",
			"phases": ["triage", "case_meeting", "monitoring", "shadow_list", "closed"],
			"domains": ["justice"],
			"receiving_roles": ["process_director", "case_director", "case_participant"],
			"matrix": {
				"identification": ["justice"],
				"case_involvement": ["justice"],
				"police_incidents": ["justice"],
				"police_reports": ["justice"],
				"judicial_status": ["justice"],
				"probation_supervision": ["justice"],
				"detention": ["justice"],
				"youth_care_involvement": ["justice"],
				"child_protection": ["justice"],
				"mental_health_treatment": ["justice"],
				"addiction_care": ["justice"],
				"income_and_debts": ["justice"],
				"housing": ["justice"],
				"signal": ["justice"],
				"action_status": ["justice"],
				"meeting_outcome": ["justice"],
			},
		},
		"child_protection_investigation": {
			"title": "Use in a child protection investigation",
			"kind": "reuse",
			"phases": ["triage", "case_meeting", "monitoring", "shadow_list", "closed"],
			"domains": ["youth"],
			"receiving_roles": ["process_director", "case_director", "case_participant"],
			"matrix": {
				"identification": ["youth"],
				"case_involvement": ["youth"],
				"police_incidents": ["youth"],
				"police_reports": ["youth"],
				"youth_care_involvement": ["youth"],
				"care_plan_summary": ["youth"],
				"child_protection": ["youth"],
				"mental_health_treatment": ["youth"],
				"school_enrolment": ["youth"],
				"school_attendance": ["youth"],
				"housing": ["youth"],
				"signal": ["youth"],
				"action_status": ["youth"],
				"meeting_outcome": ["youth"],
			},
		},
		"own_file": {
			"title": "Add to the receiving partner's own client file",
			"kind": "reuse",
			"phases": ["triage", "case_meeting", "monitoring", "shadow_list", "closed"],
			"domains": ["coordination", "safety", "justice", "youth", "care", "education", "social"],
			"receiving_roles": ["process_director", "case_director", "case_participant"],
			"needs_consent": true,
			"matrix": {
				"identification": ["coordination", "safety", "justice", "youth", "care", "education", "social"],
				"case_involvement": ["coordination", "safety", "justice", "youth", "care", "education", "social"],
				"police_incidents": ["coordination", "safety", "justice", "youth", "care"],
				"police_reports": ["coordination", "safety", "justice", "youth"],
				"judicial_status": ["coordination", "safety", "justice"],
				"probation_supervision": ["coordination", "safety", "justice", "care", "social"],
				"detention": ["coordination", "safety", "justice", "care", "social"],
				"youth_care_involvement": ["coordination", "safety", "justice", "youth", "care", "education"],
				"care_plan_summary": ["coordination", "youth", "care", "social"],
				"child_protection": ["coordination", "safety", "justice", "youth", "education"],
				"mental_health_treatment": ["coordination", "justice", "youth", "care"],
				"addiction_care": ["coordination", "justice", "care"],
				"school_enrolment": ["coordination", "safety", "youth", "education", "social"],
				"school_attendance": ["coordination", "youth", "education", "social"],
				"income_and_debts": ["coordination", "justice", "care", "social"],
				"housing": ["coordination", "justice", "youth", "care", "social"],
				"signal": ["coordination", "safety", "justice", "youth", "care", "education", "social"],
				"action_status": ["coordination", "safety", "justice", "youth", "care", "education", "social"],
				"meeting_outcome": ["coordination", "safety", "justice", "youth", "care", "education", "social"],
			},
		},
	},
}
