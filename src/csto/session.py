"""One session: the data every answer uses, opened once by a front end and passed down.

:func:`open` returns a :class:`Csto` holding

* the record: the shipped YAML (or ``record_dir``) merged with the team store's accepted claims;
* the treaty rules (``rules.yaml``) checked against that record;
* the behaviour models' coded inputs (``behaviour/inputs.yaml``);
* the hash of exactly that data (:attr:`Csto.data_hash`), which every derived result records and every
  cache is keyed by.

The CLI, the HTTP API, the web page and the report each open one ``Csto`` and call its methods, which hand
its data to the pure functions of the layers below (after Nashpy's ``Game``): nothing below the front ends
loads data by itself, so an accepted team claim changes every answer.

Where the store is: ``database`` (a SQLAlchemy URL) or ``$CSTO_DATABASE_URL``; else the SQLite store in
``data_dir`` or ``$CSTO_DATA_DIR``; else the default SQLite store in the user's data directory, if one
exists. Reading never creates a store. When the configured store cannot be reached, a session still
answers from the shipped record and says so in :attr:`Csto.warnings`.

``record_dir`` (or ``$CSTO_RECORD_DIR``) names another directory of record YAML, for editors and tests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csto.errors import CstoError
from csto.record.load import load_record
from csto.record.load import record_dir as default_record_dir
from csto.record.record import Record
from csto.store.errors import StoreUnavailable

if TYPE_CHECKING:
    import pandas as pd

    from csto.analysis.figures import Statistic
    from csto.behaviour.core import Case
    from csto.behaviour.forecast import Forecast
    from csto.behaviour.inputs import Inputs
    from csto.behaviour.validation_result import ValidationResult
    from csto.crisis import Crisis
    from csto.record.rows import (
        CaseDetail,
        CaseRow,
        ClaimRow,
        ConflictRow,
        EventRow,
        HistoryRow,
        MemberRow,
        OfficeRow,
        SourceRow,
        StateRow,
    )
    from csto.store.store import Store
    from csto.treaty.assess import Assessment
    from csto.treaty.gap import GapRow
    from csto.treaty.rulebook import RuleBook


@dataclass(frozen=True, eq=False)
class Csto:
    """The data of one session and the questions it answers.

    Build with :func:`open`. ``record`` is the shipped record merged with the store's accepted claims,
    ``rules`` the treaty rules, ``inputs`` the behaviour models' coded inputs; ``store`` names the store
    merged in (``None``: none) and ``revision`` its revision; ``warnings`` says what the session could not
    do (an unreachable store). Every method hands this data to a pure function of the layer below.
    """

    record: Record
    rules: RuleBook
    inputs: Inputs
    store: str | None = None
    revision: int | None = None
    warnings: tuple[str, ...] = ()
    _store: Store | None = field(default=None, repr=False)

    @property
    def data_hash(self) -> str:
        """SHA-256 over the record (shipped and team claims), the inputs and the rules."""
        parts = f"{self.record.data_hash}:{self.inputs.hash}:{self.rules.hash}"
        return hashlib.sha256(parts.encode()).hexdigest()

    def open_store(self) -> Store:
        """The store this session merged (to propose or review claims); raises if there is none."""
        if self._store is None:
            raise CstoError("this session has no team store (give --database or --data-dir)")
        return self._store

    # -- the record ------------------------------------------------------------------------------
    def members(
        self, on: str | dt.date = "today", alliance: str = "csto", *, all_states: bool = False
    ) -> list[MemberRow]:
        """Who belonged to ``alliance`` on a day or during a period: :func:`csto.record.query.members`.

        ``on`` is a day (``"YYYY-MM-DD"``, a :class:`datetime.date` or ``"today"``) or a period (a year
        ``2006``, a month ``2012-06``, or ``START/END``). Returns one :class:`~csto.record.rows.MemberRow`
        per state (ISO alpha-3 order): ``state``, ``name``, ``status`` (``member|withdrawn`` when the day
        cannot tell), ``certainty`` (``certain``, ``contested``, ``uncertain`` or ``assumed``), ``reason``
        and the ``sources`` and ``claims`` it rests on; for a period, a ``period`` section (who belonged
        throughout, at some point, and every change with its day). ``all_states`` adds the states that did
        not belong. Raises :class:`~csto.errors.DateError` for a malformed or impossible date or period and
        :class:`~csto.errors.UnknownNameError` for an unknown alliance."""
        from csto.record.query import members

        return members(self.record, on, alliance, all_states=all_states)

    def describe_state(self, state: str, alliance: str = "csto") -> StateRow:
        """Any state by any name or code, in the record or not: :func:`csto.record.query.describe_state`."""
        from csto.record.query import describe_state

        return describe_state(self.record, state, alliance)

    def history(self, state: str, alliance: str = "csto") -> list[HistoryRow]:
        """A state's status intervals in ``alliance``, oldest first: :func:`csto.record.query.history`.

        ``state`` is any name, alias, ISO alpha-3 or COW code. Returns :class:`~csto.record.rows.HistoryRow`
        rows: ``status``, ``start`` and ``end`` as EDTF text (``2006``, ``1999-04``; ``None``: open) with
        their precision, the dates other sources give (``alternatives``) and the sources. Raises
        :class:`~csto.errors.UnknownNameError` (with suggestions) for an unknown state or alliance."""
        from csto.record.query import history

        return history(self.record, state, alliance)

    def timeline(self, alliance: str = "csto") -> list[HistoryRow]:
        """Every state's status intervals in ``alliance`` (:class:`~csto.record.rows.HistoryRow` rows,
        state by state): :func:`csto.record.query.timeline`. Raises
        :class:`~csto.errors.UnknownNameError` for an unknown alliance."""
        from csto.record.query import timeline

        return timeline(self.record, alliance)

    def events(
        self,
        start: str | None = None,
        end: str | None = None,
        type: str | None = None,
        state: str | None = None,
    ) -> list[EventRow]:
        """Events from ``start`` to ``end`` (EDTF: ``2022``, ``2022-01``, ``2022-01-05``; inclusive), of
        a ``type`` (e.g. ``armed_clash``), involving a ``state``: :func:`csto.record.query.events`.

        Returns :class:`~csto.record.rows.EventRow` rows (id, type, title, EDTF start and end,
        participants with roles, case, sources). Raises :class:`~csto.errors.DateError` for a bad date and
        :class:`~csto.errors.CstoError` for an unknown type or an end before the start."""
        from csto.record.query import events

        return events(self.record, start, end, type, state)

    def cases(
        self,
        alliance: str | None = None,
        kind: str | None = None,
        variant: str = "default",
        *,
        case_base: bool = False,
    ) -> list[CaseRow]:
        """The crisis cases, oldest first: :func:`csto.record.query.cases`.

        Filters: ``alliance`` (``csto``, ``nato``, …), ``kind``, a coding ``variant``, and ``case_base``
        (only the cases admitted by the inclusion rule). Returns :class:`~csto.record.rows.CaseRow` rows
        (dates as EDTF text, what was requested, the response, the outcome level 0–3, the clause and
        variants, sources). Raises :class:`~csto.errors.UnknownNameError` for an unknown alliance or
        variant."""
        from csto.record.query import cases

        return cases(self.record, alliance, kind, variant, case_base=case_base)

    def case(self, case_id: str) -> CaseDetail:
        """One case in full: its fields, events and the claims with their verbatim quotes
        (:class:`~csto.record.rows.CaseDetail`): :func:`csto.record.query.case`. Raises
        :class:`~csto.errors.UnknownNameError` (with suggestions) for an unknown case id."""
        from csto.record.query import case

        return case(self.record, case_id)

    def offices(
        self, on: str | dt.date | None = None, office: str | None = None
    ) -> list[OfficeRow]:
        """Tenures of offices (Secretary General, Chief of the Joint Staff): every tenure, or those on a
        day or in a period (``on``, as for :meth:`members`), of one ``office`` by id or title; one
        :class:`~csto.record.rows.OfficeRow` each with EDTF dates, certainty and sources:
        :func:`csto.record.query.offices`. Raises :class:`~csto.errors.UnknownNameError` for an unknown
        office and :class:`~csto.errors.DateError` for a bad date."""
        from csto.record.query import offices

        return offices(self.record, on, office)

    def claims(
        self, about: str | None = None, source: str | None = None, property: str | None = None
    ) -> list[ClaimRow]:
        """The claims (:class:`~csto.record.rows.ClaimRow`: subject, property, value, EDTF time, rank,
        source and verbatim quote), optionally only those ``about`` a subject (a state by any name, a
        case, an office), from one ``source`` (``seed-003``) or of one ``property`` (or namespace):
        :func:`csto.record.query.claims`. Raises :class:`~csto.errors.UnknownNameError` for an unknown
        source and :class:`~csto.errors.CstoError` (with suggestions) when no claim matches."""
        from csto.record.query import claims

        return claims(self.record, about, source, property)

    def sources(self) -> list[SourceRow]:
        """Every source (:class:`~csto.record.rows.SourceRow`: id, kind, title, author, publisher, date,
        number of claims): :func:`csto.record.query.sources`."""
        from csto.record.query import sources

        return sources(self.record)

    def conflicts(self) -> list[ConflictRow]:
        """Where claims disagree: one :class:`~csto.record.rows.ConflictRow` per subject and property
        with every value, its claims, quotes and ranks: :func:`csto.record.conflicts.conflicts`."""
        from csto.record.conflicts import conflicts

        return conflicts(self.record)

    def figures(self) -> list[Statistic]:
        """The seed articles' quantitative statements beside the numbers recomputed from the record
        (:class:`~csto.analysis.figures.Statistic`: author's value, recomputed value, status and the reason
        where they differ): :func:`csto.analysis.figures.figures`."""
        from csto.analysis.figures import figures

        return figures(self.record)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table of the record as a pandas DataFrame, by name (``states``, ``memberships``,
        ``claims``, ``cases``, ``events``, ``state_year`` — one row per state and year —, …):
        :func:`csto.record.tables.tables`."""
        from csto.record.tables import tables

        return tables(self.record)

    def export(self, directory: Path, format: str = "csv") -> list[Path]:
        """Write every table and the codebook into ``directory`` in ``format`` and return the paths
        written: :func:`csto.record.export.export`. Raises :class:`~csto.errors.CstoError` for an unknown
        format or a directory that cannot be written."""
        from csto.record.export import export

        return export(self.record, directory, format)

    def sql(self, query: str) -> pd.DataFrame:
        """Run one read-only SQL ``query`` (DuckDB's dialect) over the tables of :meth:`tables` and
        return the result as a DataFrame: :func:`csto.record.sql.run`. Raises
        :class:`~csto.errors.CstoError` for a query that fails or writes."""
        from csto.record.sql import run

        return run(self.record, query)

    # -- the treaty ------------------------------------------------------------------------------
    def crisis(self, target: str | Path | Crisis) -> Crisis:
        """A :class:`~csto.crisis.Crisis` from a case id, a scenario file path or a crisis. Raises
        :class:`~csto.errors.UnknownNameError` for an unknown case and
        :class:`~csto.errors.DataFileError` (file, line, field) for a bad scenario file."""
        from csto.crisis import Crisis, resolve

        if isinstance(target, Crisis):
            return target
        return resolve(str(target), self.record)

    def assess(self, target: str | Path | Crisis, treaty: str = "cst") -> Assessment:
        """What ``treaty`` requires in a crisis (a case id, a scenario file or a
        :class:`~csto.crisis.Crisis`), under each reading: :func:`csto.treaty.assess.assess`.

        Returns an :class:`~csto.treaty.assess.Assessment`: per reading the required outcome level
        (0 no action … 3 forces deployed), the level if contested conditions held, a summary and every rule
        with its conditions; ``.to_frame()`` gives one row per reading and rule. Raises
        :class:`~csto.errors.UnknownNameError` for an unknown treaty or case and
        :class:`~csto.errors.DataFileError` for a bad scenario file."""
        from csto.treaty.assess import assess

        self.rules.treaty(treaty)
        return assess(self.record, self.rules, self.crisis(target), treaty)

    def gap(self, treaty: str = "cst", variant: str = "default") -> list[GapRow]:
        """For every case and reading: the level the treaty required beside the level the alliance
        reached, with a verdict (``honoured``, ``refused``, ``not triggered``, …) and why
        (:class:`~csto.treaty.gap.GapRow`): :func:`csto.treaty.gap.gap`. Raises
        :class:`~csto.errors.UnknownNameError` for an unknown treaty or coding variant."""
        from csto.treaty.gap import gap

        self._check_variant(variant)
        return gap(self.record, self.rules, treaty, variant)

    def provisions(self, treaty: str | None = None) -> list[dict[str, Any]]:
        """The treaty rules with the provisions they encode and their quoted text, as JSON-ready dicts:
        :func:`csto.treaty.provisions.provisions`. Raises :class:`~csto.errors.UnknownNameError` for an
        unknown treaty."""
        from csto.treaty.provisions import provisions

        return provisions(self.record, self.rules, treaty)

    # -- behaviour -------------------------------------------------------------------------------
    def historical_cases(self, variant: str = "default") -> list[Case]:
        """The cases the member-level models are fitted on: :func:`csto.behaviour.history.historical_cases`."""
        from csto.behaviour.history import historical_cases

        self._check_variant(variant)
        return historical_cases(self.record, self.inputs, self.rules, variant)

    def case_base(self, variant: str = "default") -> list[Case]:
        """Every case of every alliance the models are validated on: :func:`csto.behaviour.history.case_base`."""
        from csto.behaviour.history import case_base

        self._check_variant(variant)
        return case_base(self.record, self.inputs, self.rules, variant)

    def simulate(
        self,
        target: str | Path | Crisis,
        model: str = "consensus",
        draws: int | None = None,
        seed: int = 0,
        *,
        explain: bool = True,
        tick: Callable[[str], None] | None = None,
    ) -> Forecast:
        """Forecast how the alliance responds to a crisis (a case id, a scenario file or a
        :class:`~csto.crisis.Crisis`) with ``model`` (``consensus``, ``bargaining``, ``strict``,
        ``base-rate``, …) over ``draws`` Monte Carlo draws from ``seed``:
        :func:`csto.behaviour.simulate.simulate`.

        Returns a :class:`~csto.behaviour.forecast.Forecast` (a JSON-ready dict): P(outcome level 0–3) as
        fractions with 95% intervals, the expected and most likely level, each member's contribution, the
        sensitivity table and pivotal actor (``explain``), the crisis's date as given and the model's day,
        the seed, model version and data hash that reproduce it, and the model's validation verdict
        (:meth:`verdict`) under ``"verdict"``; ``.to_frame()`` gives one row per level. ``tick`` is called
        with each phase's name. Raises :class:`~csto.errors.CstoError` for an unknown model, draws outside
        1–10,000,000 or a negative seed, and the errors of :meth:`crisis`."""
        from csto.behaviour.simulate import DEFAULT_DRAWS, simulate

        return simulate(
            self.record,
            self.inputs,
            self.rules,
            self.crisis(target),
            model,
            draws if draws is not None else DEFAULT_DRAWS,
            seed,
            explain=explain,
            tick=tick,
            verdict=self.verdict(model),
        )

    def verdict(self, model: str) -> dict[str, Any]:
        """The validation verdict of ``model`` on this session's data, from the cached validation (never
        computed here): :func:`csto.behaviour.verdict.forecast_verdict`."""
        from csto.behaviour.registry import model_class
        from csto.behaviour.verdict import forecast_verdict

        model_class(model)
        return forecast_verdict(self.data_hash, model)

    def validate(
        self,
        models: tuple[str, ...] | None = None,
        seed: int = 0,
        draws: int = 2000,
        progress: Callable[[int, int], None] | None = None,
        *,
        cache: bool = True,
        reuse_predictions: bool = True,
    ) -> ValidationResult:
        """Validation of every model and baseline on the case base: :func:`csto.behaviour.validate.validate`,
        with this session's ``data_hash``. With ``cache``, a result for every model is read from and kept in
        the disk cache (:mod:`csto.cache`, keyed by :func:`csto.behaviour.verdict.validation_key`); with
        ``reuse_predictions`` the predictions cached by content are reused (the result is the same).

        Returns a :class:`~csto.behaviour.validation_result.ValidationResult` (a JSON-ready dict): runs per
        protocol, coding variant and scope with their scores (RPS, log loss in nats, Brier 0–2, accuracy as
        a fraction), the predictions, each model's verdict and the goal; ``.to_frame()`` gives one row per
        run and model. ``progress(done, total)`` is called after each prediction. Raises
        :class:`~csto.errors.CstoError` for an unknown model or draws outside 1–10,000,000."""
        from csto import cache as disk
        from csto.behaviour.validate import validate
        from csto.behaviour.validation_result import ValidationResult
        from csto.behaviour.verdict import validation_key

        whole = models is None
        key = validation_key(self.data_hash, seed, draws)
        if cache and whole:
            hit = disk.load("validation", key)
            if isinstance(hit, dict) and "verdicts" in hit:
                return ValidationResult(hit)
        result = validate(
            self.record,
            self.inputs,
            self.rules,
            models=models,
            seed=seed,
            draws=draws,
            progress=progress,
            cache=reuse_predictions,
        )
        result["data_hash"] = self.data_hash
        if cache and whole:
            disk.store("validation", key, result)
        return ValidationResult(result)

    def _check_variant(self, variant: str) -> None:
        from csto.record.query import known_variants

        if variant not in known_variants(self.record):
            from csto.errors import UnknownNameError

            raise UnknownNameError("coding variant", variant, known_variants(self.record))


