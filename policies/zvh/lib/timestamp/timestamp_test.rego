package zvh.lib.timestamp_test

import data.zvh.lib.timestamp

# valid

test_valid_accepts_to_iso_string_shape if {
	timestamp.valid("2026-11-23T10:00:00.000Z")
	timestamp.valid("2024-02-29T23:59:59.999Z")
}

test_valid_rejects_other_shapes if {
	not timestamp.valid("2026-11-23T10:00:00Z") # no milliseconds
	not timestamp.valid("2026-11-23T10:00:00.000") # no zone
	not timestamp.valid("2026-11-23T10:00:00.000+00:00") # offset instead of Z
	not timestamp.valid("2026-11-23 10:00:00.000Z") # space instead of T
	not timestamp.valid("2026-11-23") # date only
	not timestamp.valid(" 2026-11-23T10:00:00.000Z") # leading space
	not timestamp.valid("2026-11-23T10:00:00.000Z\n") # trailing newline
	not timestamp.valid("")
}

test_valid_rejects_a_non_digit_in_any_number if {
	every t in [
		"2O26-11-23T10:00:00.000Z",
		"2026-1a-23T10:00:00.000Z",
		"2026-11-2 T10:00:00.000Z",
		"2026-11-23T1x:00:00.000Z",
		"2026-11-23T10:0-:00.000Z",
		"2026-11-23T10:00:0Z.000Z",
		"2026-11-23T10:00:00.00aZ",
		"2026-11-23T10:00:00.٠٠٠Z",
	] {
		not timestamp.valid(t)
	}
}

test_valid_rejects_a_wrong_separator if {
	every t in [
		"2026/11-23T10:00:00.000Z",
		"2026-11/23T10:00:00.000Z",
		"2026-11-23 10:00:00.000Z",
		"2026-11-23T10.00:00.000Z",
		"2026-11-23T10:00.00.000Z",
		"2026-11-23T10:00:00,000Z",
		"2026-11-23T10:00:00.000z",
	] {
		not timestamp.valid(t)
	}
}

test_valid_rejects_non_strings if {
	not timestamp.valid(null)
	not timestamp.valid(1795428000000)
	not timestamp.valid(["2026-11-23T10:00:00.000Z"])
	not timestamp.valid({"at": "2026-11-23T10:00:00.000Z"})
}

# within: from <= at < until, a null until never ends

test_within_between if {
	timestamp.within("2020-01-01T00:00:00.000Z", "2021-01-01T00:00:00.000Z", "2020-06-01T00:00:00.000Z")
}

test_within_includes_from if {
	timestamp.within("2020-01-01T00:00:00.000Z", "2021-01-01T00:00:00.000Z", "2020-01-01T00:00:00.000Z")
}

test_within_excludes_until if {
	not timestamp.within("2020-01-01T00:00:00.000Z", "2021-01-01T00:00:00.000Z", "2021-01-01T00:00:00.000Z")
	timestamp.within("2020-01-01T00:00:00.000Z", "2021-01-01T00:00:00.000Z", "2020-12-31T23:59:59.999Z")
}

test_within_excludes_before_from if {
	not timestamp.within("2020-01-01T00:00:00.000Z", "2021-01-01T00:00:00.000Z", "2019-12-31T23:59:59.999Z")
}

test_within_null_until_never_ends if {
	timestamp.within("2020-01-01T00:00:00.000Z", null, "2020-01-01T00:00:00.000Z")
	timestamp.within("2020-01-01T00:00:00.000Z", null, "9999-12-31T23:59:59.999Z")
}

test_within_null_until_still_starts_at_from if {
	not timestamp.within("2020-01-01T00:00:00.000Z", null, "2019-12-31T23:59:59.999Z")
}

test_within_empty_interval if {
	not timestamp.within("2020-01-01T00:00:00.000Z", "2020-01-01T00:00:00.000Z", "2020-01-01T00:00:00.000Z")
}

# add_years keeps month, day and time

test_add_years_keeps_month_day_and_time if {
	timestamp.add_years("2025-11-23T10:00:00.000Z", 1) == "2026-11-23T10:00:00.000Z"
	timestamp.add_years("2025-11-23T10:00:00.000Z", 2) == "2027-11-23T10:00:00.000Z"
	timestamp.add_years("2025-11-23T10:00:00.000Z", 0) == "2025-11-23T10:00:00.000Z"
	timestamp.add_years("2025-11-23T10:00:00.000Z", -1) == "2024-11-23T10:00:00.000Z"
}

test_add_years_crosses_century if {
	timestamp.add_years("1999-12-31T23:59:59.999Z", 1) == "2000-12-31T23:59:59.999Z"
}

test_add_years_result_is_a_valid_timestamp if {
	timestamp.valid(timestamp.add_years("2025-01-01T00:00:00.000Z", 1))
}

test_add_years_29_february_to_leap_year if {
	timestamp.add_years("2024-02-29T12:00:00.000Z", 4) == "2028-02-29T12:00:00.000Z"
}

test_add_years_29_february_to_common_year_sorts_between_28_february_and_1_march if {
	t := timestamp.add_years("2024-02-29T12:00:00.000Z", 1)
	t == "2025-02-29T12:00:00.000Z"
	"2025-02-28T23:59:59.999Z" < t
	t < "2025-03-01T00:00:00.000Z"
}

# add_months

test_add_months_within_the_year if {
	timestamp.add_months("2026-08-23T10:00:00.000Z", 3) == "2026-11-23T10:00:00.000Z"
}

test_add_months_across_the_year_end if {
	timestamp.add_months("2026-11-23T10:00:00.000Z", 3) == "2027-02-23T10:00:00.000Z"
	timestamp.add_months("2026-12-01T00:00:00.000Z", 1) == "2027-01-01T00:00:00.000Z"
	timestamp.add_months("2026-12-01T00:00:00.000Z", 12) == "2027-12-01T00:00:00.000Z"
	timestamp.add_months("2026-01-01T00:00:00.000Z", 11) == "2026-12-01T00:00:00.000Z"
}

test_add_months_past_a_short_month_end_sorts_before_the_next_month if {
	t := timestamp.add_months("2026-11-30T12:00:00.000Z", 3)
	t == "2027-02-30T12:00:00.000Z"
	"2027-02-28T23:59:59.999Z" < t
	t < "2027-03-01T00:00:00.000Z"
}
