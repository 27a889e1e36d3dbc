"""Every external quote has a verification log entry: where its stored copy was found, by which search, when.

The stored copies themselves do not ship (third-party texts); ``docs/verification/*.yaml`` says where each quote
was found verbatim, so anyone can check it again. A quote that could not be re-found is logged with
``checked: null`` and a note saying why, never silently.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from csto.record.record import Record

LOGS = Path(__file__).parents[2] / "docs" / "verification"


def _entries() -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for path in sorted(LOGS.glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            out.append({**entry, "_file": path.name})
    return out


@pytest.fixture(scope="module")
def entries() -> dict[str, dict[str, object]]:
    found: dict[str, dict[str, object]] = {}
    for entry in _entries():
        claim = str(entry["claim"])
        assert claim not in found, f"{claim} is logged twice ({found.get(claim, {}).get('_file')})"
        found[claim] = entry
    return found


def test_every_external_claim_is_logged(
    record: Record, entries: dict[str, dict[str, object]]
) -> None:
    external = {cid for cid, c in record.claims.items() if c.external}
    missing = sorted(external - set(entries))
    assert not missing, f"{len(missing)} external claims have no verification entry: {missing[:10]}"


def test_logged_claims_exist(record: Record, entries: dict[str, dict[str, object]]) -> None:
    unknown = sorted(c for c in entries if c not in record.claims)
    assert not unknown, unknown


def test_a_checked_entry_names_the_stored_copy_of_the_claims_source(
    record: Record, entries: dict[str, dict[str, object]]
) -> None:
    for cid, entry in entries.items():
        if entry.get("checked") is None:
            assert entry.get("note"), f"{cid}: an entry not re-found says why"
            continue
        claim = record.claims[cid]
        source = record.sources[claim.source]
        assert entry["url"] == source.url, (cid, entry["url"], source.url)
        assert entry.get("query"), f"{cid}: the search that returned the stored copy"
        checked = entry["checked"]
        day = checked if isinstance(checked, dt.date) else dt.date.fromisoformat(str(checked))
        assert day <= dt.date.today()


def test_only_a_few_quotes_are_not_re_found(entries: dict[str, dict[str, object]]) -> None:
    unchecked = sorted(c for c, e in entries.items() if e.get("checked") is None)
    assert len(unchecked) <= 4, unchecked