# -- opening a session ------------------------------------------------------------------------------

_MERGED: OrderedDict[tuple[str, ...], Record] = OrderedDict()
_LOCK = threading.Lock()


def store_configured(database: str | None = None, data_dir: Path | str | None = None) -> bool:
    """Is a team store named (by an argument or the environment), or does the default one exist?"""
    if database or data_dir or os.environ.get("CSTO_DATABASE_URL"):
        return True
    if os.environ.get("CSTO_DATA_DIR"):
        return True
    from csto.store.paths import default_data_dir

    return (default_data_dir() / "store.sqlite3").exists()


def _store_dir(data_dir: Path | str | None) -> Path | str | None:
    if data_dir is not None:
        return data_dir
    return os.environ.get("CSTO_DATA_DIR") or None


def open_configured_store(
    database: str | None = None, data_dir: Path | str | None = None, *, create: bool = False
) -> Store | None:
    """The team store named by ``database``/``$CSTO_DATABASE_URL`` or ``data_dir``/``$CSTO_DATA_DIR``
    (default: the user's data directory).

    With ``create`` (a write, ``csto serve``) the store is created and migrated when needed. Without it
    (a read) nothing is created: ``None`` when the SQLite file does not exist yet, and the schema is
    migrated only when it is older than the code's (so a reader takes no write lock). Raises a subclass
    of :class:`~csto.store.errors.StoreUnavailable` (one per kind of fault: a malformed URL, a data
    directory that is a file, an unreachable server, a corrupt, read-only, locked or full store)."""
    from csto.store.engine import parse_url
    from csto.store.faults import path_fault
    from csto.store.store import Store, database_url

    url = database_url(database, _store_dir(data_dir))
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite" and not create:
        wrong = path_fault(url)
        if wrong is not None:
            raise wrong
        if not parsed.database or not Path(parsed.database).exists():
            return None
    if create:
        return Store(url)
    store = Store(url, migrate=False)
    if store.db.needs_migration():
        store.migrate()
    return store


