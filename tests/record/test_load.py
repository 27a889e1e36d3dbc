"""Loading and validating the record: the shipped data is consistent, and broken copies of it fail with
an error that names the file and the line at fault.

Every broken file is a copy under ``tmp_path``; the shipped data is never written.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from csto.errors import CstoError, DataFileError
from csto.record.load import hash_data, load_record, load_record_from, record_dir
from csto.record.record import Record

Edit = Callable[[Path, str, str], int]
FindLine = Callable[[Path, str], int]

#: Shipped files the tests below edit copies of: checked byte for byte before and after each test.
EDITED = [
    "memberships.yaml",
    "states.yaml",
    "tenures.yaml",
    "offices.yaml",
    "sources.yaml",
    "claims/membership.yaml",
    "claims/figures.yaml",
]


@pytest.fixture(autouse=True)
def _shipped_untouched(shipped_dir: Path) -> Iterator[None]:
    before = {name: (shipped_dir / name).read_bytes() for name in EDITED}
    yield
    after = {name: (shipped_dir / name).read_bytes() for name in EDITED}
    assert after == before, "a test wrote to the shipped data"


def load_error(root: Path) -> DataFileError:
    with pytest.raises(DataFileError) as info:
        load_record_from(root)
    return info.value


def assert_points_at(err: DataFileError, path: Path, line: int | None, *fragments: str) -> None:
    """The error names ``path`` (in the copy) and ``line``, and its message says what is wrong."""
    assert Path(err.path) == path, str(err)
    assert err.line == line, str(err)
    where = f"{path}:{line}" if line else str(path)
    assert str(err).startswith(f"{where}: "), str(err)
    for fragment in fragments:
        assert fragment in str(err), f"{fragment!r} not in {err}"
    assert isinstance(err, CstoError)


# -- the shipped record ------------------------------------------------------------------------


def test_shipped_record_loads(record: Record, shipped_dir: Path) -> None:
    assert re.fullmatch(r"[0-9a-f]{64}", record.data_hash)
    assert record.data_hash == hash_data(shipped_dir)
    for table in ("sources", "states", "alliances", "memberships", "offices", "tenures", "claims"):
        assert len(getattr(record, table)) > 0, table
    assert {"csto", "nato"} <= set(record.alliances)
    assert {"ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "RUS", "TJK", "UZB"} <= set(record.states)


def test_load_record_is_cached_and_defaults_to_data_dir(record: Record) -> None:
    first = load_record()
    assert load_record() is first
    assert load_record(record_dir()) is first
    assert first.data_hash == record.data_hash


def test_data_dir_honours_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CSTO_RECORD_DIR", raising=False)
    default = record_dir()
    assert default.parts[-2:] == ("csto", "data")
    assert (default / "memberships.yaml").is_file()
    monkeypatch.setenv("CSTO_RECORD_DIR", str(tmp_path))
    assert record_dir() == tmp_path


def test_a_copy_loads_the_same(data_copy: Path, record: Record) -> None:
    copy = load_record_from(data_copy)
    assert copy.data_hash == record.data_hash  # the hash covers names and bytes, not the location
    assert set(copy.claims) == set(record.claims)
    assert copy.memberships == record.memberships


def test_env_override_loads_a_broken_copy(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch, edit_file: Edit
) -> None:
    edit_file(data_copy / "states.yaml", "{iso3: GEO, iso2: GE", "{iso3: GEO, iso2: GEO")
    monkeypatch.setenv("CSTO_RECORD_DIR", str(data_copy))
    with pytest.raises(DataFileError) as info:
        load_record()
    assert Path(info.value.path) == data_copy / "states.yaml"
    assert "iso2" in str(info.value)


def test_hash_changes_with_the_data(data_copy: Path, record: Record, edit_file: Edit) -> None:
    edit_file(data_copy / "states.yaml", "capital: Yerevan", "capital: Erevan")
    assert hash_data(data_copy) != record.data_hash


def _claim_refs(record: Record) -> Iterator[tuple[str, str]]:
    """Every (referrer, claim id) pair in the record."""
    for i, m in enumerate(record.memberships):
        for cid in (*m.claims, *m.alternative_claims):
            yield f"membership {i} ({m.state})", cid
    for aid, alliance in record.alliances.items():
        yield from ((f"alliance {aid}", c) for c in alliance.claims)
        for phase in alliance.phases:
            yield from ((f"phase {phase.id}", c) for c in phase.claims)
    for table in ("bodies", "offices", "instruments", "provisions", "events", "cases"):
        for key, item in getattr(record, table).items():
            yield from ((f"{table} {key}", c) for c in item.claims)
    for key, obs in record.observations.items():
        yield from ((f"observation {key}", c) for c in obs.claims)
    for key, actor in record.actors.items():
        yield from ((f"actor {key}", c) for c in actor.claims)
    for i, t in enumerate(record.tenures):
        yield from ((f"tenure {i} ({t.holder})", c) for c in t.claims)
    for cid, claim in record.claims.items():
        yield from ((f"claim {cid} derived_from", c) for c in claim.derived_from)


def test_every_referenced_claim_exists(record: Record) -> None:
    refs = list(_claim_refs(record))
    assert len(refs) > 50
    missing = [(who, cid) for who, cid in refs if cid not in record.claims]
    assert missing == []


def test_every_claim_source_exists(record: Record) -> None:
    assert [c.id for c in record.claims.values() if c.source not in record.sources] == []


def test_external_claims_cite_titled_external_sources(record: Record) -> None:
    external = [c for c in record.claims.values() if c.external]
    assert external, "the record has external claims (office-holders, dates)"
    for claim in external:
        source = record.sources[claim.source]
        assert source.kind == "external", claim.id
        assert source.title.strip(), claim.id
        assert claim.quote, claim.id
    for claim in record.claims.values():
        if record.sources[claim.source].kind == "external":
            assert claim.external, f"{claim.id} cites an external source but is not marked external"


def test_derived_claims_say_what_they_derive_from(record: Record) -> None:
    derived = [c for c in record.claims.values() if record.sources[c.source].kind == "derived"]
    assert derived
    for claim in derived:
        assert claim.derived_from, claim.id
        assert claim.note, claim.id
        assert claim.id not in claim.derived_from
        assert all(dep in record.claims for dep in claim.derived_from)
    assert record.claims["d-uzb-quit-2012-per-003"].derived_from == [
        "s003-uzb-rejoined-2005",
        "s003-uzb-quit-seven-years-later",
    ]


def test_seed_claims_have_quotes_and_seed_files(record: Record) -> None:
    seeds = {sid for sid, s in record.sources.items() if s.kind == "seed"}
    assert len(seeds) == 5
    assert all(record.sources[s].seed_file for s in seeds)
    for claim in record.claims.values():
        if claim.source in seeds:
            assert claim.quote and claim.quote.strip(), claim.id


def test_membership_intervals_are_contiguous(record: Record) -> None:
    states = {m.state for m in record.memberships if m.alliance == "csto"}
    assert states == {"ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "RUS", "TJK", "UZB"}
    for iso3 in states:
        spans = record.memberships_of(iso3)
        assert all(
            a.end is not None and a.end.edtf == b.start.edtf for a, b in itertools.pairwise(spans)
        ), iso3
        assert all(a.status != b.status or b.alternatives for a, b in itertools.pairwise(spans))


# -- (a) YAML syntax ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "needle", "fragment"),
    [
        ("- iso3: XXX\n  name: Foo: Bar\n", "name: Foo: Bar", "mapping values are not allowed"),
        ("- iso3: XXX\n\tname: Foo\n", "\tname: Foo", "tab"),
        ("- {iso3: XXX, name: Foo, name: Bar}\n", "{iso3: XXX, name: Foo", "duplicate key 'name'"),
    ],
    ids=["colon", "tab", "duplicate-key"],
)
def test_yaml_syntax_error(
    data_copy: Path, find_line: FindLine, bad: str, needle: str, fragment: str
) -> None:
    path = data_copy / "states.yaml"
    path.write_text(path.read_text(encoding="utf-8") + bad, encoding="utf-8")
    err = load_error(data_copy)
    assert_points_at(err, path, find_line(path, needle), "YAML syntax", fragment)


def test_yaml_unterminated_quote_points_at_its_line(data_copy: Path, edit_file: Edit) -> None:
    path = data_copy / "tenures.yaml"
    line = edit_file(path, "holder: Nikolai Bordyuzha,", 'holder: "Nikolai Bordyuzha,')
    err = load_error(data_copy)
    assert err.line == line, str(err)


def test_not_a_list(data_copy: Path) -> None:
    path = data_copy / "offices.yaml"
    path.write_text(
        "# offices\nid: secretary-general\ntitle: Secretary General\n", encoding="utf-8"
    )
    assert_points_at(load_error(data_copy), path, 2, "must be a YAML list")


# -- (b) bad dates -----------------------------------------------------------------------------


def test_bad_date_in_a_block_item(data_copy: Path, edit_file: Edit, find_line: FindLine) -> None:
    path = data_copy / "memberships.yaml"
    edit_file(path, "\n  start: 1992-05-15\n", "\n  start: 1992-02-30\n")  # TJK's block item
    err = load_error(data_copy)
    assert_points_at(
        err,
        path,
        find_line(path, "start: 1992-02-30"),
        "start",
        "February 1992 has 29 days",
        "'1992-02-30'",
    )


def test_bad_month_in_a_flow_item(data_copy: Path, edit_file: Edit) -> None:
    path = data_copy / "memberships.yaml"
    line = edit_file(
        path,
        "{state: KAZ, status: member, start: 1994-04-20",
        "{state: KAZ, status: member, start: 1994-13-20",
    )
    assert_points_at(load_error(data_copy), path, line, "month 13 does not exist")


def test_interval_ending_before_it_starts(data_copy: Path, edit_file: Edit) -> None:
    path = data_copy / "memberships.yaml"
    line = edit_file(
        path,
        "{state: UZB, status: member, start: 1994-04-20, end: 1999-04-02,",
        "{state: UZB, status: member, start: 1994-04-20, end: 1993,",
    )
    assert_points_at(load_error(data_copy), path, line, "ends before it starts")


def test_bad_date_in_a_claim_time(data_copy: Path, edit_file: Edit, find_line: FindLine) -> None:
    path = data_copy / "claims" / "membership.yaml"
    edit_file(path, 'value: "2005"\n  time: "2005"', 'value: "2005"\n  time: "2005-02-29"')
    err = load_error(data_copy)
    assert_points_at(
        err,
        path,
        find_line(path, 'time: "2005-02-29"'),
        "s003-uzb-rejoined-2005",
        "February 2005 has 28 days",
    )


def test_bad_date_in_a_tenure(data_copy: Path, edit_file: Edit) -> None:
    path = data_copy / "tenures.yaml"
    line = edit_file(path, "start: 2017-05-02", "start: 2017-05-32")
    assert_points_at(load_error(data_copy), path, line, "May 2017 has 31 days")


def test_unknown_field_points_at_its_key(
    data_copy: Path, edit_file: Edit, find_line: FindLine
) -> None:
    path = data_copy / "memberships.yaml"
    edit_file(path, "  note: >-\n    Seed 000 lists", "  nots: >-\n    Seed 000 lists")
    err = load_error(data_copy)
    assert_points_at(err, path, find_line(path, "nots:"), "nots", "Extra inputs are not permitted")


# -- (c) unknown references --------------------------------------------------------------------


def test_membership_cites_unknown_claim(data_copy: Path, edit_file: Edit) -> None:
    path = data_copy / "memberships.yaml"
    line = edit_file(
        path,
        "{state: KAZ, status: member, start: 1994-04-20, start_event: cst-in-force-1994, claims: [d-members-in-force-1994",
        "{state: KAZ, status: member, start: 1994-04-20, start_event: cst-in-force-1994, claims: [no-such-claim",
    )
    assert_points_at(load_error(data_copy), path, line, "cites unknown claim 'no-such-claim'")


def test_tenure_cites_unknown_claim(data_copy: Path, edit_file: Edit) -> None:
    path = data_copy / "tenures.yaml"
    line = edit_file(path, "claims: [x-sg-zas-start,", "claims: [x-sg-zas-started,")
    assert_points_at(load_error(data_copy), path, line, "unknown claim 'x-sg-zas-started'")


def test_office_cites_unknown_claim(data_copy: Path, edit_file: Edit) -> None:
    path = data_copy / "offices.yaml"
    line = edit_file(path, "body: joint-staff, claims: [", "body: joint-staff, claims: [nope, ")
    assert_points_at(load_error(data_copy), path, line, "chief-of-joint-staff", "'nope'")


def test_derived_from_unknown_claim(data_copy: Path, edit_file: Edit, find_line: FindLine) -> None:
    path = data_copy / "claims" / "membership.yaml"
    edit_file(
        path,
        "derived_from: [s003-uzb-rejoined-2005, s003-uzb-quit-seven-years-later]",
        "derived_from: [s003-uzb-rejoined-2005, no-such-claim]",
    )
    err = load_error(data_copy)
    assert_points_at(
        err,
        path,
        find_line(path, "- id: d-uzb-quit-2012-per-003"),
        "derived from unknown claim 'no-such-claim'",
    )


def test_claim_with_unknown_source(data_copy: Path, edit_file: Edit, find_line: FindLine) -> None:
    path = data_copy / "claims" / "figures.yaml"
    edit_file(
        path,
        "property: alliance.successes\n  value: 1\n  source: seed-001",
        "property: alliance.successes\n  value: 1\n  source: seed-009",
    )
    err = load_error(data_copy)
    assert_points_at(
        err, path, find_line(path, "- id: s001-figure-only-success"), "unknown source 'seed-009'"
    )


def test_membership_of_unknown_state(data_copy: Path, edit_file: Edit) -> None:
    path = data_copy / "memberships.yaml"
    line = edit_file(path, "{state: GEO, status: withdrawn,", "{state: GEX, status: withdrawn,")
    assert_points_at(load_error(data_copy), path, line, "unknown state 'GEX'")


def test_missing_file(data_copy: Path) -> None:
    (data_copy / "offices.yaml").unlink()
    assert_points_at(load_error(data_copy), data_copy / "offices.yaml", None, "missing data file")


# -- (d) membership intervals ------------------------------------------------------------------

KAZ_SIGNATORY = "{state: KAZ, status: signatory, start: 1992-05-15, end: 1994-04-20,"
KAZ_MEMBER = "{state: KAZ, status: member, start: 1994-04-20,"


def test_gap_between_intervals(data_copy: Path, edit_file: Edit) -> None:
    path = data_copy / "memberships.yaml"
    line = edit_file(path, KAZ_MEMBER, KAZ_MEMBER.replace("1994-04-20", "1994-05-01"))
    assert_points_at(
        load_error(data_copy),
        path,
        line,
        "KAZ: interval starts 1994-05-01 but the previous one ends 1994-04-20",
    )


def test_overlapping_intervals(data_copy: Path, edit_file: Edit, find_line: FindLine) -> None:
    path = data_copy / "memberships.yaml"
    edit_file(path, KAZ_SIGNATORY, KAZ_SIGNATORY.replace("end: 1994-04-20", "end: 1995-01-01"))
    assert_points_at(
        load_error(data_copy),
        path,
        find_line(path, KAZ_MEMBER),  # the interval that starts inside the previous one
        "KAZ: interval starts 1994-04-20 but the previous one ends 1995-01-01",
    )


def test_interval_after_one_that_never_ends(data_copy: Path, find_line: FindLine) -> None:
    path = data_copy / "memberships.yaml"
    row = (
        "- {state: KAZ, status: suspended, start: 2000, end: 2001, claims: [s000-withdrew-1999]}\n"
    )
    path.write_text(path.read_text(encoding="utf-8") + row, encoding="utf-8")
    assert_points_at(
        load_error(data_copy),
        path,
        find_line(path, "status: suspended, start: 2000"),
        "KAZ: an interval starting 2000 follows one that never ends",
    )


def test_consecutive_intervals_with_the_same_status(
    data_copy: Path, edit_file: Edit, find_line: FindLine
) -> None:
    path = data_copy / "memberships.yaml"
    edit_file(path, KAZ_SIGNATORY, KAZ_SIGNATORY.replace("signatory", "member"))
    assert_points_at(
        load_error(data_copy),
        path,
        find_line(path, KAZ_MEMBER),
        "KAZ: two consecutive intervals with the same status member",
    )


# -- (e) duplicates ----------------------------------------------------------------------------


def test_duplicate_state(data_copy: Path, find_line: FindLine) -> None:
    path = data_copy / "states.yaml"
    first = find_line(path, "{iso3: ARM,")
    path.write_text(
        path.read_text(encoding="utf-8") + "- {iso3: ARM, iso2: AM, name: Armenia again}\n",
        encoding="utf-8",
    )
    assert_points_at(
        load_error(data_copy),
        path,
        find_line(path, "Armenia again"),
        f"duplicate key 'ARM' (first at line {first})",
    )


def test_duplicate_source(data_copy: Path, find_line: FindLine) -> None:
    path = data_copy / "sources.yaml"
    first = find_line(path, "- id: seed-002")
    path.write_text(
        path.read_text(encoding="utf-8") + "- {id: seed-002, kind: seed, title: Again}\n",
        encoding="utf-8",
    )
    assert_points_at(
        load_error(data_copy),
        path,
        find_line(path, "title: Again"),
        f"duplicate key 'seed-002' (first at line {first})",
    )


def test_duplicate_claim_across_files(data_copy: Path, find_line: FindLine) -> None:
    first_path = data_copy / "claims" / "membership.yaml"
    first = find_line(first_path, "- id: s000-uzb-rejoined-2006")
    claims = yaml.safe_load(first_path.read_text(encoding="utf-8"))
    dup = next(c for c in claims if c["id"] == "s000-uzb-rejoined-2006")
    path = data_copy / "claims" / "zz-extra.yaml"  # sorts after membership.yaml: loaded later
    path.write_text("# extra\n" + yaml.safe_dump([dup], allow_unicode=True), encoding="utf-8")
    assert_points_at(
        load_error(data_copy),
        path,
        2,
        f"duplicate claim id 's000-uzb-rejoined-2006' (first at membership.yaml:{first})",
    )


# -- manifest of expected counts ---------------------------------------------------------------


def test_manifest_with_the_right_counts_loads(data_copy: Path, record: Record) -> None:
    (data_copy / "manifest.yaml").write_text(
        f"counts:\n  states: {len(record.states)}\n  memberships: {len(record.memberships)}\n",
        encoding="utf-8",
    )
    assert load_record_from(data_copy).memberships == record.memberships


def test_manifest_catches_a_lost_row(data_copy: Path, record: Record) -> None:
    (data_copy / "manifest.yaml").write_text(
        f"# expected counts\ncounts:\n  states: {len(record.states)}\n  tenures: {len(record.tenures)}\n",
        encoding="utf-8",
    )
    path = data_copy / "tenures.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        "\n".join(t for t in text.splitlines() if "Masadykov" not in t) + "\n", encoding="utf-8"
    )
    assert_points_at(
        load_error(data_copy),
        data_copy / "manifest.yaml",
        4,
        f"expected {len(record.tenures)} tenures, found {len(record.tenures) - 1}",
    )
