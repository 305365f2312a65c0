package zvh.exchange.purpose_test

import data.zvh.exchange.covenant_fixture_test.bonaire
import data.zvh.exchange.purpose

# reuse

test_reuse_purposes if {
	purpose.reuse(bonaire.purposes.criminal_investigation)
	purpose.reuse(bonaire.purposes.prosecution)
	purpose.reuse(bonaire.purposes.child_protection_investigation)
	purpose.reuse(bonaire.purposes.own_file)
}

test_case_process_purposes_are_not_reuse if {
	not purpose.reuse(bonaire.purposes.triage)
	not purpose.reuse(bonaire.purposes.case_meeting)
	not purpose.reuse(bonaire.purposes.monitoring)
	not purpose.reuse(bonaire.purposes.evaluation)
}

# phase_matches

test_case_process_purpose_in_its_phases if {
	purpose.phase_matches(bonaire.purposes.triage, "registration")
	purpose.phase_matches(bonaire.purposes.triage, "triage")
	purpose.phase_matches(bonaire.purposes.case_meeting, "case_meeting")
	purpose.phase_matches(bonaire.purposes.case_meeting, "monitoring")
	purpose.phase_matches(bonaire.purposes.monitoring, "shadow_list")
	purpose.phase_matches(bonaire.purposes.evaluation, "closed")
}

test_case_process_purpose_outside_its_phases if {
	not purpose.phase_matches(bonaire.purposes.triage, "case_meeting")
	not purpose.phase_matches(bonaire.purposes.case_meeting, "triage")
	not purpose.phase_matches(bonaire.purposes.case_meeting, "closed")
	not purpose.phase_matches(bonaire.purposes.monitoring, "case_meeting")
	not purpose.phase_matches(bonaire.purposes.evaluation, "monitoring")
	not purpose.phase_matches(bonaire.purposes.case_meeting, "no_such_phase")
}

# Nothing was shared in registration, so nothing can be reused then.
test_reuse_purpose_matches_the_phases_after_registration if {
	not purpose.phase_matches(bonaire.purposes.criminal_investigation, "registration")
	purpose.phase_matches(bonaire.purposes.criminal_investigation, "triage")
	purpose.phase_matches(bonaire.purposes.criminal_investigation, "closed")
	purpose.phase_matches(bonaire.purposes.own_file, "case_meeting")
}

test_purpose_of_unknown_kind_matches_no_phase if {
	not purpose.phase_matches({"kind": "other", "phases": ["triage"]}, "triage")
}

# proportionate

test_proportionate_categories if {
	purpose.proportionate(bonaire.purposes.case_meeting, "police_incidents")
	purpose.proportionate(bonaire.purposes.triage, "case_involvement")
	purpose.proportionate(bonaire.purposes.monitoring, "action_status")
}

test_disproportionate_categories if {
	not purpose.proportionate(bonaire.purposes.triage, "police_incidents")
	not purpose.proportionate(bonaire.purposes.monitoring, "identification")
	not purpose.proportionate(bonaire.purposes.evaluation, "signal")
	not purpose.proportionate(bonaire.purposes.case_meeting, "shoe_size")
}

test_reuse_purpose_has_a_matrix if {
	purpose.proportionate(bonaire.purposes.criminal_investigation, "police_incidents")
	not purpose.proportionate(bonaire.purposes.criminal_investigation, "school_attendance")
}

# domain_may_have

test_reuse_purposes_are_bound_to_domains if {
	purpose.domain_may_have(bonaire.purposes.criminal_investigation, "safety")
	purpose.domain_may_have(bonaire.purposes.prosecution, "justice")
	not purpose.domain_may_have(bonaire.purposes.criminal_investigation, "education")
	not purpose.domain_may_have(bonaire.purposes.prosecution, "safety")
	purpose.domain_may_have(bonaire.purposes.child_protection_investigation, "youth")
	not purpose.domain_may_have(bonaire.purposes.child_protection_investigation, "care")
	every domain in bonaire.domains {
		purpose.domain_may_have(bonaire.purposes.own_file, domain)
	}
}

# needs_consent

test_case_process_and_own_file_need_consent if {
	purpose.needs_consent(bonaire.purposes.case_meeting)
	purpose.needs_consent(bonaire.purposes.own_file)
	not purpose.needs_consent(bonaire.purposes.criminal_investigation)
	not purpose.needs_consent({"kind": "other"})
}
