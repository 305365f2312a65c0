package zvh.exchange.special_categories_test

import data.zvh.exchange.covenant_fixture_test.bonaire
import data.zvh.exchange.special_categories

test_health_to_partner_without_health_basis if {
	special_categories.basis_missing(bonaire.categories.mental_health_treatment, bonaire.partners.sgb)
	special_categories.basis_missing(bonaire.categories.mental_health_treatment, bonaire.partners.olb)
	special_categories.basis_missing(bonaire.categories.addiction_care, bonaire.partners["politie-cn"])
}

test_health_to_partner_with_health_basis if {
	not special_categories.basis_missing(bonaire.categories.mental_health_treatment, bonaire.partners.mhc)
	not special_categories.basis_missing(bonaire.categories.mental_health_treatment, bonaire.partners["jeugdzorg-cn"])
	not special_categories.basis_missing(bonaire.categories.addiction_care, bonaire.partners["zvh-bonaire"])
}

test_criminal_to_partner_without_criminal_basis if {
	special_categories.basis_missing(bonaire.categories.police_incidents, bonaire.partners.sgb)
	special_categories.basis_missing(bonaire.categories.probation_supervision, bonaire.partners.szw)
	special_categories.basis_missing(bonaire.categories.detention, bonaire.partners.mhc)
}

test_criminal_to_partner_with_criminal_basis if {
	not special_categories.basis_missing(bonaire.categories.police_incidents, bonaire.partners["om-bes"])
	not special_categories.basis_missing(bonaire.categories.police_incidents, bonaire.partners["jeugdzorg-cn"])
}

test_ordinary_category_needs_no_basis if {
	not special_categories.basis_missing(bonaire.categories.school_attendance, bonaire.partners.sgb)
	not special_categories.basis_missing(bonaire.categories.identification, bonaire.partners.olb)
}

test_partner_with_empty_special_bases if {
	special_categories.basis_missing({"special": "health"}, {"domain": "care", "special_bases": []})
	not special_categories.basis_missing({"fields": ["a"]}, {"domain": "care", "special_bases": []})
}

# Note: a partner object without a special_bases list is not reported as lacking a
# basis (the negated membership test is undefined, not false), so the covenant data
# test (covenants/bonaire/data_test.rego) requires every partner to carry the list.

test_partner_without_bases_has_none if {
	special_categories.basis_missing(bonaire.categories.police_incidents, {"domain": "education"})
}

# withheld_fields

test_special_field_withheld_without_the_basis if {
	special_categories.withheld_fields(bonaire.categories.care_plan_summary, bonaire.partners.szw) == {"goals"}
	special_categories.withheld_fields(bonaire.categories.youth_care_involvement, bonaire.partners["politie-cn"]) == {"care_type"}
	special_categories.withheld_fields(bonaire.categories.care_plan_summary, {"domain": "social"}) == {"goals"}
}

test_special_field_kept_with_the_basis if {
	special_categories.withheld_fields(bonaire.categories.care_plan_summary, bonaire.partners.mhc) == set()
	special_categories.withheld_fields(bonaire.categories.identification, bonaire.partners.szw) == set()
}
