# METADATA
# title: Formal request before reuse
# description: |
#   Information shared in the case process may be used for another purpose only after
#   the providing organisation approved a formal request naming exactly that purpose
#   and those categories, and only until the approval expires. Without a valid approval
#   the denial tells why where it can: an approval for exactly this exchange that expired,
#   or a refusal by the provider.
package zvh.exchange.formal_request

approved(requests, exchange, category) := sort(ids)[0] if {
	ids := {r.id |
		some r in requests
		_approves(r, exchange, category)
	}
}

# denial is the reason a category without a valid approval is denied; an expired
# approval says more than a refusal, and either more than no decision at all.
denial(requests, exchange, category) := "FORMAL_REQUEST_EXPIRED" if {
	some r in requests
	r.status == "approved"
	_decided_for(r, exchange, category)
	is_string(r.expires_at)
	r.expires_at <= exchange.at
} else := "FORMAL_REQUEST_REFUSED" if {
	some r in requests
	r.status == "refused"
	_decided_for(r, exchange, category)
} else := "FORMAL_REQUEST_REQUIRED"

_approves(r, exchange, category) if {
	r.status == "approved"
	_decided_for(r, exchange, category)
	exchange.at < r.expires_at
}

# The provider decided, before the moment, on a request for exactly this exchange and category.
_decided_for(r, exchange, category) if {
	r.requester == exchange.recipient
	r.provider == exchange.provider
	r.purpose == exchange.purpose
	category in r.categories
	is_string(r.decided_at)
	r.decided_at <= exchange.at
}
