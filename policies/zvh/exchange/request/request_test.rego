package zvh.exchange.request_test

import data.zvh.exchange.fixtures_test as fx
import data.zvh.exchange.request

_t := "2026-01-01T00:00:00.000Z"

_consent := fx.consent("k2", "om-bes", ["identification"], _t, _t)

_objection := fx.objection("b1", "om-bes", null, _t, null)

_exception := fx.exception("e1", "om-bes", ["identification"], "process_director", _t, fx.soon)

# Inputs of the expected shape, each exercising an optional or alternative form.
_valid := {
	"base": fx.base,
	"push": fx.request({"action": "push"}),
	"several categories": fx.request({"categories": ["identification", "police_incidents"]}),
	"unknown names are still the right shape": fx.request({
		"network": "curacao", "purpose": "anything", "categories": ["shoe_size"],
		"recipient": {"organisation": "acme", "role": "janitor"},
	}),
	"closed case": fx.request({"case": {"phase": "closed", "closed_at": _t}}),
	"no participants": fx.request({"case": {"participants": []}}),
	"about the case as a whole": fx.request({"person": null}),
	"on the shadow list with its review date": fx.request({"case": {"phase": "shadow_list", "shadow_review_at": _t}}),
	"no consents": fx.request({"consents": []}),
	"no signatories": fx.request({"signatories": []}),
	"consent per category, withdrawn": fx.request({"consents": [_consent]}),
	"objection": fx.request({"objections": [_objection]}),
	"objection per category, withdrawn": fx.request({"objections": [fx.objection("b1", "om-bes", ["housing"], _t, _t)]}),
	"exception": fx.request({"exceptions": [_exception]}),
	"revoked exception": fx.request({"exceptions": [object.union(_exception, {"revoked_at": _t})]}),
	"formal requests in every status": fx.request({"formal_requests": [
		fx.formal_request("f1", "om-bes", "politie-cn", "prosecution", ["identification"], "pending"),
		fx.formal_request("f2", "om-bes", "politie-cn", "prosecution", ["identification"], "refused"),
		fx.formal_request("f3", "om-bes", "politie-cn", "prosecution", ["identification"], "approved"),
	]}),
}

