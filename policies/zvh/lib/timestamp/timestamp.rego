# METADATA
# title: Timestamps
# description: |
#   Every time in the policy's input and data is a UTC string of one fixed shape
#   (YYYY-MM-DDTHH:MM:SS.sssZ, what JavaScript's toISOString writes). String order is
#   then time order, so the policy needs none of the time builtins, which the
#   WebAssembly SDK does not implement.
package zvh.lib.timestamp

valid(t) if {
	is_string(t)
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$`, t)
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
