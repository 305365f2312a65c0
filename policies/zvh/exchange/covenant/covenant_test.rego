package zvh.exchange.covenant_test

import data.zvh.exchange.covenant
import data.zvh.exchange.covenant_fixture_test.bonaire

# in_force on the fixture covenant: from 24 January 2020 (signed that day, "Op 24 januari
# 2020 hebben de ketenpartners ... een samenwerkings- en privacyconvenant ondertekend")
# up to 1 January 2028.

test_in_force_from_not_before if {
	covenant.in_force(bonaire, "2020-01-24T00:00:00.000Z")
	covenant.in_force(bonaire, "2026-11-23T10:00:00.000Z")
}

test_in_force_until_the_last_millisecond_before_not_after if {
	covenant.in_force(bonaire, "2027-12-31T23:59:59.999Z")
}

test_not_in_force_before_not_before if {
	not covenant.in_force(bonaire, "2020-01-23T23:59:59.999Z")
	not covenant.in_force(bonaire, "2020-01-22T12:00:00.000Z")
	not covenant.in_force(bonaire, "2016-03-01T00:00:00.000Z")
}

test_not_in_force_from_not_after if {
	not covenant.in_force(bonaire, "2028-01-01T00:00:00.000Z")
	not covenant.in_force(bonaire, "2031-05-05T00:00:00.000Z")
}

test_not_in_force_without_a_valid_validity if {
	not covenant.in_force(object.union(bonaire, {"not_after": null}), "2026-11-23T10:00:00.000Z")
	not covenant.in_force(object.remove(bonaire, ["not_before"]), "2026-11-23T10:00:00.000Z")
	not covenant.in_force(object.union(bonaire, {"not_before": "2020"}), "2026-11-23T10:00:00.000Z")
}

# party

test_party_is_a_named_partner_with_an_acceptance if {
	covenant.party(bonaire, ["politie-cn", "jeugdzorg-cn"], "politie-cn")
}

test_named_partner_without_an_acceptance_is_no_party if {
	not covenant.party(bonaire, ["jeugdzorg-cn"], "politie-cn")
	not covenant.party(bonaire, [], "politie-cn")
}

test_acceptance_of_an_organisation_the_covenant_does_not_name_makes_no_party if {
	not covenant.party(bonaire, ["acme"], "acme")
}
