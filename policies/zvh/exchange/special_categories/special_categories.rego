# METADATA
# title: Special categories
# description: |
#   Health and criminal data go only to partners with a legal basis to process them,
#   wherever they sit: a special category as a whole, or a special field in an ordinary
#   category (a care plan's goals). A partner whose data name no bases has none.
package zvh.exchange.special_categories

basis_missing(category, partner) if {
	kind := category.special
	not kind in object.get(partner, "special_bases", [])
}

# The special fields of an ordinary category that the partner has no basis for. They are
# left out and the rest of the category flows: its other fields are ordinary data, so
# denying them all would refuse what the covenant allows.
withheld_fields(category, partner) := {field |
	some field, kind in object.get(category, "special_fields", {})
	not kind in object.get(partner, "special_bases", [])
}
