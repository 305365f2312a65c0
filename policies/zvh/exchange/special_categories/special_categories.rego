# METADATA
# title: Special categories
# description: |
#   Health and criminal data go only to partners with a legal basis to process them.
#   A partner whose data name no bases has none.
package zvh.exchange.special_categories

basis_missing(category, partner) if {
	kind := category.special
	not kind in object.get(partner, "special_bases", [])
}
