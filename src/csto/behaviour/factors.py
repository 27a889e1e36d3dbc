"""From a crisis to the models' inputs: the members who vote, and every factor as a distribution.

A **historical case** takes its factors from ``data/behaviour/inputs.yaml`` (each cites claims). A
**scenario** (or a case without a coding) derives them from the crisis fields by the rules of
:func:`derive_factors`, documented there. Member-level values come from the dated profiles of the inputs
file in both cases; a scenario's ``actors`` overrides (capability, position, salience) apply last.

Members are the states that belong to the alliance on the crisis date (:func:`csto.record.query.standing`,
the date's midpoint when it is partial). Only members in good standing vote (``STATUS_PROFILE``): Armenia's
frozen participation (2024–) and Uzbekistan's suspension (2012–) remove their vote; where the record cannot
tell (a date inside an uncertain interval) the vote is a coin with the share of the possible statuses that
are in good standing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from csto.behaviour.inputs import CASE_FACTORS, MEMBER_FACTORS, Inputs
from csto.crisis import CAPABILITY_RANGE, POSITION_RANGE, SALIENCE_RANGE, Crisis, Distribution
from csto.errors import CstoError
from csto.record.dates import Truth
from csto.record.membership import STATUS_PROFILE, Status
from csto.record.query import belongs, standing
from csto.record.record import Record
from csto.treaty.assess import assess
from csto.treaty.rulebook import RuleBook

WAR_START = dt.date(2022, 2, 24)
"""Russia's full-scale invasion of Ukraine (claim s003-ukr-invasion-feb-24)."""

REQUEST_LEVEL = {
    "nothing": 0.0,
    "membership": 0.0,
    "consultations": 2.0,
    "assistance": 3.0,
    "military_assistance": 3.0,
}
"""What was asked, on the outcome scale: Article 4 assistance is level 3, consultations level 2."""

FACTOR_RANGE = {"request_level": (0.0, 3.0)}
"""Natural range of a factor for sensitivity sweeps (others are 0–1)."""

ACTOR_FIELDS = ("capability", "salience", "favours_adversary", *MEMBER_FACTORS, "position")


def point(x: float) -> Distribution:
    return Distribution(kind="point", value=float(x))


def uniform(low: float, high: float) -> Distribution:
    return Distribution(kind="uniform", low=float(low), high=float(high))


@dataclass(frozen=True)
class ActorInputs:
    """One member's inputs for one crisis. ``position`` is an override (None: derived by the model)."""

    iso3: str
    role: str
    vote: float
    capability: Distribution
    salience: Distribution
    favours_adversary: Distribution
    sanctions_exposure: Distribution
    domestic_opinion_against: Distribution
    ties_china: Distribution
    position: Distribution | None = None
    claims: dict[str, list[str]] = field(default_factory=dict)

    def get(self, name: str) -> Distribution | None:
        value = getattr(self, name)
        assert value is None or isinstance(value, Distribution)
        return value


