# METADATA
# title: Asking a partner outside the case
# description: |
#   In triage the process director may ask partners outside the case whether they know
#   the person. The question itself discloses: the asked partner's adapter receives the
#   person's national identifier and so learns that the person was registered. So a
#   partner outside the case is asked only on a ground for disclosing the person's
#   identification to it, as any recipient: the person's consent to that partner, or a
#   standing legal-ground exception for it; never when the person objected to it, which
#   clients do "omdat ze bepaalde organisaties niet vertrouwen".
package zvh.exchange.asking

import data.zvh.exchange.consent

# What the question tells the partner asked: who the person is.
disclosed_category := "identification"

# A pull for a purpose that asks beyond the case, from a provider that takes no part in
# it (a participant already knows the person is discussed; a push is the provider's own
# disclosure, not a question to it).
beyond_the_case(purpose, request) if {
	purpose.asks_beyond_the_case
	request.action == "pull"
	not request.provider.organisation in request.case.participants
}

# Why the provider may not be asked: the person objected to it (ASKING_OBJECTED), or
# there is no consent or sound exception for it (ASKING_GROUND_MISSING). Undefined when
# it may be asked.
denial(facts, provider, at, max_months) := code if {
	flow := {"recipient": provider, "category": disclosed_category, "at": at, "provider": null, "special": false}
	consent.decide(facts, flow, max_months).deny
	code := _code(facts, provider, at)
}

_code(facts, provider, at) := "ASKING_OBJECTED" if {
	consent.objected(facts, provider, disclosed_category, at)
} else := "ASKING_GROUND_MISSING"