# Inputs that are not an exchange request, each broken in one place.
_invalid := {
	"not an object": "exchange",
	"empty object": {},
	"no at": object.remove(fx.base, ["at"]),
	"at without milliseconds": fx.request({"at": "2026-11-23T10:00:00Z"}),
	"at as a number": fx.request({"at": 1795428000000}),
	"network not a string": fx.request({"network": ["bonaire"]}),
	"unknown action": fx.request({"action": "delete"}),
	"purpose not a string": fx.request({"purpose": null}),
	"no categories": fx.request({"categories": []}),
	"categories not a list": fx.request({"categories": "police_incidents"}),
	"category not a string": fx.request({"categories": ["police_incidents", 7]}),
	"no provider": object.remove(fx.base, ["provider"]),
	"provider not a string": fx.request({"provider": {"organisation": 1}}),
	"no recipient organisation": json.remove(fx.base, ["recipient/organisation"]),
	"recipient role null": fx.request({"recipient": {"role": null}}),
	"no signatories": object.remove(fx.base, ["signatories"]),
	"signatories not a list": fx.request({"signatories": "politie-cn"}),
	"signatory not a string": fx.request({"signatories": ["politie-cn", 1]}),
	"signatories an object": fx.request({"signatories": {"politie-cn": true}}),
	"no person": object.remove(fx.base, ["person"]),
	"person without an age band": fx.request({"person": {"age_band": null}}),
	"person not an object": fx.request({"person": "p1"}),
	"turns_16_in not a month string": fx.request({"person": {"age_band": "13-17", "turns_16_in": 2027}}),
	"consent without a giver": fx.request({"consents": [object.remove(fx.consent("k1", "jeugdzorg-cn", null, fx.earlier, null), ["given_by"])]}),
	"consent by someone else": fx.request({"consents": [object.union(fx.consent("k1", "jeugdzorg-cn", null, fx.earlier, null), {"given_by": "neighbour"})]}),
	"no case": object.remove(fx.base, ["case"]),
	"case id not a string": fx.request({"case": {"id": 1}}),
	"no case phase": json.remove(fx.base, ["case/phase"]),
	"no closed_at": json.remove(fx.base, ["case/closed_at"]),
	"closed_at not a timestamp": fx.request({"case": {"closed_at": "2026-11-23"}}),
	"no shadow_review_at": json.remove(fx.base, ["case/shadow_review_at"]),
	"shadow list without a review date": fx.request({"case": {"phase": "shadow_list"}}),
	"review date not a timestamp": fx.request({"case": {"phase": "shadow_list", "shadow_review_at": "2026-11-23"}}),
	"review date outside the shadow list": fx.request({"case": {"shadow_review_at": _t}}),
	"participants not a list": fx.request({"case": {"participants": "politie-cn"}}),
	"participant not a string": fx.request({"case": {"participants": [null]}}),
	"consents not a list": fx.request({"consents": null}),
	"consent without id": fx.request({"consents": [object.remove(_consent, ["id"])]}),
	"consent recipient not a string": fx.request({"consents": [object.union(_consent, {"recipient": ["om-bes"]})]}),
	"consent categories a string": fx.request({"consents": [object.union(_consent, {"categories": "identification"})]}),
	"consent without categories": fx.request({"consents": [object.remove(_consent, ["categories"])]}),
	"consent given_at null": fx.request({"consents": [object.union(_consent, {"given_at": null})]}),
	"consent withdrawn_at not a timestamp": fx.request({"consents": [object.union(_consent, {"withdrawn_at": "yesterday"})]}),
	"consent without withdrawn_at": fx.request({"consents": [object.remove(_consent, ["withdrawn_at"])]}),
	"objections missing": object.remove(fx.base, ["objections"]),
	"objection without made_at": fx.request({"objections": [object.remove(_objection, ["made_at"])]}),
	"objection without recorded_at": fx.request({"objections": [object.remove(_objection, ["recorded_at"])]}),
	"objection id not a string": fx.request({"objections": [object.union(_objection, {"id": 1})]}),
	"objection recipient not a string": fx.request({"objections": [object.union(_objection, {"recipient": null})]}),
	"objection category not a string": fx.request({"objections": [object.union(_objection, {"categories": [1]})]}),
	"objection withdrawn_at not a timestamp": fx.request({"objections": [object.union(_objection, {"withdrawn_at": 0})]}),
	"exceptions not a list": fx.request({"exceptions": {}}),
	"exception id not a string": fx.request({"exceptions": [object.union(_exception, {"id": 1})]}),
	"exception recipient not a string": fx.request({"exceptions": [object.union(_exception, {"recipient": null})]}),
	"exception categories null": fx.request({"exceptions": [object.union(_exception, {"categories": null})]}),
	"exception without approver": fx.request({"exceptions": [object.remove(_exception, ["approved_by_role"])]}),
	"exception without reason": fx.request({"exceptions": [object.remove(_exception, ["reason"])]}),
	"exception without approving organisation": fx.request({"exceptions": [object.remove(_exception, ["approved_by_organisation"])]}),
	"exception without provider decisions": fx.request({"exceptions": [object.remove(_exception, ["provider_decisions"])]}),
	"provider decision neither approved nor refused": fx.request({"exceptions": [object.union(_exception, {"provider_decisions": [fx.provider_decision("politie-cn", "pending", _t)]})]}),
	"provider decision without provider": fx.request({"exceptions": [object.union(_exception, {"provider_decisions": [fx.provider_decision(null, "approved", _t)]})]}),
	"provider decision without a time": fx.request({"exceptions": [object.union(_exception, {"provider_decisions": [fx.provider_decision("politie-cn", "approved", "yesterday")]})]}),
	"exception approved_at null": fx.request({"exceptions": [object.union(_exception, {"approved_at": null})]}),
	"exception without expiry": fx.request({"exceptions": [object.union(_exception, {"expires_at": null})]}),
	"exception without revoked_at": fx.request({"exceptions": [object.remove(_exception, ["revoked_at"])]}),
	"exception revoked_at not a timestamp": fx.request({"exceptions": [object.union(_exception, {"revoked_at": "now"})]}),
	"formal_requests not a list": fx.request({"formal_requests": "none"}),
	"formal request id not a string": fx.request({"formal_requests": [object.union(_formal_request, {"id": 1})]}),
	"formal request without requester": fx.request({"formal_requests": [object.remove(_formal_request, ["requester"])]}),
	"formal request provider not a string": fx.request({"formal_requests": [object.union(_formal_request, {"provider": null})]}),
	"formal request purpose not a string": fx.request({"formal_requests": [object.union(_formal_request, {"purpose": 1})]}),
	"formal request categories null": fx.request({"formal_requests": [object.union(_formal_request, {"categories": null})]}),
	"formal request unknown status": fx.request({"formal_requests": [object.union(_formal_request, {"status": "maybe"})]}),
	"formal request decided_at not a timestamp": fx.request({"formal_requests": [object.union(_formal_request, {"decided_at": "today"})]}),
	"formal request expires_at not a timestamp": fx.request({"formal_requests": [object.union(_formal_request, {"expires_at": true})]}),
}

_formal_request := fx.formal_request("f1", "om-bes", "politie-cn", "prosecution", ["identification"], "approved")

test_valid_inputs_are_valid if {
	rejected := {name | some name, req in _valid; not request.valid(req)}
	rejected == set()
}

test_invalid_inputs_are_invalid if {
	accepted := {name | some name, req in _invalid; request.valid(req)}
	accepted == set()
}

test_base_fixture_is_valid if {
	request.valid(fx.base)
}

test_one_bad_consent_among_good_ones_is_invalid if {
	not request.valid(fx.request({"consents": [_consent, object.remove(_consent, ["given_at"]), _consent]}))
}
