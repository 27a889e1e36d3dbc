"""The condition vocabulary: each condition is a pure function of the facts (crisis, record, reading, treaty)
and its arguments from ``rules.yaml``, returning met / not met / contested with a reason and claim ids.

Conditions (the names ``rules.yaml`` may use):

* ``treaty_in_force(instrument, since?)`` — the instrument is in force throughout the crisis;
* ``victim_member_in_good_standing`` — the victim is a party in good standing on the date (record standing);
* ``aggression_external`` — an armed attack from outside the victim (reading-dependent for internal crises);
* ``threat_external`` — a threat from outside the victim (as above; the territory need not be the victim's);
* ``territory_in(kinds)`` — the crisis is on territory of the kinds given (``sovereign``, ``occupied``, …);
* ``adversary_not_member`` — the adversary is not itself a party (members fighting each other: no mechanism);
* ``request_made(kinds, by)`` — a request of one of ``kinds`` by the ``victim`` or by ``any_party``;
* ``attack_in_treaty_area(regions, states, contested_regions)`` — NATO's "in Europe or North America";
* ``un_mandate`` — a UN mandate (no crisis in the record or scenario format carries one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, get_args

from csto.errors import DateError
from csto.record.case import Requested, Territory
from csto.record.dates import Truth, parse_date
from csto.record.record import Record
from csto.treaty.adversary import origin
from csto.treaty.evidence import case_claims
from csto.treaty.parties import belongs_throughout, party_status, span
from csto.treaty.readings import InternalCrisis, Reading, internal_as_aggression
from csto.treaty.results import CONTESTED, MET, NOT_MET, ConditionResult, unique

if TYPE_CHECKING:
    from csto.crisis import Crisis
    from csto.treaty.rulebook import TreatyDef


@dataclass(frozen=True)
class Facts:
    """What every condition may look at."""

    crisis: Crisis
    record: Record
    reading: Reading
    treaty: TreatyDef

    @property
    def days(self) -> tuple[dt.date, dt.date]:
        return span(self.crisis)

    @property
    def case_kind(self) -> str | None:
        case = self.record.cases.get(self.crisis.case or "")
        return case.kind if case is not None else None


Args = Mapping[str, Any]
Checker = Callable[[Args, Record], "str | None"]


@dataclass(frozen=True)
class Condition:
    name: str
    fn: Callable[[Facts, Args], ConditionResult]
    params: tuple[str, ...] = ()
    check: Checker = lambda args, record: None


def _result(name: str, status: Any, reason: str, cites: Any = ()) -> ConditionResult:
    return ConditionResult(condition=name, status=status, reason=reason, citations=unique(cites))


# -- treaty_in_force ---------------------------------------------------------------------------------
def treaty_in_force(f: Facts, args: Args) -> ConditionResult:
    inst = f.record.instruments[args["instrument"]]
    if "since" in args:
        start, basis = parse_date(str(args["since"])), "applies from"
    elif inst.in_force is not None:
        start, basis = inst.in_force, "in force from"
    elif inst.signed is not None:
        start, basis = inst.signed, "signed (no entry-into-force date in the record)"
    else:
        return _result(
            "treaty_in_force", CONTESTED, f"{inst.title}: the record has no date", inst.claims
        )
    lo, hi = f.days
    text = f"{inst.title} {basis} {start.describe()}"
    if hi < start.earliest:
        return _result(
            "treaty_in_force", NOT_MET, f"{text}: not yet, on {hi.isoformat()}", inst.claims
        )
    if lo >= start.latest:
        return _result("treaty_in_force", MET, text, inst.claims)
    return _result(
        "treaty_in_force", CONTESTED, f"{text}: the crisis date straddles it", inst.claims
    )


def _check_in_force(args: Args, record: Record) -> str | None:
    if "instrument" not in args:
        return "needs instrument"
    if args["instrument"] not in record.instruments:
        return f"unknown instrument {args['instrument']!r}"
    if "since" in args:
        try:
            parse_date(str(args["since"]))
        except DateError as exc:
            return f"since: {exc}"
    return None


# -- membership --------------------------------------------------------------------------------------
def victim_member_in_good_standing(f: Facts, args: Args) -> ConditionResult:
    status, reason, cites = party_status(f.record, f.treaty, f.crisis.victim, *f.days)
    return _result("victim_member_in_good_standing", status, reason, cites)


def adversary_not_member(f: Facts, args: Args) -> ConditionResult:
    name = "adversary_not_member"
    adv, kind = f.crisis.adversary, f.crisis.adversary_kind
    if adv is not None and adv in f.record.states:
        truth, reason, cites = belongs_throughout(f.record, f.treaty, adv, *f.days)
        label = f.record.label(adv)
        if truth is Truth.YES:
            return _result(
                name,
                NOT_MET,
                f"{label} is itself a party ({reason}): members fighting each other — the treaty has "
                "no mechanism between members",
                cites,
            )
        if truth is Truth.NO:
            return _result(name, MET, f"{label} is not a party ({reason})", cites)
        return _result(name, CONTESTED, f"{label}: the record cannot tell ({reason})", cites)
    if kind == "member_state":
        return _result(name, CONTESTED, "coded as a member state, but the adversary is not named")
    label = f.record.label(adv) if adv else "the adversary"
    return _result(name, MET, f"{label} is not a state, so not a party")


# -- aggression --------------------------------------------------------------------------------------
def _outside(f: Facts, name: str, noun: str) -> ConditionResult:
    c = f.crisis
    where, why = origin(f.record, c.victim, c.adversary, c.adversary_kind, f.case_kind)
    own = case_claims(f.record, c.case, ("case.kind", "case.framing", "case.external_backing"))
    kinds = sorted(
        {
            str(f.record.claims[cid].value)
            for cid in own
            if f.record.claims[cid].property == "case.kind"
        }
    )
    if len(kinds) > 1:
        why += f" (the sources disagree on the kind of crisis: {', '.join(kinds)}; coded {f.case_kind})"
    if where in ("state", "external"):
        return _result(name, MET, f"{noun} from outside: {why}", own)
    if where == "none":
        return _result(name, NOT_MET, f"no {noun}: {why}", own)
    if where == "unknown":
        return _result(
            name, CONTESTED, f"cannot tell whether it is {noun} from outside: {why}", own
        )
    internal = InternalCrisis(
        case=c.case,
        victim=c.victim,
        first_day=f.days[0],
        framed_as_aggression=c.framed_as_aggression,
        external_backing=c.external_backing,
    )
    status, reason, cites = internal_as_aggression(f.record, internal, f.reading)
    return _result(name, status, f"{why}; {f.reading.id} reading: {reason}", cites)


def aggression_external(f: Facts, args: Args) -> ConditionResult:
    return _outside(f, "aggression_external", "an armed attack")


def threat_external(f: Facts, args: Args) -> ConditionResult:
    return _outside(f, "threat_external", "a threat")


# -- territory ---------------------------------------------------------------------------------------
def territory_in(f: Facts, args: Args) -> ConditionResult:
    name, c = "territory_in", f.crisis
    kinds = list(args["kinds"])
    cites = case_claims(f.record, c.case, ("case.territory",))
    values = {str(f.record.claims[cid].value) for cid in cites}
    victim = f.record.label(c.victim)
    if len(values) > 1:
        return _result(
            name, CONTESTED, f"the sources disagree on the territory: {sorted(values)}", cites
        )
    if c.territory in kinds:
        extra = (
            " (assumption: 'occupied' codes part of the victim's own territory held by the adversary)"
            if c.territory == "occupied"
            else ""
        )
        return _result(name, MET, f"{c.territory} territory of {victim}{extra}", cites)
    if c.territory == "disputed":
        if c.case is not None and not cites:
            return _result(
                name,
                CONTESTED,
                "coded 'disputed', but no claim in the record settles whose territory it is",
            )
        return _result(
            name, NOT_MET, f"disputed territory is not {victim}'s own sovereign territory", cites
        )
    return _result(
        name,
        NOT_MET,
        f"coded '{c.territory}': not {victim}'s own sovereign territory as the record codes it",
        cites,
    )


def _check_kinds(allowed: tuple[str, ...]) -> Checker:
    def check(args: Args, record: Record) -> str | None:
        kinds = args.get("kinds")
        if not isinstance(kinds, list) or not kinds:
            return "needs kinds: a non-empty list"
        bad = [k for k in kinds if k not in allowed]
        return f"unknown kind {bad[0]!r}; known: {', '.join(allowed)}" if bad else None

    return check


# -- request -----------------------------------------------------------------------------------------
def request_made(f: Facts, args: Args) -> ConditionResult:
    name, c = "request_made", f.crisis
    kinds, by = list(args["kinds"]), args.get("by", "victim")
    cites = case_claims(f.record, c.case, ("case.requested", "case.response_to_request"))
    victim = f.record.label(c.victim)
    if c.requested == "nothing" or c.requester is None:
        return _result(name, NOT_MET, f"no request: {victim} did not ask", cites)
    who = f.record.label(c.requester)
    if c.requested not in kinds:
        wanted = " or ".join(k.replace("_", " ") for k in kinds)
        return _result(
            name, NOT_MET, f"{who} asked for {c.requested.replace('_', ' ')}, not {wanted}", cites
        )
    if c.requester != c.victim:
        if by == "victim":
            return _result(name, NOT_MET, f"the request came from {who}, not from {victim}", cites)
        truth, reason, more = belongs_throughout(f.record, f.treaty, c.requester, *f.days)
        if truth is not Truth.YES:
            status = NOT_MET if truth is Truth.NO else CONTESTED
            return _result(
                name, status, f"{who} is not certainly a party ({reason})", (*cites, *more)
            )
    return _result(name, MET, f"{who} asked for {c.requested.replace('_', ' ')}", cites)


def _check_request(args: Args, record: Record) -> str | None:
    problem = _check_kinds(get_args(Requested))(args, record)
    if problem:
        return problem
    if args.get("by", "victim") not in ("victim", "any_party"):
        return f"by must be victim or any_party, not {args.get('by')!r}"
    return None


# -- NATO's treaty area ------------------------------------------------------------------------------
def attack_in_treaty_area(f: Facts, args: Args) -> ConditionResult:
    name = "attack_in_treaty_area"
    state = f.record.states.get(f.crisis.victim)
    label = f.record.label(f.crisis.victim)
    region = state.region if state is not None else "unknown"
    if region in args.get("regions", []):
        return _result(name, MET, f"{label} lies in the record's region '{region}': in Europe")
    if f.crisis.victim in args.get("states", []):
        return _result(
            name,
            MET,
            f"{label} is taken to lie in Europe or North America (the rule's list: geography, "
            "not a cited claim)",
        )
    if region in args.get("contested_regions", []):
        return _result(
            name,
            CONTESTED,
            f"the record places {label} in region '{region}'; whether the attack is 'in Europe or "
            "North America' (Article 6, not in the record) it cannot say",
        )
    return _result(name, NOT_MET, f"{label} ({region}) lies outside Europe and North America")


def _check_area(args: Args, record: Record) -> str | None:
    bad = [s for s in args.get("states", []) if s not in record.states]
    return f"unknown state {bad[0]!r}" if bad else None


def un_mandate(f: Facts, args: Args) -> ConditionResult:
    return _result(
        "un_mandate",
        NOT_MET,
        "no UN mandate: neither the record's cases nor the scenario format carry one",
    )


VOCABULARY: dict[str, Condition] = {
    c.name: c
    for c in (
        Condition("treaty_in_force", treaty_in_force, ("instrument", "since"), _check_in_force),
        Condition("victim_member_in_good_standing", victim_member_in_good_standing),
        Condition("aggression_external", aggression_external),
        Condition("threat_external", threat_external),
        Condition("territory_in", territory_in, ("kinds",), _check_kinds(get_args(Territory))),
        Condition("adversary_not_member", adversary_not_member),
        Condition("request_made", request_made, ("kinds", "by"), _check_request),
        Condition(
            "attack_in_treaty_area",
            attack_in_treaty_area,
            ("regions", "states", "contested_regions"),
            _check_area,
        ),
        Condition("un_mandate", un_mandate),
    )
}
"""Every condition ``rules.yaml`` may name, with the arguments it takes."""


def evaluate(name: str, facts: Facts, args: Args) -> ConditionResult:
    """Evaluate one condition of the vocabulary."""
    return VOCABULARY[name].fn(facts, args)
