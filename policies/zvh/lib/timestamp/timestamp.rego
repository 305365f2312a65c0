# METADATA
# title: Timestamps
# description: |
#   Every time in the policy's input and data is a UTC string of one fixed shape
#   (YYYY-MM-DDTHH:MM:SS.sssZ, what JavaScript's toISOString writes). String order is
#   then time order, so the policy needs none of the time builtins, which the
#   WebAssembly SDK does not implement.
package zvh.lib.timestamp

# The shape is checked with string builtins rather than a regular expression: in the
# wasm build a regex match costs a third of a whole decision.
valid(t) if {
	is_string(t)
	count(t) == 24
	_separators(t) == "--T::.Z"
	trim(_digits(t), "0123456789") == ""
}

# within holds when from <= at < until; a null until never ends.
within(from, until, at) if {
	from <= at
	until == null
}

within(from, until, at) if {
	from <= at
	at < until
}

# add_years keeps month, day and time: a year after 29 February is 29 February,
# which sorts between 28 February and 1 March as it should.
add_years(t, years) := concat("", [format_int(to_number(substring(t, 0, 4)) + years, 10), substring(t, 4, -1)])

_separators(t) := concat("", [substring(t, i, 1) | some i in [4, 7, 10, 13, 16, 19, 23]])

_digits(t) := concat("", [substring(t, 0, 4), substring(t, 5, 2), substring(t, 8, 2), substring(t, 11, 2), substring(t, 14, 2), substring(t, 17, 2), substring(t, 20, 3)])

# add_months keeps day and time: three months after 30 November is "30 February",
# which sorts after 28 February and before 1 March, so a term counted from the end of
# a month runs to the end of the shorter month and no further.
add_months(t, months) := concat("", [format_int(year, 10), "-", _two_digits(month), substring(t, 7, -1)]) if {
	index := (((to_number(substring(t, 0, 4)) * 12) + to_number(substring(t, 5, 2))) - 1) + months
	month := (index % 12) + 1
	year := (index - (index % 12)) / 12
}

_two_digits(n) := concat("", ["0", format_int(n, 10)]) if n < 10

_two_digits(n) := format_int(n, 10) if n >= 10
