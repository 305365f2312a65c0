package zvh.exchange.statutory_test

import data.zvh.exchange.covenant_fixture_test.bonaire
import data.zvh.exchange.statutory

test_ground_of_the_basis_that_covers_the_flow if {
	statutory.ground(bonaire, "politie-cn", "om-bes", "police_reports") == {
		"type": "statutory",
		"id": "police-data-to-prosecutor",
		"law": "Wet politiegegevens",
	}
}

test_no_ground_outside_the_basis if {
	not statutory.ground(bonaire, "politie-cn", "om-bes", "mental_health_treatment")
	not statutory.ground(bonaire, "om-bes", "politie-cn", "police_reports")
	not statutory.ground(bonaire, "politie-cn", "jeugdzorg-cn", "police_reports")
	not statutory.ground({"partners": {}}, "politie-cn", "om-bes", "police_reports")
}

test_lowest_id_where_several_bases_cover_the_flow if {
	basis := {"law": "L", "providers": ["a"], "recipients": ["b"], "categories": ["c"]}
	network := {"statutory_bases": {"z-basis": basis, "a-basis": object.union(basis, {"article": "art. 2"})}}
	statutory.ground(network, "a", "b", "c") == {"type": "statutory", "id": "a-basis", "law": "L", "article": "art. 2"}
}
