"""Whole-record checks: references resolve, keys are unique, intervals do not overlap, counts match.

Each check names the file and line of the item at fault. ``manifest.yaml`` records the expected number of
items per file (the peacesciencer habit): a file that silently lost or gained rows fails the load.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path

from csto.errors import DataFileError
from csto.record.record import Record
from csto.record.yamlio import read_yaml

_ALPHA3 = re.compile(r"^[A-Z]{3}$")
Where = dict[tuple[str, str], tuple[Path, int | None]]


def _fail(where: Where, file: str, key: str, root: Path, message: str) -> DataFileError:
    path, line = where.get((file, key), (root / file, None))
    return DataFileError(str(path), line, message)


def _check_claims(
    record: Record, where: Where, root: Path, file: str, key: str, ids: Iterable[str]
) -> None:
    for cid in ids:
        if cid not in record.claims:
            raise _fail(where, file, key, root, f"{key}: cites unknown claim {cid!r}")


def _check_actor(record: Record, where: Where, root: Path, file: str, key: str, actor: str) -> None:
    if actor in record.states or actor in record.actors or actor in record.alliances:
        return
    hint = " (not in states.yaml)" if _ALPHA3.match(actor) else " (not a state, actor or alliance)"
    raise _fail(where, file, key, root, f"{key}: unknown actor {actor!r}{hint}")


def validate_record(record: Record, root: Path, where: Where) -> None:
    """Raise :class:`DataFileError` on the first inconsistency found."""
    _validate_claims(record, where, root)
    _validate_memberships(record, where, root)
    _validate_entities(record, where, root)
    _validate_counts(record, root)


def _validate_claims(record: Record, where: Where, root: Path) -> None:
    for cid, claim in record.claims.items():
        if claim.source not in record.sources:
            raise _fail(where, "claims", cid, root, f"claim {cid}: unknown source {claim.source!r}")
        kind = record.sources[claim.source].kind
        if claim.external != (kind == "external"):
            raise _fail(
                where,
                "claims",
                cid,
                root,
                f"claim {cid}: external is {claim.external} but source {claim.source} is of kind {kind}",
            )
        if kind == "derived" and not claim.derived_from:
            raise _fail(
                where, "claims", cid, root, f"claim {cid}: a derived claim needs derived_from"
            )
        for dep in claim.rank_grounds:
            if dep not in record.claims:
                raise _fail(
                    where,
                    "claims",
                    cid,
                    root,
                    f"claim {cid}: rank grounded on unknown claim {dep!r}",
                )
        for dep in claim.derived_from:
            if dep not in record.claims:
                raise _fail(
                    where, "claims", cid, root, f"claim {cid}: derived from unknown claim {dep!r}"
                )


def _validate_memberships(record: Record, where: Where, root: Path) -> None:
    by_state: dict[tuple[str, str], list[tuple[int, object]]] = defaultdict(list)
    for i, m in enumerate(record.memberships):
        key = str(i)
        if m.state not in record.states:
            raise _fail(where, "memberships.yaml", key, root, f"unknown state {m.state!r}")
        if m.alliance not in record.alliances:
            raise _fail(where, "memberships.yaml", key, root, f"unknown alliance {m.alliance!r}")
        _check_claims(
            record, where, root, "memberships.yaml", key, [*m.claims, *m.alternative_claims]
        )
        if m.start_event is not None and m.start_event not in record.events:
            raise _fail(
                where, "memberships.yaml", key, root, f"unknown start_event {m.start_event!r}"
            )
        by_state[(m.state, m.alliance)].append((i, m))
    for (state, _alliance), rows in by_state.items():
        rows.sort(key=lambda r: r[1].start.earliest)  # type: ignore[attr-defined]
        for (_, prev), (j, nxt) in pairwise(rows):
            if prev.end is None:  # type: ignore[attr-defined]
                raise _fail(
                    where,
                    "memberships.yaml",
                    str(j),
                    root,
                    f"{state}: an interval starting {nxt.start.edtf} follows one that never ends",  # type: ignore[attr-defined]
                )
            if prev.end.edtf != nxt.start.edtf:  # type: ignore[attr-defined]
                raise _fail(
                    where,
                    "memberships.yaml",
                    str(j),
                    root,
                    f"{state}: interval starts {nxt.start.edtf} but the previous one ends "  # type: ignore[attr-defined]
                    f"{prev.end.edtf}; a change of status closes one interval and opens the next",  # type: ignore[attr-defined]
                )
            if prev.status == nxt.status and not nxt.alternatives:  # type: ignore[attr-defined]
                raise _fail(
                    where,
                    "memberships.yaml",
                    str(j),
                    root,
                    f"{state}: two consecutive intervals with the same status {nxt.status.value}",  # type: ignore[attr-defined]
                )


def _validate_entities(record: Record, where: Where, root: Path) -> None:
    for aid, alliance in record.alliances.items():
        _check_claims(record, where, root, "alliances.yaml", aid, alliance.claims)
        for phase in alliance.phases:
            _check_claims(record, where, root, "alliances.yaml", aid, phase.claims)
    for bid, body in record.bodies.items():
        _check_claims(record, where, root, "bodies.yaml", bid, body.claims)
    for oid, office in record.offices.items():
        if office.body not in record.bodies:
            raise _fail(where, "offices.yaml", oid, root, f"{oid}: unknown body {office.body!r}")
        _check_claims(record, where, root, "offices.yaml", oid, office.claims)
    for i, tenure in enumerate(record.tenures):
        if tenure.office not in record.offices:
            raise _fail(where, "tenures.yaml", str(i), root, f"unknown office {tenure.office!r}")
        if tenure.nationality not in record.states:
            raise _fail(
                where, "tenures.yaml", str(i), root, f"unknown state {tenure.nationality!r}"
            )
        _check_claims(record, where, root, "tenures.yaml", str(i), tenure.claims)
    for iid, inst in record.instruments.items():
        if inst.alliance not in record.alliances:
            raise _fail(
                where, "instruments.yaml", iid, root, f"{iid}: unknown alliance {inst.alliance!r}"
            )
        for state in [*inst.signatories, *inst.refused]:
            _check_actor(record, where, root, "instruments.yaml", iid, state)
        _check_claims(record, where, root, "instruments.yaml", iid, inst.claims)
    for pid, prov in record.provisions.items():
        if prov.instrument not in record.instruments:
            raise _fail(
                where,
                "provisions.yaml",
                pid,
                root,
                f"{pid}: unknown instrument {prov.instrument!r}",
            )
        _check_claims(record, where, root, "provisions.yaml", pid, prov.claims)
    for eid, event in record.events.items():
        for p in event.participants:
            _check_actor(record, where, root, "events.yaml", eid, p.actor)
        if event.case is not None and event.case not in record.cases:
            raise _fail(where, "events.yaml", eid, root, f"{eid}: unknown case {event.case!r}")
        _check_claims(record, where, root, "events.yaml", eid, event.claims)
    for cid, case in record.cases.items():
        for party in (case.victim, case.requester):
            if party is not None:
                _check_actor(record, where, root, "cases.yaml", cid, party)
        if case.adversary is not None and case.adversary_kind in ("state", "member_state"):
            _check_actor(record, where, root, "cases.yaml", cid, case.adversary)
        for eid in case.events:
            if eid not in record.events:
                raise _fail(where, "cases.yaml", cid, root, f"{cid}: unknown event {eid!r}")
            if record.events[eid].case != cid:
                raise _fail(
                    where,
                    "cases.yaml",
                    cid,
                    root,
                    f"{cid}: event {eid} belongs to case {record.events[eid].case!r}",
                )
        _check_claims(record, where, root, "cases.yaml", cid, case.claims)
        _validate_case_base(record, where, root, cid)
    for eid, event in record.events.items():
        if event.case is not None and eid not in record.cases[event.case].events:
            raise _fail(
                where, "events.yaml", eid, root, f"{eid}: case {event.case} does not list it"
            )
    for oid, obs in record.observations.items():
        _check_claims(record, where, root, "observations.yaml", oid, obs.claims)
    for aid, actor in record.actors.items():
        _check_claims(record, where, root, "actors.yaml", aid, actor.claims)


def _validate_case_base(record: Record, where: Where, root: Path, cid: str) -> None:
    """A case admitted by a clause codes its outcome, its factors and its variants, all cited."""
    case = record.cases[cid]
    if case.alliance not in record.alliances:
        raise _fail(where, "cases.yaml", cid, root, f"{cid}: unknown alliance {case.alliance!r}")
    _check_claims(record, where, root, "cases.yaml", cid, case.outcome_claims)
    for variant in case.variants:
        _check_claims(record, where, root, "cases.yaml", cid, variant.claims)
        if variant.requester is not None:
            _check_actor(record, where, root, "cases.yaml", cid, variant.requester)
    if case.factors is not None:
        for name in type(case.factors).model_fields:
            _check_claims(
                record, where, root, "cases.yaml", cid, getattr(case.factors, name).claims
            )
    if case.clause is None:
        return
    missing = [
        what
        for what, absent in (
            ("outcome_level", case.outcome_level is None),
            ("outcome_claims", not case.outcome_claims),
            ("factors", case.factors is None),
            ("victim", case.victim is None),
        )
        if absent
    ]
    if (
        case.clause == "a"
        and case.requester is None
        and not any(v.requester for v in case.variants)
    ):
        missing.append("requester (clause a is a request)")
    if missing:
        raise _fail(
            where,
            "cases.yaml",
            cid,
            root,
            f"{cid}: a case admitted by clause {case.clause} needs {', '.join(missing)}",
        )


def _validate_counts(record: Record, root: Path) -> None:
    path = root / "manifest.yaml"
    if not path.exists():
        return
    manifest = read_yaml(path) or {}
    counts = manifest.get("counts", {})
    actual = {
        "sources": len(record.sources),
        "states": len(record.states),
        "actors": len(record.actors),
        "alliances": len(record.alliances),
        "memberships": len(record.memberships),
        "bodies": len(record.bodies),
        "offices": len(record.offices),
        "tenures": len(record.tenures),
        "instruments": len(record.instruments),
        "provisions": len(record.provisions),
        "events": len(record.events),
        "cases": len(record.cases),
        "observations": len(record.observations),
        "claims": sum(1 for c in record.claims.values() if c.added_by is None),
    }
    for kind, expected in counts.items():
        if kind not in actual:
            raise DataFileError(str(path), counts.key_lines.get(kind), f"unknown kind {kind!r}")
        if actual[kind] != expected:
            raise DataFileError(
                str(path),
                counts.key_lines.get(kind),
                f"expected {expected} {kind}, found {actual[kind]}: update the manifest if the change is "
                "intended",
            )
