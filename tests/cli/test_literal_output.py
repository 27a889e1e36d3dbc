"""Issue 14, kind 1: terminal markup injection. Text from data or input is printed literally.

Before the output layer (:mod:`csto.cli.output`) rich read every string as markup: ``csto history '[/bold]'``
was a traceback, an accepted team quote containing ``[/x]`` made ``csto claims`` and ``csto conflicts``
crash for every user of the store, ``[sic]`` vanished from verbatim quotes and ``:warning:`` became an emoji,
in tables and in error messages. Now any string comes out as :func:`~csto.cli.output.visible` shows it:
unchanged, except that what a terminal would act on (control characters, bidirectional overrides, lone
surrogates) is escaped.
"""

from __future__ import annotations

import contextlib
import io
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from clirun import csto
from csto.cli import output
from csto.cli.output import visible
from csto.errors import CstoError
from csto.record.event import EventType
from csto.record.load import load_record
from csto.record.query import claims as claims_about

MARKUP = [
    "[/bold]",
    "[sic]",
    ":warning:",
    "[bold red]alarm[/]",
    "[link=https://example.org]x[/link]",
    "\\[escaped]",
    "[/]",
    ":thumbs_up: [i]x",
    "x\x1b[31mred\x1b[0m",
    "cr\rreturn",
    "\u202eright-to-left",
]
"""Text that rich would interpret (markup, emoji codes) or a terminal would (control characters)."""

texts = st.one_of(st.sampled_from(MARKUP), st.text(max_size=60))
"""Any text: hypothesis's (every Unicode category but surrogates) and the known troublemakers."""

one_line_texts = texts.filter(lambda s: s.strip() != "")


