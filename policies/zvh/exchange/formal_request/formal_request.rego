# METADATA
# title: Formal request before reuse
# description: |
#   Information shared in the case process may be used for another purpose only after
#   the providing organisation approved a formal request naming exactly that purpose
#   and those categories, and only until the approval expires.
package zvh.exchange.formal_request

approved(requests, exchange, category) := sort(ids)[0] if {
	ids := {r.id |
		some r in requests
		_approves(r, exchange, category)
	}
}

_approves(r, exchange, category) if {
	r.status == "approved"
	r.requester == exchange.recipient
	r.provider == exchange.provider
	r.purpose == exchange.purpose
	category in r.categories
	is_string(r.decided_at)
	r.decided_at <= exchange.at
	exchange.at < r.expires_at
}
