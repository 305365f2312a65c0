package zvh.exchange.covenant_test

import data.zvh.covenants.bonaire
import data.zvh.exchange.covenant

# version_in_force on the Bonaire covenant: 2016 version, a gap from 1 to 20 January
# 2020, then the 2020 version until 1 January 2028.

test_version_in_force_2016 if {
	covenant.version_in_force(bonaire, "2016-03-01T00:00:00.000Z").id == "bonaire-2016"
	covenant.version_in_force(bonaire, "2018-06-15T12:00:00.000Z").id == "bonaire-2016"
	covenant.version_in_force(bonaire, "2019-12-31T23:59:59.999Z").id == "bonaire-2016"
}

test_version_in_force_2020 if {
	covenant.version_in_force(bonaire, "2020-01-20T00:00:00.000Z").id == "bonaire-2020"
	covenant.version_in_force(bonaire, "2026-11-23T10:00:00.000Z").id == "bonaire-2020"
	covenant.version_in_force(bonaire, "2027-12-31T23:59:59.999Z").id == "bonaire-2020"
}

test_no_version_before_the_first if {
	not covenant.version_in_force(bonaire, "2016-02-29T23:59:59.999Z")
}

test_no_version_in_the_gap_between_versions if {
	not covenant.version_in_force(bonaire, "2020-01-01T00:00:00.000Z")
	not covenant.version_in_force(bonaire, "2020-01-10T00:00:00.000Z")
	not covenant.version_in_force(bonaire, "2020-01-19T23:59:59.999Z")
}

test_no_version_from_valid_until_of_the_last if {
	not covenant.version_in_force(bonaire, "2028-01-01T00:00:00.000Z")
	not covenant.version_in_force(bonaire, "2031-05-05T00:00:00.000Z")
}

test_version_without_end_stays_in_force if {
	network := {"versions": [{"id": "open", "valid_from": "2020-01-01T00:00:00.000Z", "valid_until": null, "signatories": {}}]}
	covenant.version_in_force(network, "2099-01-01T00:00:00.000Z").id == "open"
	not covenant.version_in_force(network, "2019-12-31T23:59:59.999Z")
}

test_no_version_in_a_network_without_versions if {
	not covenant.version_in_force({"versions": []}, "2026-11-23T10:00:00.000Z")
}

# signatory

_version := {
	"id": "v",
	"valid_from": "2020-01-01T00:00:00.000Z",
	"valid_until": null,
	"signatories": {
		"a": {"signed_at": "2020-01-01T00:00:00.000Z"},
		"late": {"signed_at": "2020-03-02T00:00:00.000Z"},
		"gone": {"signed_at": "2020-01-01T00:00:00.000Z", "withdrawn_at": "2024-01-01T00:00:00.000Z"},
		"open": {"signed_at": "2020-01-01T00:00:00.000Z", "withdrawn_at": null},
	},
}

test_signatory_from_signing if {
	covenant.signatory(_version, "a", "2020-01-01T00:00:00.000Z")
	covenant.signatory(_version, "a", "2026-11-23T10:00:00.000Z")
}

test_not_signatory_before_signing if {
	not covenant.signatory(_version, "late", "2020-03-01T23:59:59.999Z")
	covenant.signatory(_version, "late", "2020-03-02T00:00:00.000Z")
}

test_not_signatory_from_withdrawal if {
	covenant.signatory(_version, "gone", "2023-12-31T23:59:59.999Z")
	not covenant.signatory(_version, "gone", "2024-01-01T00:00:00.000Z")
	not covenant.signatory(_version, "gone", "2026-11-23T10:00:00.000Z")
}

test_signatory_with_null_withdrawal if {
	covenant.signatory(_version, "open", "2026-11-23T10:00:00.000Z")
}

test_not_signatory_when_not_named if {
	not covenant.signatory(_version, "acme", "2026-11-23T10:00:00.000Z")
}

test_bonaire_late_signatories if {
	v2016 := covenant.version_in_force(bonaire, "2019-06-01T00:00:00.000Z")
	not covenant.signatory(v2016, "krusada", "2019-06-01T00:00:00.000Z")
	not covenant.signatory(v2016, "forma", "2019-06-01T00:00:00.000Z")

	v2020 := covenant.version_in_force(bonaire, "2020-02-01T00:00:00.000Z")
	covenant.signatory(v2020, "politie-cn", "2020-02-01T00:00:00.000Z")
	not covenant.signatory(v2020, "krusada", "2020-02-10T23:59:59.999Z")
	covenant.signatory(v2020, "krusada", "2020-02-11T00:00:00.000Z")
	not covenant.signatory(v2020, "forma", "2020-03-01T23:59:59.999Z")
	covenant.signatory(v2020, "forma", "2020-03-02T00:00:00.000Z")
}
