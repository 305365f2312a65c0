# METADATA
# title: Shadow-list review
# description: |
#   A stable case waits on the shadow list until its review date, the covenant's
#   shadow_list_review_months after it went there ("Na een half jaar komt de casus terug
#   op de agenda en wordt bezien of deze kan worden beëindigd"). From that date until the
#   process director reviews it (returns it to the case meeting or closes it) only what
#   the review needs may flow: the categories the covenant names for it (signals, which
#   bring a case back, and what tells whether it can be closed). The rest waits for the
#   review, so that a case parked on the list does not keep flowing without end.
package zvh.exchange.shadow_list

review_due(case, at) if {
	case.phase == "shadow_list"
	case.shadow_review_at <= at
}

# A covenant that names nothing for the review lets nothing through once it is due.
held_until_review(network, category) if {
	not category in object.get(network, "shadow_review_categories", [])
}