def merged_record(base: Record, store: Store) -> tuple[Record, str, int]:
    """``base`` joined by ``store``'s accepted claims, with the store's identity and revision; cached by
    that identity and revision read from the database (never by object identity) and by the base
    record's hash. A merge is stored under the identity read in the same transaction as its contents."""
    from csto.store.overlay import build_record

    identity, revision = store.identity()
    with _LOCK:
        hit = _MERGED.get((identity, str(revision), base.data_hash))
    if hit is not None:
        return hit, identity, revision
    snap = store.snapshot()
    record = build_record(base, snap.sources, snap.claims)
    with _LOCK:
        _MERGED[(snap.identity, str(snap.revision), base.data_hash)] = record
        while len(_MERGED) > 16:
            _MERGED.popitem(last=False)
    return record, snap.identity, snap.revision


def session_from(base_dir: Path, store: Store | None) -> Csto:
    """A session over the record in ``base_dir`` merged with ``store`` (already open), for servers that
    keep one store open and take a fresh session per request."""
    from csto.behaviour.inputs import inputs_path, load_inputs
    from csto.treaty.rules import load_rules, rules_path

    base = load_record(base_dir)
    record, name, revision = base, None, None
    if store is not None:
        record, name, revision = merged_record(base, store)
    rules = load_rules(record, rules_path(base_dir))
    inputs = load_inputs(inputs_path(base_dir))
    return Csto(record, rules, inputs, name, revision, (), store)


