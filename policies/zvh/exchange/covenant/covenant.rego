# METADATA
# title: Covenant membership
# description: |
#   Only partners that signed the covenant in force exchange data. A network's
#   covenant has versions; between two versions (Bonaire: 1 to 20 January 2020)
#   no covenant is in force and nothing flows.
package zvh.exchange.covenant

import data.zvh.lib.timestamp

# version_in_force is undefined when no version covers the moment.
version_in_force(network, at) := version if {
	some version in network.versions
	timestamp.within(version.valid_from, version.valid_until, at)
}

signatory(version, organisation, at) if {
	signature := version.signatories[organisation]
	timestamp.within(signature.signed_at, object.get(signature, "withdrawn_at", null), at)
}
