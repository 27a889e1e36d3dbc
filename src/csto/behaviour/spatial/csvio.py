"""KTAB scenario CSV files: read one (UTF-8 or a Windows code page) and write one that smpc reads.

Layout (``shared/ktab/README.md``): line 1 ``name, description, nActors, nDims``; line 2 the header
``Actor, Description, Power, Pos1, Sal1, Pos2, Sal2, …``; then one row per actor, positions and
saliences on the 0–100 scale, capability raw. The checks are those of :mod:`.scenario`.

Reading, beyond ALGORITHM.md:

* **Encoding.** A file that decodes as UTF-8 (with or without a byte-order mark) is read as UTF-8.
  Any other file is given to charset-normalizer, restricted to the Windows code pages cp1250–cp1258
  (what Excel's plain "CSV" writes on Windows). Short files often decode to the same text under
  several code pages (an en dash is byte 0x96 in all of them); the name then reported is cp1252
  (Western European, Excel's default) if it is one of them, else cp1251 (Cyrillic), else
  charset-normalizer's pick. The text is the same whichever is named. The encoding used is kept in
  :attr:`.SpatialScenario.encoding`.
* Extra non-empty fields after the fourth on line 1 are ignored (``dummyData_6Dim.csv`` has one);
  empty trailing fields and surrounding spaces are ignored everywhere; blank lines are skipped; a
  field may be double-quoted, but a quoted field may not span lines.
* Every number must be finite and in range; an error names the file, the line and the column.
* The most decimals written in a position cell are kept as :attr:`.SpatialScenario.decimals`, the
  precision results are printed with.

Writing (:func:`format_ktab_csv`), for smpc's reader (KTAB ``SMPModel::readCSVStream``: minicsv,
split on every comma, surrounding double quotes trimmed, and length limits in bytes):

* text fields lose what that reader would split on or trim: a comma becomes a semicolon, a double
  quote a single one, a line break a space;
* the scenario's name and description are cut to 512 bytes, dimension names and actor
  descriptions to 256 (at a character boundary); an actor name longer than 25 bytes is refused
  (cutting it could merge two actors);
* each position and salience is written as the shortest decimal that :func:`read_ktab_csv` reads
  back to the same double (exact for any scenario read from a CSV or built on the percent scale).
"""

from __future__ import annotations

import codecs
import csv
import math
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import numpy as np

from csto.behaviour.spatial.scenario import (
    MAX_ACTORS,
    MAX_CAPABILITY,
    MIN_ACTORS,
    ScenarioError,
    SpatialScenario,
    check_names,
    readonly,
)