@dataclass(frozen=True)
class CrisisInputs:
    """Everything a model needs about one crisis; immutable, picklable."""

    crisis_id: str
    title: str
    day: dt.date
    coded: bool
    factors: dict[str, Distribution]
    actors: tuple[ActorInputs, ...]
    claims: dict[str, list[str]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    crisis: Crisis | None = field(default=None, compare=False, repr=False)
    required_level: int | None = 0
    """The level the treaty's strict reading requires (:func:`csto.treaty.assess`, reading ``strict``);
    ``None`` for another alliance's case, to which the CST does not apply."""
    alliance: str = "csto"
    """The alliance asked (a record case's ``alliance``; ``csto`` for a scenario)."""
    requested: str = "nothing"
    """What was asked (:data:`csto.crisis.Requested`)."""
    case_factors: dict[str, str | bool] = field(default_factory=dict)
    """The case-level factors shared by every alliance (:class:`csto.record.case.CaseFactors`): ``threat``,
    ``adversary_member``, ``adversary_leader_partner``, ``leader_at_war``, ``requester_alignment``; from
    the record for a case, by :func:`derive_case_factors` for a scenario."""
    case_claims: dict[str, list[str]] = field(default_factory=dict)
    """The claims each case-level factor rests on (empty for a derived factor)."""
    start: dt.date | None = None
    """The first day the case may have begun (``None`` for a scenario)."""
    end: dt.date | None = None
    """The last day the case may have ended (its start's last day when it has no end)."""

    @property
    def member_level(self) -> bool:
        """Does ``inputs.yaml`` code this crisis member by member (so member-level models can predict it)?"""
        return self.coded and bool(self.actors)

    @property
    def request_made(self) -> bool:
        """Did a member ask the alliance for something (consultations, assistance or forces)?"""
        return self.requested not in ("nothing", "membership")

    @property
    def names(self) -> list[str]:
        return [a.iso3 for a in self.actors]

    def index(self, iso3: str) -> int:
        for i, a in enumerate(self.actors):
            if a.iso3 == iso3:
                return i
        raise CstoError(
            f"unknown actor {iso3!r} in crisis {self.crisis_id}: the members on {self.day} are "
            + ", ".join(self.names)
        )

    def with_factor(self, name: str, value: Distribution) -> CrisisInputs:
        if name not in CASE_FACTORS:
            raise CstoError(f"unknown factor {name!r}; factors are: {', '.join(CASE_FACTORS)}")
        return dataclasses.replace(self, factors={**self.factors, name: value})

    def with_actor(self, iso3: str, name: str, value: Distribution) -> CrisisInputs:
        if name not in ACTOR_FIELDS:
            raise CstoError(
                f"unknown actor input {name!r}; actor inputs are: {', '.join(ACTOR_FIELDS)}"
            )
        i = self.index(iso3)
        actors = list(self.actors)
        changes: dict[str, object] = {name: value}
        actors[i] = dataclasses.replace(actors[i], **changes)  # type: ignore[arg-type]
        return dataclasses.replace(self, actors=tuple(actors))

    def with_input(self, name: str, value: Distribution) -> CrisisInputs:
        """``ISO.field`` sets an actor input, a bare name a case factor."""
        if "." in name:
            iso3, fld = name.split(".", 1)
            return self.with_actor(iso3.upper(), fld, value)
        return self.with_factor(name, value)

    def get_input(self, name: str) -> Distribution | None:
        if "." in name:
            iso3, fld = name.split(".", 1)
            if fld not in ACTOR_FIELDS:
                raise CstoError(f"unknown actor input {fld!r}")
            return self.actors[self.index(iso3.upper())].get(fld)
        if name not in self.factors:
            raise CstoError(f"unknown factor {name!r}; factors are: {', '.join(CASE_FACTORS)}")
        return self.factors[name]


def crisis_day(crisis: Crisis) -> dt.date:
    """The midpoint of the crisis date's range (a year-precision date becomes 2 July)."""
    lo, hi = crisis.date.earliest, crisis.date.latest
    return lo + (hi - lo) / 2


def vote_share(record: Record, iso3: str, day: dt.date) -> float | None:
    """Probability that the state votes on ``day``: None if it does not belong to the alliance."""
    row = standing(record, iso3, day)
    if row is None or belongs(row) is Truth.NO:
        return None
    options = [s for s in row.status.split("|")] + list(row.alternatives)
    good = [s != "none" and bool(STATUS_PROFILE[Status(s)]["good_standing"]) for s in options]
    return sum(good) / len(good)


def derive_factors(
    crisis: Crisis, day: dt.date, inputs: Inputs, members: set[str]
) -> dict[str, Distribution]:
    """Case-level factors of a scenario, from its fields. The rules (assumptions, stated here):

    * ``request_level``: nothing/membership 0, consultations 2, assistance or military assistance 3.
    * ``regime_threat``: domestic unrest 0.6–1 if framed as aggression or externally backed, else 0.3–0.7
      (every member regime is "Russia-friendly", claim b-s002-russia-friendly-governments); otherwise 0.
    * ``aggression``: an attack by a state, member state or non-state group on a member's sovereign or
      occupied territory 1, on disputed ground 0.3–0.7, elsewhere 0; domestic unrest framed as aggression
      or externally backed 0.5–1 (as Kazakhstan 2022); 0 when the victim is not a member.
    * ``russia_at_war``: 1 on or after 2022-02-24 (assumption: the war goes on; vary it in a sweep).
    * ``russia_is_aggressor``, ``victim_is_russia``: from ``adversary``/``victim`` = RUS.
    * ``adversary_member``: the adversary belongs to the alliance on the date.
    * ``adversary_russian_partner``: the adversary is in the inputs' ``partners`` table (Azerbaijan).
    """
    kind = crisis.adversary_kind
    framed = bool(crisis.framed_as_aggression or crisis.external_backing)
    if kind == "domestic_unrest":
        regime = uniform(0.6, 1.0) if framed else uniform(0.3, 0.7)
    else:
        regime = point(0.0)
    if crisis.victim not in members:
        aggression = point(0.0)
    elif kind in ("state", "member_state", "non_state"):
        aggression = {
            "sovereign": point(1.0),
            "occupied": point(1.0),
            "disputed": uniform(0.3, 0.7),
        }.get(crisis.territory, point(0.0))
    elif kind == "domestic_unrest" and framed:
        aggression = uniform(0.5, 1.0)
    else:
        aggression = point(0.0)
    adversary = crisis.adversary
    return {
        "request_level": point(REQUEST_LEVEL[crisis.requested]),
        "regime_threat": regime,
        "aggression": aggression,
        "russia_at_war": point(1.0 if day >= WAR_START else 0.0),
        "russia_is_aggressor": point(1.0 if adversary == "RUS" else 0.0),
        "victim_is_russia": point(1.0 if crisis.victim == "RUS" else 0.0),
        "adversary_member": point(1.0 if adversary in members else 0.0),
        "adversary_russian_partner": point(1.0 if adversary in inputs.partners else 0.0),
    }


THREAT_OF_KIND = {"member_state": "member_clash", "domestic_unrest": "internal_unrest"}
"""The threat kind of a scenario's adversary kind (others: by territory, see :func:`derive_case_factors`)."""


def derive_case_factors(
    crisis: Crisis, day: dt.date, record: Record, inputs: Inputs, members: set[str]
) -> dict[str, str | bool]:
    """The case-level factors of a scenario, from its fields. The rules (assumptions, stated here):

    * ``threat``: a member state as adversary ``member_clash``; domestic unrest ``internal_unrest``; a state
      or armed group acting on sovereign, occupied or disputed territory ``external_attack``; otherwise
      ``external_threat`` (nothing has hit the member's territory yet).
    * ``adversary_member``: the adversary belongs to the alliance on the date.
    * ``adversary_leader_partner``: the adversary is in the inputs' ``partners`` table (Russia's partners).
    * ``leader_at_war``: on or after 2022-02-24 (assumption: the war goes on).
    * ``requester_alignment``: as coded in the latest CST/CSTO case of the record that began before the
      scenario's date with the same requester (or victim, when nothing is requested) as its requester or
      victim; ``close`` when there is none (every member regime is "Russia-friendly",
      claim b-s002-russia-friendly-governments).
    """
    kind = crisis.adversary_kind
    if kind in THREAT_OF_KIND:
        threat = THREAT_OF_KIND[kind]
    elif kind in ("state", "non_state") and crisis.territory in (
        "sovereign",
        "occupied",
        "disputed",
    ):
        threat = "external_attack"
    else:
        threat = "external_threat"
    who = crisis.requester or crisis.victim
    alignment: str = "close"
    latest: dt.date | None = None
    for case in record.cases.values():
        if (
            case.alliance != "csto"
            or case.factors is None
            or who not in (case.requester, case.victim)
        ):
            continue
        began = case.start.earliest
        if began < day and (latest is None or began > latest):
            latest, alignment = began, str(case.factors.requester_alignment.value)
    return {
        "threat": threat,
        "adversary_member": crisis.adversary in members,
        "adversary_leader_partner": crisis.adversary in inputs.partners,
        "leader_at_war": day >= WAR_START,
        "requester_alignment": alignment,
    }


def record_case_factors(
    record: Record, case_id: str | None
) -> tuple[dict[str, str | bool], dict[str, list[str]]] | None:
    """The case-level factors of a record case and their claims, or ``None`` when it codes none."""
    if case_id is None or case_id not in record.cases:
        return None
    coded = record.cases[case_id].factors
    if coded is None:
        return None
    values: dict[str, str | bool] = {}
    claims: dict[str, list[str]] = {}
    for name, factor in coded:
        assert isinstance(factor.value, str | bool)
        values[name], claims[name] = factor.value, list(factor.claims)
    return values, claims


def case_dates(record: Record, case_id: str | None) -> tuple[dt.date | None, dt.date | None]:
    """A record case's first possible start day and last possible end day (``None``, ``None`` otherwise)."""
    if case_id is None or case_id not in record.cases:
        return None, None
    case = record.cases[case_id]
    end = case.end if case.end is not None else case.start
    return case.start.earliest, end.latest


def case_level_inputs(record: Record, case_id: str, variant: str = "default") -> CrisisInputs:
    """The inputs of a case of another alliance than the CSTO: case-level factors only, no members (the
    member-level models cannot predict it) and no required level (the CST does not apply).

    Raises :class:`~csto.errors.CstoError` when the case codes no factors.
    """
    case = record.case(case_id).under(variant)
    found = record_case_factors(record, case_id)
    if found is None:
        raise CstoError(f"case {case_id} codes no case-level factors")
    start, end = case_dates(record, case_id)
    assert start is not None
    return CrisisInputs(
        crisis_id=case.id,
        title=case.title,
        day=start,
        coded=False,
        factors={},
        actors=(),
        required_level=None,
        alliance=case.alliance,
        requested=case.requested,
        case_factors=found[0],
        case_claims=found[1],
        start=start,
        end=end,
    )


def prepare(crisis: Crisis, record: Record, inputs: Inputs, rules: RuleBook) -> CrisisInputs:
    """The inputs of ``crisis``: members on its date with their votes, factors and overrides, and the level
    the treaty's strict reading requires (from ``rules``, under the CST).

    Raises :class:`~csto.errors.CstoError` when no state belonged on the crisis's date or a scenario names
    an actor that was not a member then.
    """
    day = crisis_day(crisis)
    votes: dict[str, float] = {}
    for iso3 in sorted(record.states):
        share = vote_share(record, iso3, day)
        if share is not None:
            votes[iso3] = share
    if not votes:
        raise CstoError(f"no state belonged to the alliance on {day} (crisis {crisis.id})")
    for iso3 in crisis.actors:
        if iso3 not in votes:
            raise CstoError(
                f"unknown actor {iso3!r} in scenario {crisis.id}: not a member of the CSTO on {day}; "
                f"the members are {', '.join(votes)}"
            )
    coding = inputs.coding(crisis.case) if crisis.case else None
    claims: dict[str, list[str]] = {}
    notes: dict[str, str] = {}
    if coding is not None:
        factors = {name: coding.factor(name).value for name in CASE_FACTORS}
        for name in CASE_FACTORS:
            claims[name] = coding.factor(name).claims
            if coding.factor(name).note:
                notes[name] = coding.factor(name).note or ""
    else:
        factors = derive_factors(crisis, day, inputs, set(votes))
        notes["factors"] = "derived from the crisis fields (csto.behaviour.factors.derive_factors)"

    parties = {crisis.victim, crisis.requester}
    if factors["adversary_member"].center > 0 and crisis.adversary:
        parties.add(crisis.adversary)
    actors = []
    for iso3, vote in votes.items():
        actors.append(_actor(iso3, vote, crisis, day, inputs, coding, parties, factors))
    found = record_case_factors(record, crisis.case)
    if found is None:
        case_factors, case_claims = derive_case_factors(crisis, day, record, inputs, set(votes)), {}  # type: ignore[var-annotated]
    else:
        case_factors, case_claims = found
    start, end = case_dates(record, crisis.case)
    prepared = CrisisInputs(
        crisis_id=crisis.id,
        title=crisis.title,
        day=day,
        coded=coding is not None,
        factors=factors,
        actors=tuple(actors),
        claims=claims,
        notes=notes,
        crisis=crisis,
        required_level=int(assess(record, rules, crisis, "cst")["strict"].required_level),
        alliance=record.cases[crisis.case].alliance if crisis.case in record.cases else "csto",
        requested=crisis.requested,
        case_factors=case_factors,
        case_claims=case_claims,
        start=start,
        end=end,
    )
    check_weights(prepared)
    return prepared


def check_weights(inputs: CrisisInputs) -> None:
    """Refuse a crisis in which no member that may vote can weigh anything: none may vote, or every such
    member's salience (or capability) is zero. The Council's weights (capability^π × salience) would then all be zero, no
    member could block any level, and every model would answer with a confident forecast from nothing
    (the spatial reader refuses the same condition). Raises :class:`CstoError` naming the members."""
    voting = [a for a in inputs.actors if a.vote > 0]
    if inputs.actors and not voting:
        raise CstoError(
            f"{inputs.crisis_id}: no member is in good standing on {inputs.day}, so none votes "
            "and no forecast follows"
        )
    for name in ("salience", "capability"):
        if all(a.get(name).bounds[1] <= 0 for a in voting):  # type: ignore[union-attr]
            raise CstoError(
                f"{inputs.crisis_id}: every member that votes on {inputs.day} "
                f"({', '.join(a.iso3 for a in voting)}) has {name} 0, so none can weigh anything "
                f"and no forecast follows; give at least one of them a positive {name}"
            )


def _actor(
    iso3: str,
    vote: float,
    crisis: Crisis,
    day: dt.date,
    inputs: Inputs,
    coding: object,
    parties: set[str | None],
    factors: dict[str, Distribution],
) -> ActorInputs:
    from csto.behaviour.inputs import CaseCoding

    claims: dict[str, list[str]] = {}
    values: dict[str, Distribution] = {}
    role = (
        "requester"
        if iso3 == crisis.requester
        else "victim"
        if iso3 == crisis.victim
        else "adversary"
        if iso3 == crisis.adversary
        else "member"
    )
    cap = inputs.profile(iso3, "capability", day)
    if cap is None:
        values["capability"] = uniform(1.0, 5.0)
        claims["capability"] = []
    else:
        values["capability"] = cap.value
        claims["capability"] = cap.claims
    rule = (
        inputs.salience.party
        if iso3 in parties
        else inputs.salience.russia
        if iso3 == "RUS"
        else inputs.salience.other
    )
    values["salience"], claims["salience"] = rule.value, rule.claims
    # favours_adversary: Russia towards a partner it courts; a member that is the adversary (rule: 1)
    fav, fav_claims = point(0.0), []
    if iso3 == crisis.adversary:
        fav = point(1.0)
    elif iso3 == "RUS" and crisis.adversary in inputs.partners:
        partner = inputs.partners[crisis.adversary]
        scale = factors["adversary_russian_partner"].center
        fav = partner.value if scale >= 1 else point(partner.value.center * scale)
        fav_claims = partner.claims
    values["favours_adversary"], claims["favours_adversary"] = fav, fav_claims
    for name in MEMBER_FACTORS:
        period = inputs.profile(iso3, name, day)
        values[name] = period.value if period else point(0.0)
        claims[name] = period.claims if period else []
    if isinstance(coding, CaseCoding):
        for name, coded in coding.members.get(iso3, {}).items():
            values[name], claims[name] = coded.value, coded.claims
    position = None
    override = crisis.actors.get(iso3)
    if override is not None:
        check_override(crisis.id, iso3, override.capability, override.position, override.salience)
    if override is not None:
        if override.capability is not None:
            values["capability"] = override.capability
        if override.salience is not None:
            values["salience"] = override.salience
        position = override.position
    return ActorInputs(
        iso3=iso3,
        role=role,
        vote=vote,
        position=position,
        claims=claims,
        capability=values["capability"],
        salience=values["salience"],
        favours_adversary=values["favours_adversary"],
        sanctions_exposure=values["sanctions_exposure"],
        domestic_opinion_against=values["domestic_opinion_against"],
        ties_china=values["ties_china"],
    )


def check_override(
    where: str,
    iso3: str,
    capability: Distribution | None,
    position: Distribution | None,
    salience: Distribution | None,
) -> None:
    """Impossible values raise :class:`CstoError`: the ranges of the scenario schema
    (:data:`csto.crisis.ACTOR_INPUTS`: capability > 0, position 0–3, salience 0–1)."""
    checks = (
        ("capability", capability, *CAPABILITY_RANGE),
        ("position", position, *POSITION_RANGE),
        ("salience", salience, *SALIENCE_RANGE),
    )
    for name, dist, lo, hi in checks:
        if dist is None:
            continue
        a, b = dist.bounds
        if a < lo or b > hi:
            raise CstoError(
                f"{where}: {iso3}.{name} must lie in [{lo:g}, {hi:g}], got [{a:g}, {b:g}]"
            )
