"""Unknown names get suggestions a user would recognise: the record's own states first, a close real state
outside the record still found, unrelated ids not offered, and DuckDB's hint kept on one line."""

from __future__ import annotations

import pytest

from csto.errors import CstoError, UnknownNameError
from csto.record.query import claims
from csto.record.record import Record
from csto.record.sql import SqlError, run


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("armenai", "Armenia (ARM)"),
        ("bealrus", "Belarus (BLR)"),
        ("Kyrgystan", "Kyrgyzstan (KGZ)"),
        ("moldva", "Moldova (MDA)"),  # outside the record, and still the closest
    ],
)
def test_a_misspelt_state_suggests_it_first(record: Record, typed: str, first: str) -> None:
    with pytest.raises(UnknownNameError) as err:
        record.find_state(typed)
    assert err.value.suggestions[0] == first
    assert len(err.value.suggestions) <= 3


def test_a_distant_state_outside_the_record_is_not_offered(record: Record) -> None:
    # Parma (COW 335) matched "armenai" at difflib's 0.5 before the record's states came first
    assert not any("Parma" in s for s in record.suggest_states("armenai"))


def test_an_unrelated_case_id_suggests_nothing(record: Record) -> None:
    with pytest.raises(UnknownNameError) as err:
        record.case("nonexistent-case")
    assert err.value.suggestions == []  # ids sharing "-20xx" are not close enough
    with pytest.raises(UnknownNameError) as close:
        record.case("kazakstan-2022")
    assert close.value.suggestions[0] == "kazakhstan-2022"


def test_claims_about_a_misspelt_state_suggest_the_state(record: Record) -> None:
    with pytest.raises(CstoError, match=r"Did you mean: Armenia \(ARM\)"):
        claims(record, "armenai")


def test_duckdb_hints_stay_on_the_error_line(record: Record) -> None:
    with pytest.raises(SqlError) as err:
        run(record, "SELECT * FROM nosuch")
    message = str(err.value)
    assert "\n" not in message and "does not exist" in message and 'Did you mean "' in message


def test_a_misspelt_case_id_is_not_read_as_a_state(record: Record) -> None:
    # country_converter's patterns read "kazakstan-2022" as Kazakhstan: the claims about KAZ came back
    with pytest.raises(UnknownNameError):
        record.find_state("kazakstan-2022")
    with pytest.raises(CstoError, match="kazakhstan-2022"):
        claims(record, "kazakstan-2022")
    assert record.find_state("705").iso3 == "KAZ"  # a COW code is still a state
