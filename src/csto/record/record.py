"""The record: every entity of the knowledge base, indexed, with lookups that give helpful errors."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from csto.errors import NotInRecordError, UnknownNameError
from csto.record.alliance import Alliance
from csto.record.body import Body, Office, Tenure
from csto.record.case import Case
from csto.record.claim import Claim
from csto.record.countries import Country
from csto.record.event import Event
from csto.record.membership import Membership
from csto.record.observation import Observation
from csto.record.provision import Instrument, Provision
from csto.record.rows import Citation
from csto.record.source import Source
from csto.record.state import Actor, State

T = TypeVar("T")


def _fold(name: str) -> str:
    return " ".join(name.casefold().replace("’", "'").split())


@dataclass
class Record:
    """All entities of the record. Build with :func:`csto.record.load.load_record`."""

    sources: dict[str, Source]
    states: dict[str, State]
    actors: dict[str, Actor]
    alliances: dict[str, Alliance]
    memberships: list[Membership]
    bodies: dict[str, Body]
    offices: dict[str, Office]
    tenures: list[Tenure]
    instruments: dict[str, Instrument]
    provisions: dict[str, Provision]
    events: dict[str, Event]
    cases: dict[str, Case]
    observations: dict[str, Observation]
    claims: dict[str, Claim]
    data_hash: str = ""
    _names: dict[str, str] = field(default_factory=dict, repr=False)
    memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    """Values computed from the record and kept for its lifetime (a record is not changed once built;
    :func:`dataclasses.replace` gives a copy with an empty memo)."""

    def __post_init__(self) -> None:
        # ISO alpha-3 codes win over every other name: COW's abbreviations reuse some of them for other
        # states (COW's SLV is Slovenia, ISO's SLV is El Salvador)
        for state in self.states.values():
            for name in state.names():
                self._names.setdefault(_fold(name), state.iso3)
        for state in self.states.values():
            self._names[_fold(state.iso3)] = state.iso3

    # -- lookups -------------------------------------------------------------------------------
    def state(self, name: str) -> State:
        """Find a state of the record by alpha-3, alpha-2, COW code, name or alias, case-insensitively.

        Raises :class:`~csto.errors.NotInRecordError` for a real state the record does not hold (Moldova,
        ``345``) and :class:`~csto.errors.UnknownNameError`, with suggestions, for a name that is no state.
        """
        found = self.find_state(name)
        if isinstance(found, State):
            return found
        raise NotInRecordError(found.label)

    def find_state(self, name: str) -> State | Country:
        """The record's state for ``name``, or the real state outside the record it names.

        The record's own names come first (ISO alpha-3 wins over COW abbreviations); other names and codes
        resolve through :func:`csto.record.countries.resolve` (any state name, ISO alpha-2, alpha-3 or
        numeric, or COW code). Raises :class:`~csto.errors.UnknownNameError` with suggestions otherwise.
        """
        key = self._names.get(_fold(name))
        if key is not None:
            return self.states[key]
        from csto.record.countries import resolve

        country = resolve(name)
        if country is None:
            raise UnknownNameError("state", name, self.suggest_states(name))
        if country.iso3 is not None and country.iso3 in self.states:
            return self.states[country.iso3]
        same_cow = [
            s for s in self.states.values() if country.cow is not None and s.cow == country.cow
        ]
        return same_cow[0] if same_cow else country

    def suggest_states(self, name: str, n: int = 3) -> list[str]:
        """Up to ``n`` states whose names are close to ``name``, closest first (difflib's ratio): the
        record's own states from 0.5 with 0.1 added, COW's other states from 0.75, so that ``armenai``
        suggests Armenia and not Parma, and ``moldva`` still suggests Moldova."""
        from csto.record.countries import cow_states

        if len(name) > MAX_NAME:
            return []
        folded = _fold(name)
        own = {key: f"{self.states[iso3].name} ({iso3})" for key, iso3 in self._names.items()}
        others: dict[str, str] = {}
        for row in cow_states():
            key = _fold(row.cow_name)
            if key not in own:
                others.setdefault(key, f"{row.cow_name} ({row.iso3 or f'COW {row.ccode}'})")
        scored: list[tuple[float, str]] = []
        for names, cutoff, bonus in ((own, 0.5, 0.1), (others, 0.75, 0.0)):
            for key, label in names.items():
                matcher = difflib.SequenceMatcher(None, folded, key)
                if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
                    ratio = matcher.ratio()
                    if ratio >= cutoff:
                        scored.append((ratio + bonus, label))
        scored.sort(key=lambda pair: -pair[0])
        return list(dict.fromkeys(label for _, label in scored))[:n]

    def case(self, case_id: str) -> Case:
        return _get(self.cases, case_id, "case")

    def event(self, event_id: str) -> Event:
        return _get(self.events, event_id, "event")

    def source(self, source_id: str) -> Source:
        return _get(self.sources, source_id, "source")

    def claim(self, claim_id: str) -> Claim:
        return _get(self.claims, claim_id, "claim")

    def alliance(self, alliance_id: str) -> Alliance:
        return _get(self.alliances, alliance_id.casefold(), "alliance")

    def label(self, actor: str) -> str:
        """A readable name for a state code, actor id or alliance id."""
        if actor in self.states:
            return self.states[actor].name
        if actor in self.actors:
            return self.actors[actor].name
        if actor in self.alliances:
            return self.alliances[actor].abbreviation
        return actor

    def memberships_of(self, iso3: str, alliance: str = "csto") -> list[Membership]:
        rows = [m for m in self.memberships if m.state == iso3 and m.alliance == alliance]
        return sorted(rows, key=lambda m: m.start.earliest)

    def cite(self, claim_ids: Iterable[str]) -> list[Citation]:
        """Citations for claims: source, seed file, verbatim quote, external/derived, who added it."""
        out: list[Citation] = []
        for cid in claim_ids:
            claim = self.claims[cid]
            src = self.sources[claim.source]
            out.append(
                Citation(
                    claim=cid,
                    source=src.id,
                    seed_file=src.seed_file,
                    quote=claim.quote,
                    external=claim.external,
                    derived_from=list(claim.derived_from),
                    added_by=claim.added_by,
                )
            )
        return out


SUGGEST_ALL = 12
"""An unknown name with no close match suggests every known name when there are at most this many."""

MAX_NAME = 200
"""Names longer than this get no suggestions (matching a 100,000-character name took minutes)."""

SUGGEST_CUTOFF = 0.6
"""How close (difflib's ratio) a known id must be to an unknown one to be suggested: ids share suffixes such
as ``-2022``, so a lower cutoff suggests unrelated cases."""


def _get(table: dict[str, T], key: str, kind: str) -> T:
    try:
        return table[key]
    except KeyError:
        if len(key) > MAX_NAME:
            raise UnknownNameError(kind, key, []) from None
        close = difflib.get_close_matches(key, list(table), n=3, cutoff=SUGGEST_CUTOFF)
        if not close and len(table) <= SUGGEST_ALL:
            close = sorted(table)  # a short list: every known name
        raise UnknownNameError(kind, key, close) from None
