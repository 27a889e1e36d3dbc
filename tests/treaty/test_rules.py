"""rules.yaml: it validates against the record, every claim it cites exists, and a broken copy fails with
the file, the line and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from csto.errors import CstoError, DataFileError
from csto.record.record import Record
from csto.treaty.conditions import VOCABULARY
from csto.treaty.rules import load_rules, parse_rules, rules_path
from sessions import session_of

SHIPPED = rules_path()


def test_shipped_rules_validate_and_cite_only_record_claims(record: Record) -> None:
    book = load_rules(record)
    cited = [c for r in book.rules for c in r.claims]
    cited += [c for p in book.procedures.values() for c in p.claims]
    cited += [c for t in book.treaties.values() for p in t.cited_parties for c in p.claims]
    assert cited and all(c in record.claims for c in cited)
    assert {r.provision for r in book.rules} <= set(record.provisions)
    for rule in book.rules:
        for spec in (*rule.trigger, *rule.preconditions):
            assert spec.name in VOCABULARY


def test_every_required_provision_is_encoded(record: Record) -> None:
    book = load_rules(record)
    by_id = {r.id: r for r in book.rules}
    assert {"cst-art-4", "cst-art-2", "charter-art-3", "peacekeeping-2007"} <= set(by_id)
    assert {"peacekeeping-coordinating-state", "crrf-2009", "nato-art-4", "nato-art-5"} <= set(
        by_id
    )
    art4 = by_id["cst-art-4"]
    assert [s.name for s in art4.preconditions] == ["request_made"]
    assert art4.preconditions[0].args["by"] == "victim"
    assert {s.name for s in art4.trigger} >= {
        "aggression_external",
        "victim_member_in_good_standing",
        "territory_in",
        "adversary_not_member",
    }
    assert by_id["nato-art-5"].preconditions == []  # no request needed: where the texts differ
    # the CSC's decision rule is an assumption, and says so
    csc = book.procedures["csc-consensus"]
    assert csc.rule == "consensus" and csc.basis == "assumption"
    assert "ASSUMED" in csc.statement
    # external provisions are marked external, as provisions.yaml marks them
    for rule in book.rules:
        assert rule.external == record.provisions[rule.provision].external


def test_provisions_quote_the_text(record: Record) -> None:
    rows = {r["rule"]: r for r in session_of(record).provisions()}
    assert "at the request of that State Party" in rows["cst-art-4"]["text"]
    assert rows["nato-art-5"]["external"] is True
    assert rows["cst-art-4"]["decision_basis"] == "assumption"
    assert all(r["citations"] for r in rows.values())
    assert [r["treaty"] for r in session_of(record).provisions("nato")] == ["nato", "nato"]
    with pytest.raises(CstoError, match="Known treaties: cst, nato"):
        session_of(record).provisions("warsaw")


def _broken(old: str, new: str) -> str:
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "claims: [x-nato-art-4-text]\n    trigger:",
            "claims: [x-nato-art-4-text, no-such-claim]\n    trigger:",
            "unknown claim 'no-such-claim'",
        ),
        (
            "      - threat_external\n",
            "      - threat_from_mars\n",
            "unknown condition 'threat_from_mars'",
        ),
        (
            '      - territory_in: {kinds: [sovereign, occupied]}\n      - adversary_not_member\n    preconditions:\n      - request_made: {kinds: [assistance, military_assistance], by: victim}\n    obliged: {who: all_other_parties, text: "all other States Parties"}',
            '      - territory_in: {kinds: [sovereign, moon]}\n      - adversary_not_member\n    preconditions:\n      - request_made: {kinds: [assistance, military_assistance], by: victim}\n    obliged: {who: all_other_parties, text: "all other States Parties"}',
            "unknown kind 'moon'",
        ),
        (
            "      level: 2\n    decided_by: nato-consult",
            "      level: 5\n    decided_by: nato-consult",
            "level",
        ),
        (
            "    provision: cst-art-2\n",
            "    provision: cst-art-99\n",
            "unknown provision 'cst-art-99'",
        ),
        (
            "    decided_by: nato-consult\n",
            "    decided_by: nato-vote\n",
            "unknown procedure 'nato-vote'",
        ),
    ],
)
def test_broken_rules_name_file_and_line(
    record: Record, tmp_path: Path, old: str, new: str, message: str
) -> None:
    text = _broken(old, new)
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=message) as err:
        parse_rules(path, record)
    assert err.value.path == str(path)
    first_changed = next(
        i
        for i, (a, b) in enumerate(
            zip(text.splitlines(), SHIPPED.read_text().splitlines(), strict=False), 1
        )
        if a != b
    )
    assert err.value.line is not None
    assert abs(err.value.line - first_changed) <= 1


def test_duplicate_rule_id_and_unknown_section(record: Record, tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    text = _broken("  - id: crrf-2009\n", "  - id: cst-art-2\n")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match="duplicate rule id 'cst-art-2'") as err:
        parse_rules(path, record)
    assert err.value.line == _line(text, "  - id: cst-art-2\n    treaty: cst\n    provision: crrf")
    path.write_text("rulez: []\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="unknown section 'rulez'") as err:
        parse_rules(path, record)
    assert err.value.line == 1
