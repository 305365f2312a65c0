# METADATA
# title: Covenant membership
# description: |
#   A bundle holds one version of each network's covenant: its content, with the
#   validity not_before..not_after. Outside it no covenant is in force and nothing
#   flows. Who accepted the version is no part of the content: the broker passes the
#   organisations that hold a standing acceptance at the moment as input.signatories.
package zvh.exchange.covenant

import data.zvh.lib.timestamp

# in_force holds from not_before up to, not including, not_after.
in_force(network, at) if {
	timestamp.valid(network.not_before)
	timestamp.valid(network.not_after)
	timestamp.within(network.not_before, network.not_after, at)
}

# A party is a partner the content names that holds a standing acceptance of it.
party(network, signatories, organisation) if {
	network.partners[organisation]
	organisation in signatories
}