def printed(fn: object, *args: object, **kwargs: object) -> tuple[str, str]:
    """What an output function writes to standard output and error, on a wide pipe."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        fn(*args, **kwargs)  # type: ignore[operator]
    return out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "2000")  # no folding: a cell's text stays on one line


# -- the output layer -----------------------------------------------------------------------------


@given(texts)
def test_visible_changes_only_what_a_terminal_would_act_on(s: str) -> None:
    shown = visible(s)
    if not any(
        unicodedata.category(c) in ("Cc", "Cs") or c in output.BIDI_CONTROLS
        for c in s.replace("\n", "").replace("\t", "")
    ):
        assert shown == s
    assert not any(
        unicodedata.category(c) in ("Cc", "Cs") for c in shown.replace("\n", "").replace("\t", "")
    )
    assert "\n" not in visible(s, one_line=True) and "\t" not in visible(s, one_line=True)


@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=150, deadline=None
)
@given(cell=texts, header=one_line_texts, title=one_line_texts, caption=one_line_texts)
def test_any_text_round_trips_through_a_table(
    cell: str, header: str, title: str, caption: str
) -> None:
    out, _ = printed(
        output.table,
        [{"k": cell, "n": [cell, cell]}],
        [("k", header), "n"],
        title=title,
        caption=caption,
    )
    # a title or caption longer than the table wraps, and a line break in a cell is one in the table:
    # compare without white space
    flat = squeeze(out)
    for s in (title, caption, header):
        assert squeeze(visible(s, one_line=True)) in flat
    for line in visible(cell).split("\n"):  # a cell's lines sit beside the other columns' lines
        assert squeeze(line) in flat


def squeeze(text: str) -> str:
    return "".join(text.split())


@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=150, deadline=None
)
@given(texts)
def test_any_text_round_trips_through_errors_warnings_and_lines(s: str) -> None:
    _, err = printed(output.error, f"Unknown state {s}")
    assert err == f"error: Unknown state {visible(s, one_line=True)}\n"
    _, err = printed(output.warn, s)
    assert err == f"warning: {visible(s, one_line=True)}\n"
    out, _ = printed(output.text, s)  # a tab is shown as spaces to the next tab stop
    assert out.endswith("\n") and squeeze(out) == squeeze(visible(s))
    if "\t" not in s:
        assert out == visible(s) + "\n"
    out, _ = printed(output.styled, (s, "bold"), " ", s)
    assert squeeze(out) == squeeze(visible(s)) * 2


# -- the commands ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", MARKUP)
def test_an_unknown_state_is_named_literally(name: str) -> None:
    line = csto("history", name).one_line_error()
    assert line.startswith(f"error: Unknown state {visible(repr(name), one_line=True)}.")


def test_history_bold_closing_tag_is_a_clean_error() -> None:
    ran = csto("history", "[/bold]")
    assert ran.status == 2
    assert ran.one_line_error().startswith("error: Unknown state '[/bold]'.")


RECORD = load_record()


def _known(name: str) -> bool:
    """Whether ``name`` is a case id, an event type, a subject of claims or any real state (by any name or
    code: "GL" is Greenland, and the error then names Greenland (GRL), not the code as given)."""
    if name in RECORD.cases or name in {t.value for t in EventType}:
        return True
    try:
        RECORD.find_state(name)
    except CstoError:
        pass
    else:
        return True
    try:
        claims_about(RECORD, name)
    except CstoError:
        return False
    return True


@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40, deadline=None
)
@given(one_line_texts)
def test_names_in_error_messages_come_out_as_given(name: str) -> None:
    # a name the record knows is an answer, not an error: "2" is the USA's COW code, so
    # `csto claims --about 2` lists the claims about the United States
    assume(not _known(name))
    assume(not name.startswith("-"))  # an option to any command line ("-0": no such option)
    for args in (("case", name), ("claims", "--about", name), ("events", "--type", name)):
        line = csto(*args).one_line_error()
        assert visible(repr(name), one_line=True) in line, (args, line)


@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=25, deadline=None
)
@given(texts.filter(lambda s: "\x00" not in s))
def test_sql_cells_and_headers_round_trip(s: str) -> None:
    quoted = s.replace("'", "''")
    ran = csto("sql", f"SELECT '{quoted}' AS v")
    assert ran.status == 0 and ran.traceback is None, ran.err
    for line in visible(s).split("\n"):
        assert squeeze(line) in squeeze(ran.out)
    ident = s.replace('"', '""')
    if s.strip():
        ran = csto("sql", f'SELECT 1 AS "{ident}"')
        assert ran.status == 0, ran.err
        assert squeeze(visible(s, one_line=True)) in squeeze(ran.out)


@pytest.mark.parametrize("title", ["[/x] clash", "[sic] :warning: clash", "a \x1b[2J clash"])
def test_a_scenario_title_is_printed_as_written(tmp_path: Path, title: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        yaml.safe_dump(
            {"id": "s", "title": title, "date": "2024-05-01", "victim": "KAZ", "adversary": title},
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    for args in (
        ("assess", str(path)),
        ("simulate", str(path), "--draws", "100"),
        ("bargain", str(path)),
    ):
        ran = csto(*args)
        assert ran.status == 0 and ran.traceback is None, (args, ran.err)
        assert visible(title) in ran.out, args


@pytest.fixture(scope="module")
def quote_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A SQLite store whose accepted team claims about UZB carry troublesome quotes and conflict with
    shipped claims."""
    from csto.record.load import load_record
    from csto.store.store import open_store

    folder = tmp_path_factory.mktemp("quote-store")
    quotes = [f"Q{i} {s}" for i, s in enumerate(MARKUP)]
    store = open_store(data_dir=folder)
    editor, _ = store.add_user("ed", "editor")
    reviewer, _ = store.add_user("rev", "reviewer")
    document = {
        "sources": [{"id": "t-markup", "title": "Markup", "reference": "none"}],
        "claims": [
            {
                "subject": "UZB",
                "property": "membership.rejoined",
                "value": f"20{10 + i}",
                "time": f"20{10 + i}",
                "source": "t-markup",
                "quote": q,
            }
            for i, q in enumerate(quotes)
        ],
    }
    for claim in store.propose(document, by=editor, record=load_record()):
        store.review(claim.id, accept=True, reason="[sic] checked", by=reviewer)
    store.close()
    return folder, quotes


def test_accepted_team_quotes_do_not_break_claims_or_conflicts(
    quote_store: tuple[Path, list[str]],
) -> None:
    folder, quotes = quote_store
    env = {"CSTO_DATA_DIR": str(folder), "CSTO_DATABASE_URL": None}
    claims = csto("claims", "--about", "UZB", env=env)
    assert claims.status == 0 and claims.traceback is None, claims.err
    for q in quotes:
        assert visible(q) in claims.out
    conflicts = csto("conflicts", env=env)
    assert conflicts.status == 0 and conflicts.traceback is None, conflicts.err
    assert any(visible(q) in conflicts.out for q in quotes)


def test_a_warning_quoting_a_database_url_is_literal() -> None:
    ran = csto(
        "members", env={"CSTO_DATABASE_URL": "postgresql://u@[/bold]:1/db", "CSTO_DATA_DIR": None}
    )
    assert ran.status == 0 and ran.traceback is None, ran.err
    assert any(line.startswith("warning: ") for line in ran.lines), ran.err