WINDOWS_CODE_PAGES = (
    "cp1250",
    "cp1251",
    "cp1252",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp1258",
)
"""The code pages tried when a file is not UTF-8."""
PREFERRED_CODE_PAGES = ("cp1252", "cp1251")
"""Named first when several code pages give the same text (see the module docstring)."""

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def decode(raw: bytes) -> tuple[str, str]:
    """``(text, encoding)`` of a file's bytes: UTF-8 if they decode as UTF-8, else the Windows
    code page charset-normalizer finds (see the module docstring for the naming rule).

    ``encoding`` is ``"ascii"``, ``"utf-8"``, ``"utf-8-sig"`` (UTF-8 with a byte-order mark) or a
    Python codec name such as ``"cp1252"``. Raises :class:`ValueError` when no code page fits.
    """
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return raw[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return text, "ascii" if raw.isascii() else "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=list(WINDOWS_CODE_PAGES)).best()
    if best is None:
        raise ValueError("no Windows code page fits")
    text = str(best)
    for name in PREFERRED_CODE_PAGES:
        if name in best.could_be_from_charset and raw.decode(name, errors="replace") == text:
            return text, name
    return text, best.encoding


def _fields(line: str) -> list[str]:
    """Split one CSV line, strip spaces, and drop trailing empty fields."""
    row = next(csv.reader([line], skipinitialspace=True), [])
    cells = [c.strip() for c in row]
    while cells and cells[-1] == "":
        cells.pop()
    return cells


def _decimals(cell: str) -> int:
    """Decimals written in a number cell: ``"30"`` 0, ``"38.730"`` 3, ``"1e-3"`` 3."""
    try:
        exponent = Decimal(cell).as_tuple().exponent
    except InvalidOperation:  # pragma: no cover - cells are matched by _NUMBER first
        return 0
    return max(0, -exponent) if isinstance(exponent, int) else 0


def read_ktab_csv(path: str | Path) -> SpatialScenario:
    """Read a KTAB SMP scenario CSV (ALGORITHM.md "Scales and inputs"; README.md for the layout).

    Line 1: ``name, description, nActors, nDims``; line 2: header ``Actor, Description, Power,
    Pos1, Sal1, Pos2, Sal2, …``; then one row per actor. The file may be UTF-8 or a Windows code
    page (see the module docstring); the encoding used is in the result's ``encoding``. Raises
    :class:`ScenarioError` naming the file, the line and the problem.
    """
    p = Path(path)
    where = str(path)

    def fail(line: int | None, message: str) -> ScenarioError:
        return ScenarioError(message, path=where, line=line)

    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise fail(None, f"cannot read the file ({exc.strerror or exc})") from None
    try:
        text, encoding = decode(raw)
    except ValueError:
        raise fail(
            None,
            "the file is neither UTF-8 nor text in a Windows code page (cp1250–cp1258); "
            "save it as CSV UTF-8",
        ) from None

    rows: list[tuple[int, list[str]]] = []
    for number, source in enumerate(text.splitlines(), start=1):
        try:
            cells = _fields(source)
        except csv.Error as exc:
            raise fail(number, f"cannot parse the line as CSV ({exc})") from None
        if cells:
            rows.append((number, cells))
    if not rows:
        raise fail(None, "the file is empty")

    def number_in(cells: list[str], col: int, line: int, label: str) -> float:
        cell = cells[col]
        if not _NUMBER.fullmatch(cell):
            raise fail(line, f"column {col + 1} ({label}): {cell!r} is not a number")
        value = float(cell)
        if not math.isfinite(value):
            raise fail(line, f"column {col + 1} ({label}): {cell!r} is not a finite number")
        return value

    def count_in(cells: list[str], col: int, line: int, label: str) -> int:
        value = number_in(cells, col, line, label)
        if not value.is_integer():
            raise fail(line, f"column {col + 1} ({label}): {cells[col]!r} is not a whole number")
        return int(value)

    line1, head = rows[0]
    if len(head) < 4:
        raise fail(
            line1,
            "the first line needs 4 fields (name, description, number of actors, number of "
            f"dimensions), found {len(head)}",
        )
    scen_name, scen_desc = head[0], head[1]
    n_act = count_in(head, 2, line1, "number of actors")
    n_dim = count_in(head, 3, line1, "number of dimensions")
    if n_dim < 1:
        raise fail(line1, f"number of dimensions is {n_dim}; it must be at least 1")
    if not MIN_ACTORS <= n_act <= MAX_ACTORS:
        raise fail(line1, f"number of actors is {n_act}; it must be {MIN_ACTORS} to {MAX_ACTORS}")

    n_cols = 3 + 2 * n_dim
    if len(rows) < 2:
        raise fail(None, "the header line (line 2) is missing")
    line2, header = rows[1]
    if len(header) != n_cols:
        raise fail(
            line2,
            f"the header has {len(header)} columns, but {n_dim} dimension(s) need {n_cols} "
            "(Actor, Description, Power, then a position and a salience per dimension)",
        )
    dim_names = tuple(header[3 + 2 * k] for k in range(n_dim))
    labels = ["actor", "description", "capability"]
    for k in range(n_dim):
        labels += [f"position {k + 1}", f"salience {k + 1}"]

    body = rows[2:]
    if len(body) != n_act:
        if len(body) > n_act:
            raise fail(
                body[n_act][0], f"line 1 declares {n_act} actors, but there are {len(body)} rows"
            )
        last = body[-1][0] if body else line2
        raise fail(last, f"line 1 declares {n_act} actors, but only {len(body)} rows follow")

    names: list[str] = []
    descs: list[str] = []
    cap = np.empty(n_act, dtype=np.float64)
    pos = np.empty((n_act, n_dim), dtype=np.float64)
    sal = np.empty((n_act, n_dim), dtype=np.float64)
    seen: dict[str, int] = {}
    decimals = 0
    for i, (line, cells) in enumerate(body):
        if len(cells) != n_cols:
            raise fail(
                line, f"expected {n_cols} columns for {n_dim} dimension(s), found {len(cells)}"
            )
        name = cells[0]
        if not name:
            raise fail(line, "the actor name is empty")
        if name in seen:
            raise fail(line, f"actor name {name!r} was already used on line {seen[name]}")
        seen[name] = line
        names.append(name)
        descs.append(cells[1])
        c = number_in(cells, 2, line, "capability")
        if not 0.0 <= c <= MAX_CAPABILITY:
            raise fail(line, f"capability {cells[2]} is outside [0, 1e8]")
        if c == 0.0:
            raise fail(line, "capability is 0; smpc rejects a non-positive vote weight")
        cap[i] = c
        running = 0.0
        for k in range(n_dim):
            x = number_in(cells, 3 + 2 * k, line, labels[3 + 2 * k])
            s = number_in(cells, 4 + 2 * k, line, labels[4 + 2 * k])
            if not 0.0 <= x <= 100.0:
                raise fail(
                    line, f"position {cells[3 + 2 * k]} on dimension {k + 1} is outside [0, 100]"
                )
            if not 0.0 <= s <= 100.0:
                raise fail(
                    line, f"salience {cells[4 + 2 * k]} on dimension {k + 1} is outside [0, 100]"
                )
            running += s
            if running > 100.0:
                raise fail(line, f"the saliences of actor {name} sum to {running:g}, more than 100")
            pos[i, k] = x / 100.0
            sal[i, k] = s / 100.0
            decimals = max(decimals, _decimals(cells[3 + 2 * k]))
        if running == 0.0:
            raise fail(line, f"all saliences of actor {name} are 0; its distances are undefined")

    return SpatialScenario(
        name=scen_name,
        description=scen_desc,
        actor_names=tuple(names),
        actor_descriptions=tuple(descs),
        dimension_names=dim_names,
        capability=readonly(cap),
        positions=readonly(pos),
        saliences=readonly(sal),
        encoding=encoding,
        decimals=decimals,
    )


# --- writing ------------------------------------------------------------------------------------


SMPC_NAME_BYTES = 25
"""Longest actor name smpc accepts (``Model::maxActNameLen``)."""
SMPC_SCENARIO_BYTES = 512
"""Longest scenario name or description (``Model::maxScenNameLen``, ``maxScenDescLen``)."""
SMPC_DESCRIPTION_BYTES = 256
"""Longest actor description or dimension name (``maxActDescLen``, ``maxDimDescLen``)."""


def _text(value: str, limit: int | None = None) -> str:
    """A text field a comma-splitting reader takes whole, cut to ``limit`` UTF-8 bytes."""
    out = " ".join(value.replace(",", ";").replace('"', "'").split())
    if limit is not None:
        out = out.encode("utf-8")[:limit].decode("utf-8", errors="ignore").rstrip()
    return out


def percent_text(p: float) -> str:
    """The shortest decimal ``t`` on the 0–100 scale with ``float(t) / 100 == p`` (``p`` on [0, 1]).

    ``0.3`` → ``"30"``, ``0.4101`` (a model position, not of the form v/100) → the nearest,
    ``"41.010000000000005"``. Exact whenever ``p`` was read from text or built as ``v / 100``.
    """
    p = float(p)
    base = p * 100.0
    near = [base]
    lo = hi = base
    for _ in range(4):  # p = fl(v / 100) puts v within a few ulps of fl(p·100)
        lo, hi = math.nextafter(lo, -math.inf), math.nextafter(hi, math.inf)
        near += [lo, hi]
    for digits in range(18):
        for v in near:
            text = f"{v:.{digits}f}"
            if float(text) / 100.0 == p:
                return text
    exact = [repr(v) for v in near if float(repr(v)) / 100.0 == p]
    return min(exact, key=len) if exact else repr(base)


def _capability_text(c: float) -> str:
    text = repr(float(c))
    return text[:-2] if text.endswith(".0") else text


def _salience_header(dimension: str) -> str:
    if dimension.endswith(" Position"):
        return dimension[: -len("Position")] + "Salience"
    return f"{dimension} Salience"


def format_ktab_csv(scenario: SpatialScenario) -> str:
    """The KTAB CSV text of ``scenario`` (``\\n`` line ends), which :func:`read_ktab_csv` and smpc read.

    Raises :class:`ScenarioError` if an actor name is longer than smpc accepts or two become equal
    once commas and quotes are replaced (see the module docstring).
    """
    names = [_text(a) for a in scenario.actor_names]
    for name in names:
        if len(name.encode("utf-8")) > SMPC_NAME_BYTES:
            raise ScenarioError(
                f"actor name {name!r} is longer than the {SMPC_NAME_BYTES} bytes smpc accepts"
            )
    check_names(names)
    dims = [_text(d, SMPC_DESCRIPTION_BYTES - len(" Salience")) for d in scenario.dimension_names]
    lines = [
        f"{_text(scenario.name, SMPC_SCENARIO_BYTES) or 'scenario'},"
        f"{_text(scenario.description, SMPC_SCENARIO_BYTES)},"
        f"{scenario.n_actors},{scenario.n_dims}",
        ",".join(
            ["Actor", "Description", "Power"]
            + [cell for d in dims for cell in (d, _salience_header(d))]
        ),
    ]
    for i, name in enumerate(names):
        cells = [
            name,
            _text(scenario.actor_descriptions[i], SMPC_DESCRIPTION_BYTES),
            _capability_text(scenario.capability[i]),
        ]
        for k in range(scenario.n_dims):
            cells.append(percent_text(scenario.positions[i, k]))
            cells.append(percent_text(scenario.saliences[i, k]))
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


def write_ktab_csv(scenario: SpatialScenario, path: str | Path) -> Path:
    """Write ``scenario`` as a UTF-8 KTAB CSV at ``path`` (:func:`format_ktab_csv`); returns the path.

    Raises :class:`ScenarioError` naming the path when it cannot be written.
    """
    out = Path(path)
    text = format_ktab_csv(scenario)
    try:
        out.write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise ScenarioError(
            f"cannot write the file ({exc.strerror or exc})", path=str(path)
        ) from None
    return out
