"""Fuzz the command line (and the scenario routes of the API) with bad input; count failures per kind.

A measurement, not a test (the tests in ``tests/cli/test_*`` and ``tests/behaviour/test_model_inputs.py``
assert the behaviour on small inputs). Each input runs ``csto.cli.app.main`` in a forked child of one warm
process (so a thousand inputs take minutes, not an hour), with its own working directory, a 3 GB limit
on its data segment and a time limit; the child's standard output and error go to files, and an exception that
escapes ``main`` is printed as Python prints it.

Kinds (issue 14, part A):

* ``markup``: user and source text must be printed literally (rich markup, emoji codes, control
  characters); a failure is a traceback or the text not found in the output.
* ``model-inputs``: non-finite, out-of-range and degenerate model inputs in scenario files, sweep
  ranges and API bodies must be refused; a failure is an exit status 0 (HTTP 200), a traceback (HTTP 500)
  or a non-finite number in the output.
* ``os-faults``: names too long, deep paths, unwritable outputs, special files, huge or deeply nested or
  non-UTF-8 input, a full standard output; a failure is a traceback or a hang.
* ``silent``: options whose value would be ignored or accepted without effect; a failure is exit status 0.

Every failure must also be one line on standard error with a non-zero exit status: an error that takes
more lines (a usage box, a wrapped message) counts as a failure ``not one line``.

Run: ``python benchmarks/fuzz_cli.py [--kind KIND] [--json FILE] [--show N]``
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import dataclasses
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

TIMEOUT = 60.0
SMALL_SWEEP = [
    "sweep",
    "armenia-2022",
    "--vary",
    "RUS.position=0:3:2",
    "--draws",
    "50",
    "--workers",
    "1",
]
"""A sweep of two grid points: the command whose output file the OS faults aim at."""
MEMORY = 3 * 1024**3
MARKUP = [
    "[/bold]",
    "[sic]",
    ":warning:",
    "[bold red]alarm[/]",
    "[link=https://example.org]x[/link]",
    "\\[escaped]",
    "[/]",
    ":thumbs_up: [i]x",
    "a[b]c:smile:d",
    "x\x1b[31mred\x1b[0m",
    "tab\there",
    "bell\x07",
    "cr\rreturn",
    "nul-free \x7f del",
    "\u202eright-to-left",
    "surrogate \udcff byte",
]
"""Text that rich would interpret (markup, emoji codes) or a terminal would (control characters)."""
STORABLE = [s for s in MARKUP if "\udcff" not in s]
"""What a store accepts as a quote (it refuses lone surrogates, which no database stores faithfully)."""


@dataclasses.dataclass
class Case:
    """One input: ``argv`` for ``csto`` and what must happen."""

    kind: str
    argv: list[str]
    expect: str = "error"  # "error" (non-zero, one line) or "ok" (status 0)
    literal: str | None = None  # text that must appear in the output (as the output layer shows it)
    env: dict[str, str] = dataclasses.field(default_factory=dict)
    stdout: str | None = None  # a path to send standard output to (e.g. /dev/full)
    note: str = ""


@dataclasses.dataclass
class Outcome:
    case: Case
    status: int | None
    out: str
    err: str
    seconds: float
    failure: str | None = None


def visible(text: str) -> str:
    """How the output layer shows ``text``: control characters and lone surrogates escaped."""
    try:
        from csto.cli.output import visible as shown
    except ImportError:  # the code before the output layer existed: text must come out unchanged
        return text
    return shown(text)


# -- the inputs -------------------------------------------------------------------------------------

BASE = {
    "id": "fuzz",
    "title": "A border clash",
    "date": "2024-05-01",
    "victim": "KAZ",
    "adversary": "AFG",
    "adversary_kind": "state",
    "requested": "military_assistance",
    "requester": "KAZ",
}
MEMBERS_2024 = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]


def scenario(tmp: Path, name: str, text: str) -> str:
    path = tmp / "scenarios" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def scenario_with(**changes: Any) -> str:
    data = {**BASE, **changes}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


BAD_VALUES: dict[str, list[str]] = {
    # YAML text of a value, so .nan and .inf reach the parser as YAML gives them
    "common": [
        ".nan",
        ".inf",
        "-.inf",
        "[.nan, 1]",
        "[0, .nan]",
        "[null, null]",
        "[1, 0]",
        "[0, .inf]",
        "[]",
        "[1, 2, 3]",
        "'abc'",
        "true",
        "{kind: point}",
        "{kind: uniform, low: .nan, high: 1}",
        "{kind: triangular, low: 0, high: 1, mode: .nan}",
        "{kind: beta, low: 0, high: 1, a: 1.0e+308, b: 1.0e+308}",
        "{kind: beta, low: 0, high: 1, a: 1.0e+300, b: 1.0e+300}",
        "{kind: beta, low: 0, high: 1, a: 5.0e-324, b: 5.0e-324}",
        "{kind: beta, low: 0, high: 1, a: .nan, b: 1}",
        "{kind: beta, low: 0, high: 1, a: 0, b: 1}",
        "{kind: beta, low: 0, high: 1, a: .inf, b: 1}",
        "1.0e+400",
        "{kind: normal, value: 1}",
        "{value: 1, extra: 2}",
    ],
    "position": ["-1", "3.5", "[2, 4]", "{kind: triangular, low: 0, high: 9, mode: 1}"],
    "salience": ["-0.1", "1.5", "[0.5, 2]", "1.0e+300"],
    "capability": ["0", "-5", "1.0e+300", "[-1, 1]"],
}


def model_input_scenarios(tmp: Path) -> list[tuple[str, str, str]]:
    """(name, YAML text, expect) of bad and good scenarios."""
    out: list[tuple[str, str, str]] = []
    n = 0
    for field in ("position", "salience", "capability"):
        for value in BAD_VALUES["common"] + BAD_VALUES[field]:
            n += 1
            text = scenario_with() + f"actors:\n  RUS: {{{field}: {value}}}\n"
            out.append((f"{field}-{n}", text, "error"))
    zero = "".join(f"  {m}: {{salience: 0}}\n" for m in MEMBERS_2024)
    out.append(("all-salience-zero", scenario_with() + "actors:\n" + zero, "error"))
    voting_zero = "".join(f"  {m}: {{salience: 0}}\n" for m in MEMBERS_2024 if m != "ARM")
    out.append(("voting-salience-zero", scenario_with() + "actors:\n" + voting_zero, "error"))
    out.append(("case-unknown", scenario_with(case="kazakstan-2022"), "error"))
    out.append(("case-other", scenario_with(case="kazakhstan-2022"), "error"))
    out.append(("case-nato", scenario_with(case="zz-not-a-case"), "error"))
    out.append(("date-nan", scenario_with(date=".nan").replace("'.nan'", ".nan"), "error"))
    out.append(("date-impossible", scenario_with(date="2024-02-30"), "error"))
    out.append(("ok-base", scenario_with(), "ok"))
    out.append(
        (
            "ok-beta",
            scenario_with()
            + "actors:\n  RUS: {salience: {kind: beta, low: 0, high: 1, a: 2, b: 5}}\n",
            "ok",
        )
    )
    return out


def assess_expect(name: str, expect: str) -> str:
    """The treaty reads no member's inputs: a scenario refused only for its members' saliences (a
    condition on the members on its date) is a valid crisis to assess."""
    return "ok" if name in ("all-salience-zero", "voting-salience-zero") else expect


def deep(levels: int) -> str:
    """A relative path ``levels`` directories deep, longer than PATH_MAX (4096 bytes)."""
    return "/".join(["dir"] * levels)


def cases(tmp: Path) -> list[Case]:
    """Every input, by kind."""
    out: list[Case] = []
    out += markup_cases(tmp)
    out += model_input_cases(tmp)
    out += os_fault_cases(tmp)
    out += silent_cases(tmp)
    return out


def markup_cases(tmp: Path) -> list[Case]:
    out: list[Case] = []
    for s in MARKUP:
        lit = visible(s)
        out += [
            Case("markup", ["history", s], literal=lit, note="unknown state"),
            Case("markup", ["case", s], literal=lit, note="unknown case"),
            Case("markup", ["claims", "--about", s], literal=lit),
            Case("markup", ["events", "--type", s], literal=lit),
            Case("markup", ["events", "--state", s], literal=lit),
            Case("markup", ["offices", "--office", s], literal=lit),
            Case("markup", ["simulate", s, "--draws", "100"], literal=lit),
            Case("markup", ["assess", s], literal=lit),
            Case("markup", ["members", "--on", s], literal=lit),
            Case("markup", ["cases", "--variant", s], literal=lit),
            Case("markup", ["gap", "--treaty", s], literal=lit),
            Case("markup", ["simulate", "armenia-2022", "--model", s], literal=lit),
            Case("markup", ["sweep", "armenia-2022", "--vary", f"{s}=0:1:2"], literal=lit),
            Case("markup", ["sql", f"SELECT '{s}' AS v"], expect="ok", literal=lit, note="a cell"),
            Case(
                "markup", ["sql", f'SELECT 1 AS "{s}"'], expect="ok", literal=lit, note="a header"
            ),
            Case("markup", ["sql", s], literal=lit, note="a parse error echoing the text"),
        ]
        path = scenario(tmp, f"title-{len(out)}.yaml", scenario_with(title=f"T {s}"))
        out += [
            Case("markup", ["assess", path], expect="ok", literal=visible(f"T {s}")),
            Case(
                "markup",
                ["simulate", path, "--draws", "100"],
                expect="ok",
                literal=visible(f"T {s}"),
            ),
            Case("markup", ["bargain", path], expect="ok", literal=visible(f"T {s}")),
        ]
        path = scenario(tmp, f"victim-{len(out)}.yaml", scenario_with(adversary=s))
        out.append(Case("markup", ["assess", path], expect="ok", literal=lit, note="adversary"))
        path = scenario(
            tmp,
            f"note-{len(out)}.yaml",
            scenario_with() + f"actors:\n  RUS: {{salience: 0.5, note: {json.dumps(s)}}}\n",
        )
        out.append(Case("markup", ["simulate", path, "--draws", "100"], expect="ok"))
    # a team's accepted quotes, listed by every user of the store (set up in store_with_quotes)
    store_dir = tmp / "markup-store"
    for s in STORABLE:
        out += [
            Case(
                "markup",
                ["claims", "--about", "UZB"],
                expect="ok",
                literal=visible(f"Q {s}"),
                env={"CSTO_DATA_DIR": str(store_dir)},
            ),
            Case(
                "markup",
                ["conflicts"],
                expect="ok",
                literal=visible(f"Q {s}"),
                env={"CSTO_DATA_DIR": str(store_dir)},
            ),
        ]
    out.append(
        Case("markup", ["claims", "export"], expect="ok", env={"CSTO_DATA_DIR": str(store_dir)})
    )
    # a warning that quotes a database URL
    for s in ("[/bold]", ":warning:"):
        out.append(
            Case(
                "markup",
                ["members"],
                expect="ok",
                literal=visible(s),
                env={"CSTO_DATABASE_URL": f"postgresql://u@{s}:1/db"},
                note="warning",
            )
        )
    return out


def store_with_quotes(tmp: Path) -> None:
    """A SQLite store where every MARKUP string is the quote of an accepted team claim about UZB that
    conflicts with a shipped claim."""
    from csto.record.load import load_record
    from csto.store.store import open_store

    store = open_store(data_dir=tmp / "markup-store")
    editor, _ = store.add_user("fuzz-editor", "editor")
    reviewer, _ = store.add_user("fuzz-reviewer", "reviewer")
    document = {
        "sources": [{"id": "t-fuzz", "title": "Fuzz source", "reference": "none"}],
        "claims": [
            {
                "subject": "UZB",
                "property": "membership.rejoined",
                "value": f"20{10 + i:02d}",
                "time": f"20{10 + i:02d}",
                "source": "t-fuzz",
                "quote": f"Q {s}",
            }
            for i, s in enumerate(STORABLE)
        ],
    }
    for claim in store.propose(document, by=editor, record=load_record()):
        store.review(claim.id, accept=True, reason="fuzz", by=reviewer)
    store.close()


def model_input_cases(tmp: Path) -> list[Case]:
    out: list[Case] = []
    for name, text, expect in model_input_scenarios(tmp):
        path = scenario(tmp, f"mi-{name}.yaml", text)
        out += [
            Case(
                "model-inputs",
                ["simulate", path, "--draws", "200", "--json"],
                expect=expect,
                note=name,
            ),
            Case(
                "model-inputs",
                ["simulate", path, "--draws", "200", "--model", "bargaining", "--json"],
                expect=expect,
                note=name,
            ),
            Case("model-inputs", ["bargain", path, "--json"], expect=expect, note=name),
            Case(
                "model-inputs",
                ["assess", path, "--json"],
                expect=assess_expect(name, expect),
                note=name,
            ),
        ]
    for spec in (
        "RUS.position=nan:nan:2",
        "RUS.position=0:nan:2",
        "RUS.position=inf:inf:2",
        "RUS.position=0:3:nan",
        "RUS.position=0:3:inf",
        "RUS.position=0:3:1e300",
        "RUS.salience=-1:0:2",
        "RUS.salience=0:2:2",
        "RUS.capability=-1:1:2",
        "RUS.position=0:9:2",
        "KAZ.ties_china=5:6:2",
        "KAZ.sanctions_exposure=-1:0:2",
        "aggression=0:7:2",
        "request_level=0:9:2",
        "russia_at_war=nan:1:2",
        "RUS.position=1e400:1e400:1",
        "RUS.position=0:3:-2",
        "RUS.position=0:3:2.5",
        "RUS.position=3:0:2",
    ):
        out.append(
            Case(
                "model-inputs",
                ["sweep", "armenia-2022", "--vary", spec, "--draws", "50", "--workers", "1"],
                note=spec,
            )
        )
    out.append(
        Case(
            "model-inputs",
            [
                "sweep",
                "armenia-2022",
                "--vary",
                "RUS.position=0:3:2",
                "--draws",
                "50",
                "--workers",
                "1",
            ],
            expect="ok",
        )
    )
    out.append(
        Case(
            "model-inputs",
            ["sql", "SELECT 'inf'::DOUBLE AS x", "--json"],
            expect="ok",
            note="a non-finite result as JSON",
        )
    )
    out.append(
        Case(
            "model-inputs",
            ["sql", "SELECT 'nan'::DOUBLE AS x", "--json"],
            expect="ok",
            note="a non-finite result as JSON",
        )
    )
    for value in ("nan", "inf", "-1", "0"):
        out.append(
            Case(
                "model-inputs",
                ["serve", "--max-seconds", value, "--port", "1"],
                note=f"--max-seconds {value}",
            )
        )
    return out


def os_fault_cases(tmp: Path) -> list[Case]:
    out: list[Case] = []
    long = "x" * 300
    huge = "x" * 100_000
    for name in (long, huge):
        out += [
            Case("os-faults", ["history", name]),
            Case("os-faults", ["case", name]),
            Case("os-faults", ["simulate", name, "--draws", "100"]),
            Case("os-faults", ["simulate", name + ".yaml"]),
            Case("os-faults", ["assess", name]),
            Case("os-faults", ["assess", name + ".yaml"]),
            Case("os-faults", ["bargain", name]),
            Case("os-faults", ["bargain", name + ".csv"]),
            Case("os-faults", ["bargain", "armenia-2022", "--ktab", name + ".csv"]),
            Case("os-faults", ["claims", "--about", name]),
            Case("os-faults", ["claims", "add", name]),
            Case("os-faults", ["check", "--seeds", name]),
            Case("os-faults", ["report", "--scenario", name + ".yaml", "--out", str(tmp / "r")]),
            Case(
                "os-faults",
                ["plot", "tornado", "--scenario", name + ".yaml", "--out", str(tmp / "t.svg")],
            ),
            Case("os-faults", ["plot", "timeline", "--out", name + ".svg"]),
            Case("os-faults", [*SMALL_SWEEP, "--out", name + ".csv"]),
            Case("os-faults", ["sweep", name, "--vary", "RUS.position=0:3:2"]),
            Case("os-faults", ["members", "--data-dir", name]),
            Case("os-faults", ["members", "--on", name]),
            Case("os-faults", ["sql", f"SELECT '{name}'"], expect="ok"),
        ]
        if name is long:
            out.append(Case("os-faults", ["export", name], expect="error"))
            out.append(Case("os-faults", ["report", "--out", name]))
    d = deep(2000)
    out += [
        Case("os-faults", ["assess", d + "/x.yaml"]),
        Case("os-faults", ["simulate", d + "/x.yaml"]),
        Case("os-faults", ["bargain", d + "/x.csv"]),
        Case("os-faults", ["claims", "add", d + "/x.yaml"]),
        Case("os-faults", ["export", d]),
        Case("os-faults", ["plot", "timeline", "--out", d + "/t.svg"]),
        Case("os-faults", ["report", "--out", d]),
        Case("os-faults", [*SMALL_SWEEP, "--out", d + "/s.csv"]),
        Case("os-faults", ["members", "--data-dir", d]),
        Case("os-faults", ["bargain", "armenia-2022", "--ktab", d + "/k.csv"]),
    ]
    # unwritable outputs
    afile = tmp / "a-file"
    afile.write_text("x")
    adir = tmp / "a-dir.svg"
    adir.mkdir()
    for target in ("/dev/full", "/sys/x", str(afile / "x"), "/proc/self/nope/x", str(adir)):
        out += [
            Case(
                "os-faults",
                ["plot", "timeline", "--out", target + ("" if target.endswith(".svg") else ".svg")],
            ),
            Case(
                "os-faults",
                [
                    "sweep",
                    "armenia-2022",
                    "--vary",
                    "RUS.position=0:3:2",
                    "--draws",
                    "50",
                    "--workers",
                    "1",
                    "--out",
                    target + ".csv",
                ],
            ),
            Case("os-faults", ["bargain", "armenia-2022", "--ktab", target + ".csv"]),
            Case("os-faults", ["export", target]),
            Case("os-faults", ["report", "--out", target]),
        ]
    # special and huge input files
    zero = tmp / "zero.yaml"
    zero.symlink_to("/dev/zero")
    rand = tmp / "random.yaml"
    rand.symlink_to("/dev/urandom")
    fifo = tmp / "fifo.yaml"
    os.mkfifo(fifo)
    sparse = tmp / "sparse.yaml"
    with sparse.open("wb") as fh:
        fh.truncate(2 * 1024**3)
    latin = tmp / "latin.yaml"
    latin.write_bytes(scenario_with(title="Caf\xe9").encode("latin-1"))
    dirfile = tmp / "dir.yaml"
    dirfile.mkdir()
    empty = tmp / "empty.yaml"
    empty.write_text("")
    nested = tmp / "nested.yaml"
    nested.write_text(scenario_with() + "description: " + "[" * 900 + "]" * 900 + "\n")
    nested_map = tmp / "nested-map.yaml"
    nested_map.write_text(scenario_with() + "description: " + "{a: " * 900 + "1" + "}" * 900 + "\n")
    claims_deep = tmp / "claims-deep.yaml"
    claims_deep.write_text(
        "sources: [{id: t-deep, title: Deep, reference: none}]\n"
        "claims:\n- {subject: UZB, property: membership.note, value: "
        + "[" * 900
        + "1"
        + "]" * 900
        + ", time: '2010', source: t-deep, quote: q}\n"
    )
    claims_deep_map = tmp / "claims-deep-map.yaml"
    claims_deep_map.write_text(
        "sources: [{id: t-deep, title: Deep, reference: none}]\n"
        "claims:\n- {subject: UZB, property: membership.note, value: "
        + "{a: " * 900
        + "1"
        + "}" * 900
        + ", time: '2010', source: t-deep, quote: q}\n"
    )
    for f in (zero, rand, fifo, sparse, latin, dirfile, empty, nested, nested_map):
        out += [
            Case("os-faults", ["assess", str(f)], note=f.name),
            Case("os-faults", ["simulate", str(f), "--draws", "100"], note=f.name),
            Case(
                "os-faults",
                ["report", "--scenario", str(f), "--out", str(tmp / "rep")],
                note=f.name,
            ),
            Case(
                "os-faults",
                ["plot", "tornado", "--scenario", str(f), "--out", str(tmp / "t.svg")],
                note=f.name,
            ),
            Case(
                "os-faults",
                ["claims", "add", str(f)],
                note=f.name,
                env={"CSTO_DATA_DIR": str(tmp / "os-store"), "CSTO_TOKEN": "nope"},
            ),
        ]
        csv = f.with_suffix(".csv")
        if not csv.exists():
            csv.symlink_to(f)
        out.append(Case("os-faults", ["bargain", str(csv)], note=csv.name))
    for f in (claims_deep, claims_deep_map):
        out.append(
            Case(
                "os-faults",
                ["claims", "add", str(f)],
                note=f.name,
                env={"CSTO_DATA_DIR": str(tmp / "os-store"), "CSTO_TOKEN": "TOKEN"},
            )
        )
    out += [
        Case("os-faults", ["sql", ""]),
        Case("os-faults", ["sql", "   "]),
        Case("os-faults", ["sql", ";"]),
        Case("os-faults", ["sql", "-- nothing"]),
        Case("os-faults", ["sql", "SELECT * FROM range(100000000)"]),
        Case("os-faults", ["sql", "SELECT " + "(" * 5000 + "1" + ")" * 5000]),
        Case("os-faults", ["sql", "SELECT 1; SELECT 2"]),
        Case("os-faults", ["check", "--seeds", "/dev/null"]),
        Case("os-faults", ["check", "--seeds", str(zero)]),
        Case("os-faults", ["members", "--data-dir", "/dev/null"]),
        Case(
            "os-faults",
            ["members", "--json"],
            expect="error",
            stdout="/dev/full",
            note="stdout full",
        ),
        Case("os-faults", ["claims"], expect="error", stdout="/dev/full", note="stdout full"),
        Case(
            "os-faults",
            ["members"],
            expect="ok",
            env={"CSTO_RECORD_DIR": str(tmp / "no-such-dir")},
            note="record dir missing",
        ),
        Case("os-faults", ["history", "\udcff\udcfe"], note="argv not UTF-8"),
        *(
            Case("os-faults", [cmd, *opt, digits])
            for digits in ("²", "١٢", "Ⅻ", "0x10", "1_0")
            for cmd, opt in (("history", []), ("claims", ["--about"]), ("events", ["--state"]))
        ),
        Case("os-faults", ["sql", "SELECT '\udcff'"], note="argv not UTF-8"),
        Case("os-faults", ["simulate", "armenia-2022", "--draws", str(10**30)]),
        Case("os-faults", ["simulate", "armenia-2022", "--draws", "100", "--seed", str(2**200)]),
        Case("os-faults", ["bargain", "armenia-2022", "--max-turns", str(10**30)], expect="ok"),
        Case(
            "os-faults",
            [
                "sweep",
                "armenia-2022",
                "--vary",
                "RUS.position=0:3:2",
                "--workers",
                str(10**9),
                "--draws",
                "50",
            ],
        ),
        Case("os-faults", ["validate", "--draws", str(10**30)]),
        Case("os-faults", ["members", "--on", "99999-01-01"]),
        Case("os-faults", ["members", "--on", "0000"]),
        Case("os-faults", ["members", "--on", "-1"]),
        Case("os-faults", ["members", "--on", ""]),
        Case("os-faults", ["events", "--from", "9999999999"]),
        Case("os-faults", ["offices", "--on", "1/2/3"]),
        Case("os-faults", ["report", "--created", "99999", "--out", str(tmp / "rc")]),
        Case("os-faults", ["serve", "--port", "99999"]),
        Case("os-faults", ["serve", "--host", "999.1.1.1", "--port", "1"]),
        Case("os-faults", ["serve", "--rate-limit", "x"]),
        Case(
            "os-faults",
            ["users", "add", "x" * 1000, "--role", "reader"],
            env={"CSTO_DATA_DIR": str(tmp / "os-store")},
        ),
        Case(
            "os-faults",
            ["users", "add", "[/bold]", "--role", "reader"],
            env={"CSTO_DATA_DIR": str(tmp / "os-store")},
        ),
        Case("os-faults", ["history"]),
        Case("os-faults", ["nonsense-command"]),
        Case("os-faults", ["members", "--bogus"]),
        Case("os-faults", ["simulate", "armenia-2022", "--draws", "x"]),
        Case("os-faults", ["plot", "nope", "--out", "x.svg"]),
    ]
    return out


def silent_cases(tmp: Path) -> list[Case]:
    ok_scenario = scenario(tmp, "silent-ok.yaml", scenario_with())
    store = {"CSTO_DATA_DIR": str(tmp / "silent-store")}
    return [
        Case("silent", ["history", "ARM", "--alliance", "xyz"]),
        Case("silent", ["members", "--alliance", "xyz"]),
        Case("silent", ["cases", "--alliance", "xyz"]),
        Case("silent", ["cases", "--kind", "xyz"]),
        Case("silent", ["cases", "--variant", "xyz"]),
        Case("silent", ["events", "--type", "xyz"]),
        Case("silent", ["events", "--state", "xyz"]),
        Case("silent", ["events", "--from", "2030", "--to", "2020"]),
        Case("silent", ["offices", "--office", "xyz"]),
        Case("silent", ["claims", "--source", "xyz"]),
        Case("silent", ["claims", "--property", "xyz"]),
        Case("silent", ["claims", "--about", "UZB", "export"], env=store),
        Case("silent", ["claims", "--source", "seed-001", "users"], env=store),
        Case("silent", ["provisions", "--treaty", "xyz"]),
        Case("silent", ["gap", "--treaty", "xyz"]),
        Case("silent", ["gap", "--variant", "xyz"]),
        Case("silent", ["assess", "armenia-2022", "--treaty", "xyz"]),
        Case("silent", ["simulate", "armenia-2022", "--model", "xyz"]),
        Case("silent", ["simulate", "armenia-2022", "--draws", "0"]),
        Case("silent", ["simulate", "armenia-2022", "--draws", "-5"]),
        Case("silent", ["simulate", "armenia-2022", "--seed", "-1"]),
        Case("silent", ["validate", "--variant", "xyz"]),
        Case("silent", ["validate", "--seed", "-1"]),
        Case("silent", ["sweep", "armenia-2022", "--vary", "RUS.position=0:3:2", "--workers", "0"]),
        Case(
            "silent",
            [
                "sweep",
                "armenia-2022",
                "--vary",
                "RUS.position=0:3:2",
                "--scheduler",
                "tcp://127.0.0.1:1",
                "--workers",
                "2",
            ],
        ),
        Case("silent", ["sweep", "armenia-2022", "--vary", "RUS.position=0:3:2", "--seed", "-1"]),
        Case("silent", ["sweep", "armenia-2022", "--vary", "XYZ.position=0:3:2", "--workers", "1"]),
        Case("silent", ["sweep", "armenia-2022", "--vary", "RUS.nothing=0:3:2", "--workers", "1"]),
        Case("silent", ["sweep", "armenia-2022", "--vary", "nothing=0:1:2", "--workers", "1"]),
        Case(
            "silent",
            [
                "sweep",
                "armenia-2022",
                "--vary",
                "RUS.position=0:3:2",
                "--vary",
                "RUS.position=0:1:2",
                "--workers",
                "1",
                "--draws",
                "50",
            ],
        ),
        Case("silent", ["sweep", "armenia-2022", "--vary", "RUS.position=0:3:2", "--out", "x.txt"]),
        Case("silent", ["bargain", "armenia-2022", "--max-turns", "0"]),
        Case("silent", ["bargain", str(tmp / "k.csv"), "--ktab", "x.csv"]),
        Case("silent", ["plot", "timeline", "--out", str(tmp / "t1.svg"), "--on", "2000-01-01"]),
        Case(
            "silent", ["plot", "timeline", "--out", str(tmp / "t2.svg"), "--scenario", ok_scenario]
        ),
        Case("silent", ["plot", "map", "--out", str(tmp / "t3.svg"), "--seed", "5"]),
        Case("silent", ["plot", "gap", "--out", str(tmp / "t4.svg"), "--draws", "5"]),
        Case("silent", ["plot", "map", "--out", str(tmp / "t5.svg"), "--on", "2024-02-30"]),
        Case("silent", ["plot", "timeline", "--out", str(tmp / "t6.pdf")]),
        Case("silent", ["report", "--on", "2024-02-30", "--out", str(tmp / "r1")]),
        Case("silent", ["report", "--created", "2024-13-01", "--out", str(tmp / "r2")]),
        Case("silent", ["report", "--draws", "0", "--out", str(tmp / "r3")]),
        Case("silent", ["export", ""]),
        Case("silent", ["export", "   "]),
        Case("silent", ["export", str(tmp / "e1"), "--format", "xyz"]),
        Case("silent", ["claims", "export", "--status", "xyz"], env=store),
        Case(
            "silent", ["claims", "review", "1", "--accept", "--reject", "--reason", "x"], env=store
        ),
        Case("silent", ["claims", "review", "1", "--accept", "--reason", "  "], env=store),
        Case("silent", ["users", "add", "someone", "--role", "xyz"], env=store),
        Case("silent", ["users", "add", "", "--role", "reader"], env=store),
        Case("silent", ["members", "--data-dir", str(tmp), "--database", "sqlite:///x.db"]),
        Case("silent", ["serve", "--data-dir", str(tmp), "--database", "sqlite:///x.db"]),
        Case("silent", ["serve", "--max-draws", "0"]),
        Case("silent", ["serve", "--rate-limit", "0/minute", "--port", "1"]),
        Case("silent", ["overview", "--on", "2024-02-30"]),
        Case("silent", ["overview", "--on", "xyz"]),
        Case("silent", ["check", "--seeds", str(tmp / "no-such-dir")]),
        Case("silent", ["members", "--on", "2006/2005"]),
        Case("silent", ["simulate", "armenia-2022", "--model", "strict", "--draws", "0"]),
    ]


# -- running ----------------------------------------------------------------------------------------


def run_in_child(case: Case, cwd: Path) -> Outcome:
    """Run ``csto`` on ``case.argv`` in a forked child; its output, exit status and time."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush()
        sys.stderr.flush()
        t0 = time.monotonic()
        pid = os.fork()
        if pid == 0:  # the child
            code = 1
            try:
                resource.setrlimit(resource.RLIMIT_DATA, (MEMORY, MEMORY))
                target = os.open(case.stdout, os.O_WRONLY) if case.stdout else out.fileno()
                os.dup2(target, 1)
                os.dup2(err.fileno(), 2)
                os.chdir(cwd)
                os.environ.update(case.env)
                sys.argv = ["csto", *case.argv]
                code = _main_as_python_runs_it()
            finally:
                os._exit(code)
        status = _wait(pid, 15.0 if case.argv[:1] == ["serve"] else TIMEOUT)
        seconds = time.monotonic() - t0
        out.seek(0)
        err.seek(0)
        return Outcome(
            case,
            status,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            seconds,
        )


