# METADATA
# title: Bonaire covenant data consistency
# description: |
#   The policy trusts the covenant data: a name that is misspelt in one place silently
#   denies (or, for a missing special_bases list, silently allows). Each test collects
#   the offending entries, so a failure with --var-values names them.
package zvh.covenants.bonaire_test

import data.zvh.covenants.bonaire
import data.zvh.lib.timestamp

_special_kinds := {"criminal", "health"}

_purpose_kinds := {"case_process", "reuse"}

test_retention_is_one_year if {
	bonaire.retention_years == 1
}

# The store reads the term when it seeds the network (broker/store/seed-networks.ts).
test_shadow_list_review_is_half_a_year if {
	bonaire.shadow_list_review_months == 6
}

test_validity_is_ordered if {
	timestamp.valid(bonaire.not_before)
	timestamp.valid(bonaire.not_after)
	bonaire.not_before < bonaire.not_after
}

test_every_partner_domain_is_a_domain if {
	bad := {organisation |
		some organisation, partner in bonaire.partners
		not partner.domain in bonaire.domains
	}
	bad == set()
}

test_every_partner_has_a_list_of_known_special_bases if {
	bad := {organisation |
		some organisation, partner in bonaire.partners
		not _special_bases_ok(partner)
	}
	bad == set()
}

_special_bases_ok(partner) if {
	is_array(partner.special_bases)
	every kind in partner.special_bases {
		kind in _special_kinds
	}
}

test_every_special_category_is_of_a_known_kind if {
	bad := {name |
		some name, category in bonaire.categories
		category.special
		not category.special in _special_kinds
	}
	bad == set()
}

test_every_category_has_fields if {
	bad := {name |
		some name, category in bonaire.categories
		not _non_empty_string_list(category.fields)
	}
	bad == set()
}

_non_empty_string_list(xs) if {
	is_array(xs)
	count(xs) > 0
	every x in xs {
		is_string(x)
	}
}

test_every_field_domains_key_is_a_field_of_its_category if {
	bad := {[name, field] |
		some name, category in bonaire.categories
		some field, _ in object.get(category, "field_domains", {})
		not field in category.fields
	}
	bad == set()
}

test_every_field_domain_is_a_domain if {
	bad := {[name, field, domain] |
		some name, category in bonaire.categories
		some field, domains in object.get(category, "field_domains", {})
		some domain in domains
		not domain in bonaire.domains
	}
	bad == set()
}

test_every_purpose_is_of_a_known_kind if {
	bad := {name |
		some name, purpose in bonaire.purposes
		not purpose.kind in _purpose_kinds
	}
	bad == set()
}

test_every_receiving_role_is_a_role if {
	bad := {[name, role] |
		some name, purpose in bonaire.purposes
		some role in purpose.receiving_roles
		not role in bonaire.roles
	}
	bad == set()
}

test_every_purpose_names_receiving_roles if {
	bad := {name |
		some name, purpose in bonaire.purposes
		not _non_empty_string_list(purpose.receiving_roles)
	}
	bad == set()
}

test_every_case_process_purpose_has_phases_and_a_matrix if {
	bad := {name |
		some name, purpose in bonaire.purposes
		purpose.kind == "case_process"
		not _case_process_shape(purpose)
	}
	bad == set()
}

_case_process_shape(purpose) if {
	_non_empty_string_list(purpose.phases)
	is_object(purpose.matrix)
	count(purpose.matrix) > 0
}

test_every_case_process_phase_is_a_phase if {
	bad := {[name, phase] |
		some name, purpose in bonaire.purposes
		purpose.kind == "case_process"
		some phase in purpose.phases
		not phase in bonaire.phases
	}
	bad == set()
}

test_reuse_purposes_have_no_phases_or_matrix if {
	bad := {name |
		some name, purpose in bonaire.purposes
		purpose.kind == "reuse"
		_has_phases_or_matrix(purpose)
	}
	bad == set()
}

_has_phases_or_matrix(purpose) if purpose.phases

_has_phases_or_matrix(purpose) if purpose.matrix

test_every_matrix_category_is_a_category if {
	bad := {[name, category] |
		some name, purpose in bonaire.purposes
		some category, _ in object.get(purpose, "matrix", {})
		not bonaire.categories[category]
	}
	bad == set()
}

test_every_matrix_domain_is_a_domain if {
	bad := {[name, category, domain] |
		some name, purpose in bonaire.purposes
		some category, domains in object.get(purpose, "matrix", {})
		some domain in domains
		not domain in bonaire.domains
	}
	bad == set()
}

# The checks above catch what they are meant to catch.

test_unknown_partner_domain_is_caught if {
	not test_every_partner_domain_is_a_domain with bonaire.partners.sgb.domain as "schooling"
}

test_missing_special_bases_is_caught if {
	not test_every_partner_has_a_list_of_known_special_bases with bonaire.partners.sgb as {"name": "SGB", "domain": "education"}
}

test_unknown_field_domains_key_is_caught if {
	not test_every_field_domains_key_is_a_field_of_its_category with bonaire.categories.police_incidents.field_domains as {"summry": ["justice"]}
}

test_unknown_receiving_role_is_caught if {
	not test_every_receiving_role_is_a_role with bonaire.purposes.triage.receiving_roles as ["process_directer"]
}

test_unknown_phase_is_caught if {
	not test_every_case_process_phase_is_a_phase with bonaire.purposes.triage.phases as ["intake"]
}

test_unknown_matrix_category_is_caught if {
	not test_every_matrix_category_is_a_category with bonaire.purposes.triage.matrix as {"identity": ["coordination"]}
}

test_unknown_matrix_domain_is_caught if {
	not test_every_matrix_domain_is_a_domain with bonaire.purposes.triage.matrix as {"identification": ["coordinaton"]}
}

test_reuse_purpose_with_phases_is_caught if {
	not test_reuse_purposes_have_no_phases_or_matrix with bonaire.purposes.own_file.phases as ["case_meeting"]
}

test_reuse_purpose_with_matrix_is_caught if {
	not test_reuse_purposes_have_no_phases_or_matrix with bonaire.purposes.own_file.matrix as {"identification": ["youth"]}
}
