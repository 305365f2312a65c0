# METADATA
# title: Minors
# description: |
#   A person under 16 does not consent for themselves: their legal representative does
#   (the GDPR's age of consent as the Netherlands set it, in UAVG article 5). The person's
#   age band tells that for the bands up to 12; the band 13-17 cannot tell 15 from 16, so
#   the registrant records the month the person turns 16 (a month, so that no date of
#   birth is stored), and the person counts as under 16 through that month. Without it a
#   person in the band counts as under 16: a consent that may not be the person's to
#   give is no ground.
package zvh.exchange.minors

_children := {"0-3", "4-12"}

under_16(person, _) if person.age_band in _children

under_16(person, _) if {
	person.age_band == "13-17"
	person.turns_16_in == null
}

under_16(person, at) if {
	person.age_band == "13-17"
	is_string(person.turns_16_in)
	substring(at, 0, 7) <= person.turns_16_in
}

# A consent the person could give at the moment they gave it: their legal
# representative's always, their own from the month after they turned 16.
may_give(consent, _) if consent.given_by == "legal_representative"

may_give(consent, person) if {
	consent.given_by == "person"
	not under_16(person, consent.given_at)
}