def _main_as_python_runs_it() -> int:
    """``main()``, then what the interpreter does at exit: print an uncaught exception (status 1), flush
    standard output (status 120 if that fails)."""
    from csto.cli.app import main

    code: int = 0
    try:
        main()
    except SystemExit as exc:
        if exc.code is None:
            code = 0
        elif isinstance(exc.code, int):
            code = exc.code
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    except BaseException:  # what the interpreter prints for an exception that escapes
        traceback.print_exc()
        code = 1
    try:
        sys.stdout.flush()
    except Exception:
        print("Exception ignored in: <_io.TextIOWrapper name='<stdout>'>", file=sys.stderr)
        traceback.print_exc()
        code = 120
    with contextlib.suppress(Exception):
        sys.stderr.flush()
    return code


def _wait(pid: int, timeout: float) -> int | None:
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return None
        time.sleep(0.02)


def judge(o: Outcome) -> str | None:
    """Why the outcome is a failure, or None."""
    c = o.case
    both = o.out + o.err
    if o.status is None:
        return "hang"
    if "Traceback (most recent call last)" in both:
        return "traceback"
    if o.status < 0:
        return f"killed by signal {-o.status}"
    if c.kind == "model-inputs" and ("NaN" in o.out or "Infinity" in o.out):
        return "non-finite number in the output"
    if c.expect == "ok":
        if o.status != 0:
            return f"refused (status {o.status})"
    else:
        if o.status == 0:
            return "accepted"
        lines = [line for line in o.err.splitlines() if line.strip()]
        errors = [line for line in lines if not line.startswith("warning:")]
        if len(errors) != 1:
            return "not one line"
    if c.literal is not None:
        flat = "".join(both.split("\n"))  # a pipe gets wide tables; very long text may still fold
        if c.literal not in both and c.literal not in flat:
            return "text altered"
    return None


