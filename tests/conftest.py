"""Shared fixtures: the shipped record, throw-away copies of its data directory, and a record whose every
table is populated (synthetic events, a case and an observation appended to a copy). (The default
validation ships with the package, ``csto.behaviour.verdict``: no test recomputes the slow models.)

The record under test is the one :func:`csto.record.load.record_dir` names: the package's data, or
``CSTO_RECORD_DIR`` when set (the documented override for editors). Nothing here writes to it: copies live
under pytest's ``tmp_path``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from csto.record.load import load_record_from
from csto.record.record import Record
from csto.session import Csto
from datacopy import SHIPPED_DATA, copy_data

#: Ids of the synthetic items appended by :func:`full_data_dir` (chosen not to clash with real data).
TEST_CASE = "zz-test-case"
TEST_EVENTS = ("zz-test-request", "zz-test-clash")
TEST_OBSERVATION = "zz-test-poll"
TEST_ACTOR = "zz-test-group"

_SYNTHETIC = {
    "cases.yaml": f"""
- id: {TEST_CASE}
  title: Synthetic test case
  kind: internal_unrest
  start: 2031-01-05
  end: 2031-01
  trigger: synthetic unrest, for tests only
  victim: KAZ
  adversary_kind: domestic_unrest
  requester: KAZ
  requested: military_assistance
  response: synthetic deployment
  outcome_level: 3
  events: [{TEST_EVENTS[0]}, {TEST_EVENTS[1]}]
  claims: [s000-cst-signed-tashkent]
""",
    "events.yaml": f"""
- id: {TEST_EVENTS[0]}
  type: request_for_assistance
  title: Synthetic request
  start: 2031-01-05
  participants: [{{actor: KAZ, role: requester}}, {{actor: csto, role: decider}}]
  case: {TEST_CASE}
  claims: [s000-cst-signed-tashkent]
- id: {TEST_EVENTS[1]}
  type: armed_clash
  title: Synthetic clash
  start: 2031-02
  end: 2031-03
  participants: [{{actor: KGZ, role: belligerent}}, {{actor: TJK, role: belligerent}}, {{actor: {TEST_ACTOR}, role: participant}}]
  case: {TEST_CASE}
  claims: [s001-cst-signed-tashkent]
""",
    "actors.yaml": f"""
- id: {TEST_ACTOR}
  name: Synthetic armed group
  kind: armed group
  based_in: TJK
  claims: [s000-cst-signed-tashkent]
""",
    "observations.yaml": f"""
- id: {TEST_OBSERVATION}
  indicator: synthetic_poll
  subject: ARM
  value: 12.5
  unit: percent
  time: 2031-06
  claims: [s000-cst-signed-tashkent]
""",
}


def append_items(path: Path, text: str) -> None:
    """Append YAML list items to a data file (replacing an empty ``[]`` file)."""
    current = path.read_text(encoding="utf-8")
    if not yaml.safe_load(current):  # empty, comments only, or a flow-style []
        current = ""
    if current and not current.endswith("\n"):
        current += "\n"
    path.write_text(current + text.lstrip("\n"), encoding="utf-8")


def edit(path: Path, old: str, new: str) -> int:
    """Replace the single occurrence of ``old`` in ``path``; return the 1-based line where it starts."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return line


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the single line of ``path`` that contains ``needle``."""
    lines = [
        i for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in t
    ]
    assert len(lines) == 1, f"{needle!r} is on lines {lines} of {path.name}"
    return lines[0]


@pytest.fixture(scope="session")
def shipped_dir() -> Path:
    return SHIPPED_DATA


@pytest.fixture(scope="session")
def record() -> Record:
    """The shipped record, loaded (and validated) once for the session."""
    return load_record_from(SHIPPED_DATA)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A fresh, writable copy of the shipped data directory."""
    return copy_data(tmp_path / "data")


@pytest.fixture(scope="session")
def full_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the data with a synthetic case, two events, an actor and an observation appended."""
    root = copy_data(tmp_path_factory.mktemp("full") / "data")
    for name, text in _SYNTHETIC.items():
        append_items(root / name, text)
    manifest = root / "manifest.yaml"
    if manifest.exists():  # keep the expected counts in step with the appended items
        data = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
        counts = data.get("counts", {})
        for name, text in _SYNTHETIC.items():
            kind = name.removesuffix(".yaml")
            if kind in counts:
                counts[kind] += len(yaml.safe_load(text))
        manifest.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def full_record(full_data_dir: Path) -> Record:
    """The record of :func:`full_data_dir`: every table has at least one row."""
    return load_record_from(full_data_dir)


@pytest.fixture
def edit_file() -> Callable[[Path, str, str], int]:
    return edit


@pytest.fixture
def find_line() -> Callable[[Path, str], int]:
    return line_of


@pytest.fixture(scope="session")
def session(record: Record) -> Csto:
    """The session over the shipped record (no team store)."""
    from sessions import session_of

    return session_of(record)