def fallback_warning(exc: StoreUnavailable) -> str:
    """The warning of a session that answers without its store: the fault's one-line message."""
    return f"{exc}; answering from the shipped record only"


def open(
    data_dir: Path | str | None = None,
    database: str | None = None,
    *,
    record_dir: Path | str | None = None,
) -> Csto:
    """Open a session: the record in ``record_dir`` (default: the shipped one, or ``$CSTO_RECORD_DIR``)
    merged with the team store named by ``database`` or ``data_dir`` (see the module docstring).

    When a store is configured but cannot be used (any :class:`~csto.store.errors.StoreUnavailable`:
    unreachable, malformed URL, corrupt, read-only, locked, full), the session answers from the record
    alone and says why in :attr:`Csto.warnings`. Raises :class:`~csto.errors.DataFileError` for a bad data file.

    For example:

        >>> s = open(record_dir=default_record_dir())
        >>> [m.state for m in s.members("2000-01-01")]
        ['ARM', 'BLR', 'KAZ', 'KGZ', 'RUS', 'TJK']
    """
    base_dir = Path(record_dir) if record_dir is not None else default_record_dir()
    if database and data_dir:
        raise CstoError("give --database or --data-dir, not both")
    store: Store | None = None
    warnings: list[str] = []
    if store_configured(database, data_dir):
        try:
            store = open_configured_store(database, data_dir)
        except StoreUnavailable as exc:
            warnings.append(fallback_warning(exc))
    try:
        session = session_from(base_dir, store)
    except StoreUnavailable as exc:  # the database went away between opening and reading
        warnings.append(fallback_warning(exc))
        session = session_from(base_dir, None)
    if warnings:
        session = Csto(
            session.record,
            session.rules,
            session.inputs,
            session.store,
            session.revision,
            tuple(warnings),
            session._store,
        )
    return session