# -- the API's scenario routes ----------------------------------------------------------------------


def api_outcomes(tmp: Path) -> list[tuple[str, str, int, str | None]]:
    """(kind, name, status, failure) for every bad scenario body POSTed to /api/simulate and /api/assess."""
    from fastapi.testclient import TestClient

    from csto.serve import Limits, create_app

    app = create_app(store=None, limits=Limits(max_draws=200, model_rate="100000/minute"))
    results = []
    with TestClient(app, raise_server_exceptions=False) as client:
        for name, text, expect in model_input_scenarios(tmp):
            for route in (
                "/api/simulate?draws=200",
                "/api/simulate?draws=200&model=bargaining",
                "/api/assess",
            ):
                want = assess_expect(name, expect) if route == "/api/assess" else expect
                for ctype, body in (
                    ("application/yaml", text),
                    ("application/json", _as_json(text)),
                ):
                    if body is None:
                        continue
                    r = client.post(
                        route, content=body.encode("utf-8"), headers={"Content-Type": ctype}
                    )
                    failure = None
                    if r.status_code >= 500:
                        failure = f"status {r.status_code}"
                    elif want == "error" and r.status_code == 200:
                        failure = "accepted"
                    elif want == "ok" and r.status_code != 200:
                        failure = f"refused ({r.status_code}: {r.text[:120]})"
                    else:
                        try:
                            json.loads(r.text, parse_constant=_refuse)
                        except ValueError:
                            failure = "not JSON (NaN or Infinity)"
                    results.append(
                        ("model-inputs", f"POST {route} {ctype} {name}", r.status_code, failure)
                    )
    return results


