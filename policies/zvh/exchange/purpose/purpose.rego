# METADATA
# title: Purpose limitation
# description: |
#   A purpose is either part of the case process (allowed in named phases, with a
#   matrix of proportionate categories) or a reuse outside it, which needs a formal
#   request (see formal_request).
package zvh.exchange.purpose

reuse(purpose) if purpose.kind == "reuse"

phase_matches(purpose, _) if reuse(purpose)

phase_matches(purpose, phase) if {
	purpose.kind == "case_process"
	phase in purpose.phases
}

proportionate(purpose, category) if purpose.matrix[category]
