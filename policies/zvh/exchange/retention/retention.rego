# METADATA
# title: Retention
# description: |
#   Case data are deleted a fixed number of years (one, by the protocol) after the
#   case is closed; from that moment nothing about the case may flow.
package zvh.exchange.retention

import data.zvh.lib.timestamp

expired(case, years, at) if {
	case.closed_at != null
	timestamp.add_years(case.closed_at, years) <= at
}