def _refuse(name: str) -> Any:
    raise ValueError(name)


def _as_json(text: str) -> str | None:
    """The scenario as JSON, when JSON can carry it (no NaN or infinity)."""
    try:
        data = yaml.safe_load(text)
        return json.dumps(data, allow_nan=False)
    except ValueError:
        return None
    except yaml.YAMLError:
        return None


# -- the report -------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", action="append", help="Only this kind (repeatable).")
    parser.add_argument("--json", type=Path, help="Write every outcome to this file.")
    parser.add_argument("--show", type=int, default=3, help="Failures shown per reason.")
    parser.add_argument("--no-api", action="store_true", help="Skip the API's scenario routes.")
    parser.add_argument("--grep", help="Only inputs whose argv contains this text.")
    args = parser.parse_args()

    os.environ.update({"CSTO_CACHE_DIR": "off", "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"})
    with _scratch() as tmp:
        home = tmp / "home"
        home.mkdir()
        os.environ["HOME"] = str(home)
        os.environ["XDG_DATA_HOME"] = str(home / "data")
        for var in ("CSTO_DATA_DIR", "CSTO_DATABASE_URL", "CSTO_RECORD_DIR", "CSTO_TOKEN"):
            os.environ.pop(var, None)
        _warm()
        store_with_quotes(tmp)
        token = _store_token(tmp / "os-store")
        todo = [c for c in cases(tmp) if not args.kind or c.kind in args.kind]
        if args.grep:
            todo = [c for c in todo if any(args.grep in a for a in c.argv)]
        for c in todo:
            if c.env.get("CSTO_TOKEN") == "TOKEN":
                c.env["CSTO_TOKEN"] = token
        cwd = tmp / "cwd"
        cwd.mkdir()
        outcomes = []
        t0 = time.monotonic()
        for i, c in enumerate(todo, 1):
            o = run_in_child(c, cwd)
            o.failure = judge(o)
            outcomes.append(o)
            if i % 50 == 0:
                print(f"  {i}/{len(todo)} inputs, {time.monotonic() - t0:.0f} s", file=sys.stderr)
        api = (
            []
            if args.no_api or (args.kind and "model-inputs" not in args.kind)
            else api_outcomes(tmp)
        )
    _report(outcomes, api, args.show)
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {
                        "kind": o.case.kind,
                        "argv": [a[:200] for a in o.case.argv],
                        "note": o.case.note,
                        "status": o.status,
                        "failure": o.failure,
                        "stderr": o.err[-2000:],
                        "seconds": round(o.seconds, 2),
                    }
                    for o in outcomes
                ]
                + [{"kind": k, "request": n, "status": s, "failure": f} for k, n, s, f in api],
                indent=1,
                ensure_ascii=True,  # an argument's lone surrogates cannot be written as UTF-8
            ),
            encoding="utf-8",
        )


