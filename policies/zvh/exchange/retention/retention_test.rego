package zvh.exchange.retention_test

import data.zvh.exchange.retention

_at := "2026-11-23T10:00:00.000Z"

_closed(closed_at) := {"id": "c1", "phase": "closed", "closed_at": closed_at, "participants": []}

test_open_case_never_expires if {
	not retention.expired(_closed(null), 1, _at)
	not retention.expired(_closed(null), 0, _at)
}

test_closed_a_year_and_a_millisecond_ago_is_expired if {
	retention.expired(_closed("2025-11-23T09:59:59.999Z"), 1, _at)
}

test_closed_exactly_a_year_ago_is_expired if {
	retention.expired(_closed("2025-11-23T10:00:00.000Z"), 1, _at)
}

test_closed_a_millisecond_less_than_a_year_ago_is_kept if {
	not retention.expired(_closed("2025-11-23T10:00:00.001Z"), 1, _at)
}

test_closed_recently_is_kept if {
	not retention.expired(_closed("2026-11-01T00:00:00.000Z"), 1, _at)
	not retention.expired(_closed(_at), 1, _at)
}

test_retention_period_in_years if {
	not retention.expired(_closed("2025-11-23T09:59:59.999Z"), 2, _at)
	retention.expired(_closed("2024-11-23T10:00:00.000Z"), 2, _at)
	retention.expired(_closed(_at), 0, _at)
}

test_closed_on_29_february if {
	closed := _closed("2024-02-29T12:00:00.000Z")
	not retention.expired(closed, 1, "2025-02-28T23:59:59.999Z")
	retention.expired(closed, 1, "2025-03-01T00:00:00.000Z")
	not retention.expired(closed, 4, "2028-02-29T11:59:59.999Z")
	retention.expired(closed, 4, "2028-02-29T12:00:00.000Z")
}
