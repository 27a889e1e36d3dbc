"""Tidy tables, the codebook, the state-year panel, and exports that read back in every format."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml

from csto.errors import CstoError
from csto.record.codebook import CODES, LABEL_MAX, TABLES, stata_name
from csto.record.export import FORMATS, WORKBOOK, codebook, export
from csto.record.load import load_record_from
from csto.record.membership import Status
from csto.record.record import Record
from csto.record.sql import run
from csto.record.tables import state_year, tables
from csto.session import Csto

READ = {"csv": pd.read_csv, "parquet": pd.read_parquet, "json": pd.read_json}

# Claims whose quotes are in Arabic and in Russian (the League's 1990 summit; the CIS decision of 1993).
ARABIC = "x-raa-kwt90-summit-jdect"
RUSSIAN = "x-tjk-cis-decision-1993"


@pytest.fixture(scope="module")
def frames(record: Record) -> dict[str, pd.DataFrame]:
    return tables(record)


@pytest.fixture(scope="module")
def stata_dir(record: Record, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("stata") / "out"
    export(record, out, "stata")
    return out


@pytest.fixture(scope="module")
def workbook(record: Record, tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    out = tmp_path_factory.mktemp("xlsx") / "out"
    assert [p.name for p in export(record, out, "xlsx")] == [WORKBOOK, "codebook.json"]
    return openpyxl.load_workbook(out / WORKBOOK)


def quote(record: Record, claim: str) -> str:
    text = record.claims[claim].quote
    assert text is not None
    return text


# -- tables ------------------------------------------------------------------------------------


def test_tables_match_the_record(record: Record, frames: dict[str, pd.DataFrame]) -> None:
    assert len(frames["memberships"]) == len(record.memberships)
    assert len(frames["claims"]) == len(record.claims)
    assert len(frames["states"]) == len(record.states)
    assert len(frames["tenures"]) == len(record.tenures)
    assert len(frames["events"]) == len(record.events)
    assert len(frames["cases"]) == len(record.cases)
    m = frames["memberships"]
    uzb = m[(m.state == "UZB") & (m.start == "2006-08-16")].iloc[0]
    assert (uzb.status, uzb.end, uzb.ccode) == ("member", "2012-06-28", 704)
    assert (uzb.start_earliest, uzb.start_latest) == (dt.date(2006, 8, 16), dt.date(2006, 8, 16))
    assert uzb.start_precision == "day"
    assert uzb.start_event == "uzbekistan-return-protocol-2006-08-16"
    assert json.loads(uzb.claims)[0] == "x-uzb-protocol-signed-2006-08-16"
    # the deprecated 2005 return is shown beside the interval, not as its date
    assert "s003-uzb-rejoined-2005" in json.loads(uzb.claims)
    window = m[(m.state == "UZB") & (m.start == "2006-06-23")].iloc[0]
    assert (window.status, window.end) == ("accession_pending", "2006-08-16")


def test_non_latin_quotes_in_the_tables(record: Record, frames: dict[str, pd.DataFrame]) -> None:
    claims = frames["claims"].set_index("id")
    assert claims.loc[ARABIC, "quote"].startswith("انطلاقاً من أحكام ميثاق")
    assert claims.loc[RUSSIAN, "quote"].startswith("учитывая Решение о формировании")


def test_every_column_is_documented(frames: dict[str, pd.DataFrame], full_record: Record) -> None:
    assert list(frames) == list(TABLES)
    for rec_frames in (frames, tables(full_record)):
        for name, frame in rec_frames.items():
            documented = [c.name for c in TABLES[name].columns]
            assert list(frame.columns) == documented, name


def test_the_codebook_fits_stata_and_excel() -> None:
    for table in TABLES.values():
        assert len(table.name) <= 31  # a sheet name
        names = [c.stata for c in table.columns]
        assert len(set(names)) == len(names), table.name
        assert set(table.key) <= {c.name for c in table.columns}, table.name
        for col in table.columns:
            assert 0 < len(col.label) <= LABEL_MAX, (table.name, col.name)
            assert col.codes is None or col.codes in CODES, (table.name, col.name)
            assert (col.kind == "code") <= (col.codes is not None), (table.name, col.name)
    assert stata_name("end") == "end_" and stata_name("case") == "case_"
    assert stata_name("status_dec31") == "status_dec31"
    with pytest.raises(ValueError, match="cannot be a Stata variable name"):
        stata_name("a" * 33)


def test_dtypes_follow_the_codebook(frames: dict[str, pd.DataFrame]) -> None:
    for name, frame in frames.items():
        for col in TABLES[name].columns:
            dtype = frame[col.name].dtype
            if col.kind == "code":
                assert isinstance(dtype, pd.CategoricalDtype), (name, col.name)
                assert list(dtype.categories) == list(CODES[str(col.codes)].values())
            elif col.kind == "integer":
                assert str(dtype).startswith("Int"), (name, col.name, dtype)
            elif col.kind == "boolean":
                assert str(dtype) == "boolean", (name, col.name)
            elif col.kind == "date":
                assert str(dtype) == "date32[day][pyarrow]", (name, col.name)
            elif col.kind in {"text", "id", "json", "edtf"}:
                assert str(dtype) == "string", (name, col.name)


def test_codes_are_stable() -> None:
    # the numeric codes are part of the published codebook: a change breaks users' do-files
    assert CODES["status"][3] == "member" and CODES["status"][7] == "withdrawn"
    assert list(CODES["status"].values()) == [s.value for s in Status]
    assert CODES["outcome_level"] == {
        0: "no action",
        1: "statement",
        2: "consultations, mission or non-troop aid",
        3: "forces deployed",
    }
    assert CODES["yes_no"] == {0: "no", 1: "yes"}
    assert CODES["certainty"][1] == "certain"
    assert CODES["clause"] == {1: "a", 2: "b"}


def test_tables_through_the_session(session: Csto) -> None:
    sy = session.tables()["state_year"]
    assert isinstance(sy.status_dec31.dtype, pd.CategoricalDtype)
    assert isinstance(sy.belonged.dtype, pd.CategoricalDtype)
    assert str(sy.belonged_code.dtype) == "Int8"


def test_tables_keep_their_columns_when_empty(record: Record) -> None:
    empty = dataclasses.replace(record, events={}, cases={}, observations={})
    frames = tables(empty)
    for name in ("events", "cases", "case_variants", "case_factors", "observations"):
        assert frames[name].empty
        assert list(frames[name].columns) == [c.name for c in TABLES[name].columns], name


def test_sql_with_an_empty_table(record: Record) -> None:
    empty = dataclasses.replace(record, events={}, cases={}, observations={})
    assert run(empty, "SELECT count(*) AS n FROM memberships").n[0] == len(record.memberships)
    assert run(empty, "SELECT count(*) AS n FROM cases").n[0] == 0


# -- cases, their variants and factors ---------------------------------------------------------


def test_cases_carry_alliance_clause_and_variants(
    record: Record, frames: dict[str, pd.DataFrame]
) -> None:
    cases = frames["cases"].set_index("id")
    osh = cases.loc["osh-2010"]
    assert (osh.alliance, osh.clause, osh.in_case_base) == ("csto", "a", True)
    assert (osh.outcome_level, osh.outcome) == (2, "consultations, mission or non-troop aid")
    assert json.loads(osh.variants) == ["request-ignored-or-rejected"]
    assert osh.threat == "internal_unrest" and not osh.adversary_member
    assert set(cases.alliance) > {"csto", "nato"}  # the reference class is in the table
    outside = [c.id for c in record.cases.values() if c.clause is None]
    assert all(not cases.loc[i, "in_case_base"] for i in outside)
    assert cases.clause.isna().sum() == len(outside)


def test_case_variants(record: Record, frames: dict[str, pd.DataFrame]) -> None:
    v = frames["case_variants"]
    assert len(v) == sum(len(c.variant_names) for c in record.cases.values())
    assert not v.duplicated(["case", "variant"]).any()
    rows = v.set_index(["case", "variant"])
    osh = rows.loc[("osh-2010", "request-ignored-or-rejected")]
    assert (osh.outcome_level, osh.outcome, osh.requested) == (
        0,
        "no action",
        "military_assistance",
    )
    assert json.loads(osh.changes) == ["outcome_level"] and osh.source_kind == "sources"
    karabakh = rows.loc[("karabakh-2020", "armenian-request-for-consultations")]
    assert (karabakh.clause, karabakh.requester, karabakh.requested) == (
        "a",
        "ARM",
        "consultations",
    )
    default = rows.loc[("karabakh-2020", "default")]
    assert (default.clause, default.outcome_level) == ("b", 1)
    assert pd.isna(default.source_kind) and json.loads(default.changes) == []


def test_case_factors(record: Record, frames: dict[str, pd.DataFrame]) -> None:
    f = frames["case_factors"].set_index(["case", "factor"])
    kaz = record.cases["kazakhstan-2022"].factors
    assert kaz is not None
    assert json.loads(f.loc[("kazakhstan-2022", "threat"), "value"]) == kaz.threat.value
    assert json.loads(f.loc[("kazakhstan-2022", "threat"), "claims"]) == kaz.threat.claims
    assert len(f) == 5 * sum(1 for c in record.cases.values() if c.factors is not None)


# -- the state-year panel ----------------------------------------------------------------------


def test_state_year_one_row_per_state_and_year(
    record: Record, frames: dict[str, pd.DataFrame]
) -> None:
    sy = frames["state_year"]
    assert not sy.duplicated(["iso3", "year"]).any()
    this_year = dt.date.today().year
    for iso3 in {m.state for m in record.memberships if m.alliance == "csto"}:
        first = min(m.start.earliest.year for m in record.memberships_of(iso3))
        assert sorted(sy[sy.iso3 == iso3].year) == list(range(first, this_year + 1)), iso3
    assert set(sy.iso3) == {m.state for m in record.memberships if m.alliance == "csto"}
    assert set(sy.belonged) <= {"yes", "no", "uncertain"}


@pytest.mark.parametrize(
    ("iso3", "year", "belonged", "status"),
    [
        ("UZB", 1999, "yes", "withdrawn"),  # a party until the first term ended on 20 April
        ("UZB", 2000, "no", "withdrawn"),
        ("UZB", 2005, "no", "withdrawn"),  # seed 003's 2005 return is deprecated
        ("UZB", 2006, "yes", "member"),  # from the Sochi protocol of 16 August
        ("UZB", 2008, "yes", "member"),
        ("UZB", 2012, "yes", "suspended"),  # a member in law until the Council's decision
        ("UZB", 2014, "no", "suspended"),
        ("AZE", 1999, "yes", "withdrawn"),
        ("TJK", 1992, "yes", "signatory"),
        ("AZE", 2000, "no", "withdrawn"),
        ("ARM", 2025, "yes", "participation_frozen"),
    ],
)
def test_state_year_values(
    frames: dict[str, pd.DataFrame], iso3: str, year: int, belonged: str, status: str
) -> None:
    sy = frames["state_year"]
    [row] = sy[(sy.iso3 == iso3) & (sy.year == year)].to_dict("records")
    assert (row["belonged"], row["status_dec31"], row["status_dec31_all"]) == (
        belonged,
        status,
        status,
    )
    assert row["belonged_code"] == {"yes": 1, "no": 0}[belonged]
    assert CODES["status"][row["status_dec31_code"]] == status
    # Armenia's last evidence is 2025-12-11: on 31 December 2025 its standing is assumed unchanged
    certainty = "assumed" if (iso3, year) == ("ARM", 2025) else "certain"
    assert row["certainty_dec31"] == certainty
    assert CODES["certainty"][row["certainty_dec31_code"]] == certainty


def test_state_year_when_the_data_cannot_tell(data_copy: Path) -> None:
    # date Uzbekistan's 2006 return as one of two days, the second in 2007: on 31 December 2006 it was
    # either still pending or a member, and whether it belonged in 2006 is uncertain
    path = data_copy / "memberships.yaml"
    text = path.read_text(encoding="utf-8")
    one_of = "'[2006-08-16,2007-01-05]'"
    for old, new in (
        ("  start: 2006-06-23\n  end: 2006-08-16\n", f"  start: 2006-06-23\n  end: {one_of}\n"),
        ("  status: member\n  start: 2006-08-16\n", f"  status: member\n  start: {one_of}\n"),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    sy = state_year(load_record_from(data_copy)).set_index(["iso3", "year"])
    row = sy.loc[("UZB", 2006)]
    assert pd.isna(row.status_dec31) and pd.isna(row.status_dec31_code)
    assert row.status_dec31_all == "accession_pending|member"
    assert (row.certainty_dec31, row.certainty_dec31_code) == ("uncertain", 3)
    assert row.belonged == "uncertain" and pd.isna(row.belonged_code)
    assert sy.loc[("UZB", 2007)].belonged_code == 1


def test_state_year_codes(frames: dict[str, pd.DataFrame]) -> None:
    sy = frames["state_year"]
    codes = sy.drop_duplicates("iso3").set_index("iso3")
    assert codes.loc["RUS", "ccode"] == 365
    assert codes.loc["KAZ", "stateabb"] == "KZK"


def test_state_year_last_year(record: Record) -> None:
    sy = state_year(record, last_year=2010)
    assert sy.year.max() == 2010
    assert len(sy[sy.iso3 == "UZB"]) == 2010 - 1992 + 1


# -- csv, parquet, json ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "parquet", "json"])
def test_export_round_trips(
    record: Record, frames: dict[str, pd.DataFrame], tmp_path: Path, fmt: str
) -> None:
    written = export(record, tmp_path / "out", fmt)
    names = {p.name for p in written}
    assert names == {f"{t}.{fmt}" for t in frames} | {"codebook.json"}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(names)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary directory left
    for name, frame in frames.items():
        back = READ[fmt](tmp_path / "out" / f"{name}.{fmt}")
        assert len(back) == len(frame), name
        assert list(back.columns) == list(frame.columns), name
    sy = READ[fmt](tmp_path / "out" / f"state_year.{fmt}")
    assert not sy.duplicated(["iso3", "year"]).any()
    belonged = sy.set_index(["iso3", "year"]).belonged
    assert (belonged[("UZB", 2000)], belonged[("UZB", 2008)]) == ("no", "yes")
    claims = READ[fmt](tmp_path / "out" / f"claims.{fmt}").set_index("id")
    assert claims.loc[ARABIC, "quote"] == quote(record, ARABIC)
    assert claims.loc[RUSSIAN, "quote"] == quote(record, RUSSIAN)
    book = json.loads((tmp_path / "out" / "codebook.json").read_text(encoding="utf-8"))
    assert book["data_hash"] == record.data_hash


def test_parquet_keeps_the_dtypes(record: Record, tmp_path: Path) -> None:
    export(record, tmp_path, "parquet")
    sy = pd.read_parquet(tmp_path / "state_year.parquet")
    assert isinstance(sy.status_dec31.dtype, pd.CategoricalDtype)
    assert str(sy.belonged_code.dtype) == "Int8"


def test_json_dates_are_days(record: Record, tmp_path: Path) -> None:
    export(record, tmp_path, "json")
    rows = json.loads((tmp_path / "memberships.json").read_text(encoding="utf-8"))
    uzb = next(r for r in rows if r["state"] == "UZB" and r["start"] == "2006-08-16")
    assert (uzb["start_earliest"], uzb["end_latest"]) == ("2006-08-16", "2012-06-28")


def test_export_every_table_of_a_full_record(full_record: Record, tmp_path: Path) -> None:
    frames = tables(full_record)
    assert all(not f.empty for f in frames.values())
    export(full_record, tmp_path, "csv")
    for name, frame in frames.items():
        assert len(pd.read_csv(tmp_path / f"{name}.csv")) == len(frame), name
    events = pd.read_csv(tmp_path / "events.csv")
    assert "zz-test-clash" in set(events.id)


def test_codebook(record: Record, tmp_path: Path) -> None:
    export(record, tmp_path, "json")
    book = json.loads((tmp_path / "codebook.json").read_text(encoding="utf-8"))
    assert book == json.loads(json.dumps(codebook(record), default=str))
    assert book["data_hash"] == record.data_hash and len(book["data_hash"]) == 64
    assert book["package_version"]
    assert {"Membership", "Claim", "State", "Case", "Event"} <= set(book["models"])
    assert "status" in book["models"]["Membership"]["properties"]
    assert book["statuses"]["participation_frozen"]["belongs"] is True
    assert book["statuses"]["suspended"]["belongs"] is False
    sy = book["tables"]["state_year"]
    assert sy["key"] == ["iso3", "year"]
    assert sy["columns"]["belonged_code"]["codes"] == "yes_no"
    assert book["codes"]["status"]["3"] == "member"
    assert book["tables"]["events"]["columns"]["case"]["stata"] == "case_"
    assert set(book["tables"]) == set(TABLES)


# -- xlsx --------------------------------------------------------------------------------------


def test_xlsx_has_a_sheet_per_table_and_the_codebook(
    workbook: openpyxl.Workbook, frames: dict[str, pd.DataFrame], record: Record
) -> None:
    assert workbook.sheetnames == [*frames, "codebook", "codes", "about"]
    assert all(len(n) <= 31 for n in workbook.sheetnames)
    for name, frame in frames.items():
        rows = list(workbook[name].values)
        assert list(rows[0]) == list(frame.columns), name
        assert len(rows) == len(frame) + 1, name
    book = list(workbook["codebook"].values)
    assert book[0][:3] == ("table", "column", "label")
    documented = {(r[0], r[1]) for r in book[1:]}
    assert documented == {(t, c) for t, f in frames.items() for c in f.columns}
    about = dict(list(workbook["about"].values)[1:])
    assert about["data_hash"] == record.data_hash


def test_xlsx_cells_keep_types_and_scripts(workbook: openpyxl.Workbook, record: Record) -> None:
    sheet = workbook["claims"]
    header = [c.value for c in sheet[1]]
    quotes = {
        row[0]: row[header.index("quote")] for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert quotes[ARABIC] == quote(record, ARABIC)
    assert quotes[RUSSIAN] == quote(record, RUSSIAN)
    sy = workbook["state_year"]
    header = [c.value for c in sy[1]]
    row = next(
        r
        for r in sy.iter_rows(min_row=2, values_only=True)
        if r[header.index("iso3")] == "UZB" and r[header.index("year")] == 2008
    )
    assert row[header.index("status_dec31")] == "member"
    assert row[header.index("status_dec31_code")] == 3
    members = workbook["memberships"]
    header = [c.value for c in members[1]]
    cell = members.cell(row=2, column=header.index("start_earliest") + 1)
    assert isinstance(cell.value, dt.datetime) and cell.number_format == "yyyy-mm-dd"


def test_xlsx_text_is_never_a_formula(data_copy: Path, tmp_path: Path) -> None:
    # a team claim whose quote and note start as formulas do: they must come back as text
    tricky = {"quote": '=HYPERLINK("http://example.invalid","click")', "note": "+1+2"}
    with (data_copy / "claims" / "external.yaml").open("a", encoding="utf-8") as f:
        f.write(
            "- id: zz-formula\n  subject: UZB\n  property: membership.note\n  value: '@SUM(A1)'\n"
            "  source: ext-dkb-bordyuzha-bio\n"
            f"  quote: '{tricky['quote']}'\n  external: true\n  note: '{tricky['note']}'\n"
        )
    manifest = data_copy / "manifest.yaml"
    book = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    book["counts"]["claims"] += 1
    manifest.write_text(yaml.safe_dump(book, sort_keys=False), encoding="utf-8")
    record = load_record_from(data_copy)
    export(record, tmp_path / "out", "xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "out" / WORKBOOK)["claims"]
    header = [c.value for c in sheet[1]]
    [row] = [r for r in sheet.iter_rows(min_row=2) if r[0].value == "zz-formula"]
    for column in ("quote", "note"):
        cell = row[header.index(column)]
        assert cell.data_type == "s" and cell.quotePrefix, column
    assert row[header.index("quote")].value == tricky["quote"]
    assert row[header.index("note")].value == tricky["note"]
    assert row[header.index("value")].value == '"@SUM(A1)"'  # JSON text of the value


def test_xlsx_writer_escapes_what_xml_cannot_hold(tmp_path: Path) -> None:
    from csto.record.xlsx import sheet_name, write_workbook

    frame = pd.DataFrame({"text": ["bell\x07here", "-1", "plain"], "n": [1, None, 3]})
    write_workbook(tmp_path / "t.xlsx", {"a" * 40: frame, "a" * 41: frame}, [], {"k": "v"})
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames[:2] == ["a" * 31, "a" * 29 + "~2"]
    values = list(book[book.sheetnames[0]].values)
    assert values[1] == ("bell_x0007_here", 1)
    assert values[2] == ("-1", None)  # text, not the number -1
    assert sheet_name("a/b:c") == "a_b_c"


def test_xlsx_refuses_a_value_longer_than_a_cell(tmp_path: Path) -> None:
    from csto.record.xlsx import CELL_MAX, write_workbook

    frame = pd.DataFrame({"text": ["x" * (CELL_MAX + 1)]})
    with pytest.raises(CstoError, match="more than an Excel cell holds"):
        write_workbook(tmp_path / "t.xlsx", {"t": frame}, [], {})


# -- Stata -------------------------------------------------------------------------------------


def test_stata_files_have_variable_and_value_labels(stata_dir: Path) -> None:
    assert sorted(p.name for p in stata_dir.iterdir()) == sorted(
        [f"{t}.dta" for t in TABLES] + ["codebook.json"]
    )
    with pd.read_stata(stata_dir / "state_year.dta", iterator=True) as reader:
        variables = reader.variable_labels()
        values = reader.value_labels()
        assert reader.data_label.startswith("csto state_year")
    columns = TABLES["state_year"].columns
    assert variables == {c.stata: c.label for c in columns}
    assert values["status_dec31"] == CODES["status"]
    assert values["status_dec31_code"] == CODES["status"]
    assert values["belonged_code"] == {0: "no", 1: "yes"}
    raw = pd.read_stata(stata_dir / "state_year.dta", convert_categoricals=False)
    row = raw[(raw.iso3 == "UZB") & (raw.year == 2008)].iloc[0]
    assert (row.status_dec31, row.status_dec31_code, row.belonged_code) == (3, 3, 1)
    row = raw[(raw.iso3 == "UZB") & (raw.year == 2000)].iloc[0]
    assert (row.status_dec31, row.belonged, row.belonged_code) == (7, 0, 0)


def test_stata_labels_read_back(stata_dir: Path, frames: dict[str, pd.DataFrame]) -> None:
    labelled = pd.read_stata(stata_dir / "state_year.dta")
    assert list(labelled.status_dec31.astype(str)) == list(frames["state_year"].status_dec31)
    cases = pd.read_stata(stata_dir / "cases.dta").set_index("id")
    assert cases.loc["osh-2010", "outcome"] == "consultations, mission or non-troop aid"
    assert cases.loc["osh-2010", "in_case_base"] == "yes"
    events = pd.read_stata(stata_dir / "events.dta")
    assert "case_" in events.columns and "end_" in events.columns  # reserved words renamed
    first = events.set_index("id").loc["cst-signed-1992"]
    assert first.start_earliest == pd.Timestamp("1992-05-15")


def test_stata_keeps_non_latin_quotes(stata_dir: Path, record: Record) -> None:
    claims = pd.read_stata(stata_dir / "claims.dta").set_index("id")
    assert claims.loc[ARABIC, "quote"] == quote(record, ARABIC)
    assert claims.loc[RUSSIAN, "quote"] == quote(record, RUSSIAN)
    longest = max(len(q.encode()) for q in claims["quote"])
    assert longest == max(len((c.quote or "").encode()) for c in record.claims.values())


def test_stata_stores_long_text_as_strl(record: Record, tmp_path: Path) -> None:
    from csto.record.dta import write_dta

    claims = tables(record)["claims"].head(3).copy()
    claims.loc[0, "quote"] = "Решение " * 500  # 7,500 bytes of UTF-8, over str2045
    write_dta(claims, tmp_path / "claims.dta", "claims")
    assert pd.read_stata(tmp_path / "claims.dta").quote[0] == "Решение " * 500


# -- errors ------------------------------------------------------------------------------------


def test_export_formats_and_errors(record: Record, tmp_path: Path) -> None:
    assert set(FORMATS) == {"csv", "parquet", "json", "xlsx", "stata"}
    with pytest.raises(CstoError, match="unknown format 'sav'"):
        export(record, tmp_path, "sav")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(CstoError, match="is a file, not a directory"):
        export(record, blocker / "out", "csv")
