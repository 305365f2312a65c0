package zvh.exchange.need_to_know_test

import data.zvh.exchange.covenant_fixture_test.bonaire
import data.zvh.exchange.need_to_know

_case := {"id": "c1", "participants": ["politie-cn", "jeugdzorg-cn"]}

# participant

test_participant if {
	need_to_know.participant(_case, "politie-cn")
	need_to_know.participant(_case, "jeugdzorg-cn")
}

test_not_participant if {
	not need_to_know.participant(_case, "om-bes")
	not need_to_know.participant({"participants": []}, "politie-cn")
}

# may_be_asked

test_participants_may_be_asked if {
	need_to_know.may_be_asked(bonaire.purposes.case_meeting, _case, "jeugdzorg-cn")
	need_to_know.may_be_asked(bonaire.purposes.own_file, _case, "politie-cn")
}

test_partners_outside_the_case_may_not_be_asked if {
	not need_to_know.may_be_asked(bonaire.purposes.case_meeting, _case, "om-bes")
	not need_to_know.may_be_asked(bonaire.purposes.criminal_investigation, _case, "om-bes")
}

test_triage_asks_beyond_the_case if {
	need_to_know.may_be_asked(bonaire.purposes.triage, _case, "om-bes")
}

# role_may_receive

test_roles_that_may_receive if {
	need_to_know.role_may_receive(bonaire.purposes.case_meeting, "case_participant")
	need_to_know.role_may_receive(bonaire.purposes.case_meeting, "case_director")
	need_to_know.role_may_receive(bonaire.purposes.triage, "process_director")
	need_to_know.role_may_receive(bonaire.purposes.criminal_investigation, "case_participant")
}

test_roles_that_may_not_receive if {
	not need_to_know.role_may_receive(bonaire.purposes.case_meeting, "privacy_officer")
	not need_to_know.role_may_receive(bonaire.purposes.triage, "case_participant")
	not need_to_know.role_may_receive(bonaire.purposes.evaluation, "case_director")
	not need_to_know.role_may_receive(bonaire.purposes.case_meeting, "janitor")
}

# domain_may_receive

test_domains_that_may_receive if {
	need_to_know.domain_may_receive(bonaire.purposes.case_meeting, "police_incidents", "youth")
	need_to_know.domain_may_receive(bonaire.purposes.case_meeting, "police_incidents", "justice")
	need_to_know.domain_may_receive(bonaire.purposes.triage, "identification", "coordination")
}

test_domains_that_may_not_receive if {
	not need_to_know.domain_may_receive(bonaire.purposes.case_meeting, "police_incidents", "education")
	not need_to_know.domain_may_receive(bonaire.purposes.case_meeting, "mental_health_treatment", "social")
	not need_to_know.domain_may_receive(bonaire.purposes.triage, "identification", "safety")
	not need_to_know.domain_may_receive(bonaire.purposes.triage, "police_incidents", "coordination")
	not need_to_know.domain_may_receive(bonaire.purposes.criminal_investigation, "police_incidents", "education")
}

# fields

test_restricted_fields_open_to_listed_domains if {
	need_to_know.fields(bonaire.categories.police_incidents, "justice") == {
		"incident_date", "incident_type", "role_in_incident", "summary", "report_number",
	}
	need_to_know.fields(bonaire.categories.police_incidents, "safety") == {
		"incident_date", "incident_type", "role_in_incident", "summary", "report_number",
	}
}

test_restricted_fields_closed_to_other_domains if {
	need_to_know.fields(bonaire.categories.police_incidents, "youth") == {"incident_date", "incident_type", "role_in_incident"}
	need_to_know.fields(bonaire.categories.police_incidents, "coordination") == {"incident_date", "incident_type", "role_in_incident"}
	need_to_know.fields(bonaire.categories.addiction_care, "youth") == {"in_treatment", "contact_person"}
	need_to_know.fields(bonaire.categories.addiction_care, "care") == {"in_treatment", "care_type", "contact_person"}
	need_to_know.fields(bonaire.categories.detention, "social") == {"institution", "detention_since", "expected_release"}
}

test_category_without_field_domains_is_open_to_every_domain if {
	need_to_know.fields(bonaire.categories.school_attendance, "youth") == {
		"absence_hours_term", "unauthorised_absence", "compulsory_education_report",
	}
	need_to_know.fields(bonaire.categories.identification, "education") == {
		"family_name", "given_names", "date_of_birth", "address",
	}
}

test_every_field_restricted_leaves_nothing if {
	category := {"fields": ["a", "b"], "field_domains": {"a": ["justice"], "b": []}}
	need_to_know.fields(category, "youth") == set()
	need_to_know.fields(category, "justice") == {"a"}
}

# domain_may_provide

test_domains_that_hold_a_category_may_provide_it if {
	need_to_know.domain_may_provide(bonaire.categories.police_incidents, "safety")
	need_to_know.domain_may_provide(bonaire.categories.mental_health_treatment, "care")
	need_to_know.domain_may_provide(bonaire.categories.school_attendance, "social")
}

test_other_domains_may_not_provide_it if {
	not need_to_know.domain_may_provide(bonaire.categories.police_incidents, "education")
	not need_to_know.domain_may_provide(bonaire.categories.mental_health_treatment, "coordination")
}

test_a_category_without_provider_domains_any_domain_provides if {
	need_to_know.domain_may_provide(bonaire.categories.signal, "education")
	need_to_know.domain_may_provide(bonaire.categories.identification, "coordination")
}
