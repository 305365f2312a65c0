# METADATA
# title: Purpose limitation
# description: |
#   A purpose is either part of the case process or a reuse outside it, which needs a
#   formal request (see formal_request) as a condition, not as a replacement of the
#   other protections: both kinds hold only in named phases (a reuse not before
#   anything was shared) and have a matrix of proportionate categories per domain; a
#   reuse purpose is moreover bound to the domains that may have it, and may ask the
#   person's consent as well.
package zvh.exchange.purpose

reuse(purpose) if purpose.kind == "reuse"

phase_matches(purpose, phase) if {
	purpose.kind in {"case_process", "reuse"}
	phase in purpose.phases
}

proportionate(purpose, category) if purpose.matrix[category]

# A reuse purpose belongs to the domains it names: a criminal investigation to the
# justice chain, a child protection investigation to youth care and the guardianship council.
domain_may_have(purpose, domain) if domain in purpose.domains

# Consent and objections are judged for the case process, and for a reuse that asks them.
needs_consent(purpose) if purpose.kind == "case_process"

needs_consent(purpose) if {
	reuse(purpose)
	purpose.needs_consent == true
}