@contextlib.contextmanager
def _scratch() -> Iterator[Path]:
    """A scratch directory, removed with ``rm -rf`` (an input may have made a very deep tree in it)."""
    tmp = Path(tempfile.mkdtemp(prefix="csto-fuzz-"))
    try:
        yield tmp
    finally:
        subprocess.run(["rm", "-rf", str(tmp)], check=False)


def _warm() -> None:
    """Import what the commands use and open the shipped record once, so forked children start warm."""
    import csto.behaviour.simulate
    import csto.cli.app  # noqa: F401
    from csto.session import open as open_session

    open_session()


def _store_token(data_dir: Path) -> str:
    from csto.store.store import open_store

    store = open_store(data_dir=data_dir)
    _, token = store.add_user("fuzz-os-editor", "editor")
    store.close()
    return token


def _short(args: list[str]) -> str:
    text = " ".join(a if len(a) < 60 else a[:40] + f"…({len(a)} chars)" for a in args)
    return text.encode("unicode_escape").decode("ascii")


def _report(
    outcomes: list[Outcome], api: list[tuple[str, str, int, str | None]], show: int
) -> None:
    per_kind: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    reasons: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
    for o in outcomes:
        per_kind[o.case.kind][0] += 1
        if o.failure:
            per_kind[o.case.kind][1] += 1
            last = (o.err.strip().splitlines() or [""])[-1][:160]
            reasons[(o.case.kind, o.failure)].append(f"csto {_short(o.case.argv)}  →  {last}")
    api_kind: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for kind, name, _status, failure in api:
        api_kind[kind][0] += 1
        if failure:
            api_kind[kind][1] += 1
            reasons[(kind + " (API)", failure.split(" (")[0])].append(f"{name} → {failure[:160]}")
    print("kind            inputs  failures")
    for kind, (n, bad) in per_kind.items():
        print(f"{kind:<15} {n:>6}  {bad:>8}")
    for kind, (n, bad) in api_kind.items():
        print(f"{kind + ' (API)':<15} {n:>6}  {bad:>8}")
    total = sum(n for n, _ in per_kind.values()) + sum(n for n, _ in api_kind.values())
    failed = sum(b for _, b in per_kind.values()) + sum(b for _, b in api_kind.values())
    print(f"{'all':<15} {total:>6}  {failed:>8}")
    for (kind, why), items in sorted(reasons.items()):
        print(f"\n{kind}: {why} ({len(items)})")
        for item in items[:show]:
            print(f"  {item}")


if __name__ == "__main__":
    main()
