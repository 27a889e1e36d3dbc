"""The claim workflow: propose → accept | reject, roles, and accepted claims joining the record."""

from __future__ import annotations

from typing import Any

import pytest

from csto.record import query
from csto.record.conflicts import conflicts
from csto.record.load import load_record
from csto.record.record import Record
from csto.session import merged_record
from csto.store.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from csto.store.rows import UserRow
from csto.store.store import Store, open_store

SHIPPED = load_record()
"""The shipped record, against which the store checks proposed claims."""


def record_with_store(store: Store) -> Record:
    """The shipped record joined by ``store``'s accepted claims (as every session merges them)."""
    return merged_record(SHIPPED, store)[0]


Team = dict[str, tuple[UserRow, str]]


def doc(**claim: Any) -> dict[str, Any]:
    """A document with one team source and one claim (membership overlay for UZB by default)."""
    base = {
        "id": "t-uzb-member-2016",
        "subject": "UZB",
        "property": "membership.status",
        "value": "member",
        "time": "2016-01-01/2017-01-01",
        "source": "team-book",
        "quote": "Uzbekistan took part as a full member throughout 2016.",
    }
    return {
        "sources": [
            {"id": "team-book", "title": "A team source", "reference": "Doe, J. (2024). A book."}
        ],
        "claims": [{**base, **claim}],
    }


def test_propose_accept_joins_the_record(store: Store, team: Team) -> None:
    editor, reviewer = team["editor"][0], team["reviewer"][0]
    before = record_with_store(store)
    assert "t-uzb-member-2016" not in before.claims
    [row] = store.propose(doc(), by=editor, record=SHIPPED)
    assert row.status == "proposed" and row.added_by == "eve"
    assert "t-uzb-member-2016" not in record_with_store(store).claims  # proposed ≠ counted
    out = store.review("t-uzb-member-2016", accept=True, reason="checked the book", by=reviewer)
    assert out.status == "accepted" and out.reviewed_by == "rita"
    assert out.review_reason == "checked the book"

    rec = record_with_store(store)
    claim = rec.claims["t-uzb-member-2016"]
    assert claim.added_by == "eve" and rec.sources["team-book"].kind == "user"
    listed = {c.id: c.to_dict() for c in query.claims(rec, "UZB")}
    assert listed["t-uzb-member-2016"]["added_by"] == "eve"
    # membership overlay: members and history show it, the shipped intervals are unchanged
    uzb = {r.state: r for r in query.members(rec, "2016-06-01")}["UZB"]
    assert "member" in uzb.status.split("|") and "team-book" in uzb.sources
    assert "UZB" not in {r.state for r in query.members(SHIPPED, "2016-06-01")}
    hist = query.history(rec, "UZB")
    assert any(h.note and "by eve" in h.note and "rita" in h.note for h in hist)
    shipped = load_record()
    assert rec.memberships[: len(shipped.memberships)] == shipped.memberships
    assert len(query.history(SHIPPED, "UZB")) == len(hist) - 1


def test_rejected_claims_never_count(store: Store, team: Team) -> None:
    store.propose(doc(), by=team["editor"][0], record=SHIPPED)
    store.review("t-uzb-member-2016", accept=False, reason="no such book", by=team["reviewer"][0])
    assert "t-uzb-member-2016" not in record_with_store(store).claims
    assert store.claims("rejected")[0].review_reason == "no such book"


def test_conflicts_show_both_sides(store: Store, team: Team) -> None:
    shipped = load_record()
    target = shipped.claims["s003-uzb-quit-seven-years-later"]  # the only claim of its property
    assert not [c for c in conflicts(shipped) if c.property == target.property]
    claim = {
        "id": "t-uzb-withdrew",
        "subject": "UZB",
        "property": target.property,
        "value": 5,
        "time": None,
        "source": "team-book",
        "quote": "Uzbekistan left in 2001.",
    }
    store.propose(doc(**claim), by=team["editor"][0], record=SHIPPED)
    store.review(
        "t-uzb-withdrew", accept=True, reason="a real disagreement", by=team["reviewer"][0]
    )
    found = [c for c in conflicts(record_with_store(store)) if c.property == target.property]
    assert found, "the team claim disagrees with the shipped one"
    ids = {cid for v in found[0].values for cid in v.claims}
    assert "t-uzb-withdrew" in ids and target.id in ids


def test_review_once_and_not_by_the_author(store: Store, team: Team) -> None:
    admin, editor, reviewer = team["admin"][0], team["editor"][0], team["reviewer"][0]
    store.propose(doc(), by=admin, record=SHIPPED)
    with pytest.raises(PermissionDenied, match="other than its author"):
        store.review("t-uzb-member-2016", accept=True, reason="mine", by=admin)
    store.review("t-uzb-member-2016", accept=True, reason="ok", by=reviewer)
    other = store.add_user("rex", "reviewer", by=admin)[0]
    with pytest.raises(Conflict, match="already accepted by rita"):
        store.review("t-uzb-member-2016", accept=False, reason="too late", by=other)
    with pytest.raises(NotFound):
        store.review("no-such-claim", accept=True, reason="?", by=reviewer)
    with pytest.raises(PermissionDenied):
        store.review("t-uzb-member-2016", accept=True, reason="?", by=editor)


def test_roles(store: Store, team: Team) -> None:
    reader, editor = team["reader"][0], team["editor"][0]
    with pytest.raises(PermissionDenied, match="editor role"):
        store.propose(doc(), by=reader, record=SHIPPED)
    with pytest.raises(PermissionDenied, match="admin role"):
        store.add_user("mallory", "admin", by=editor)
    with pytest.raises(PermissionDenied):
        store.audit(by=editor)
    with pytest.raises(NotAuthenticated):
        store.authenticate("csto_not-a-token")
    with pytest.raises(NotAuthenticated):
        store.authenticate(None)
    assert store.authenticate(team["editor"][1]).name == "eve"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"quote": ""}, "quote"),
        ({"source": "seed-000"}, "shipped source"),
        ({"source": "nowhere"}, "no source"),
        ({"property": "Bad Property"}, "property"),
        ({"value": "maybe"}, "membership status is one of"),
        ({"time": "2016"}, "interval"),
        ({"subject": "Atlantis"}, "Unknown state"),
        ({"time": "2016-13-01/.."}, "month 13"),
        ({"external": True}, "external"),
        ({"added_by": "someone-else"}, "set by the store"),
        ({"rank": "deprecated", "rank_reason": "x", "rank_grounds": ["s000"]}, "keeps no rank"),
        ({"rank_reason": "because"}, "keeps no rank"),
        ({"surprise": 1}, "surprise"),
        ({"quote": "nul \x00 byte"}, "NUL"),
        ({"quote": "lone \ud800 surrogate"}, "surrogate"),
        ({"quote": "x" * 30_000}, "too long"),
    ],
)
def test_bad_claims_are_refused_with_the_field(
    store: Store, team: Team, change: dict[str, Any], message: str
) -> None:
    with pytest.raises((InvalidInput, Conflict), match=message):
        store.propose(doc(**change), by=team["editor"][0], record=SHIPPED)
    assert store.claims() == [] and store.sources() == []


def test_bare_lists_of_claims_have_the_same_limits(store: Store, team: Team) -> None:
    """A document that is a bare list of claims needs a claim and may hold at most 200, as a mapping."""
    editor = team["editor"][0]
    revision = store.revision()
    with pytest.raises(InvalidInput, match="no claims"):
        store.propose([], by=editor, record=SHIPPED)
    one = doc()["claims"][0]
    with pytest.raises(InvalidInput, match="at most 200"):
        store.propose([{**one, "id": f"t-{i}"} for i in range(201)], by=editor, record=SHIPPED)
    assert store.revision() == revision  # nothing was written
    store.propose({"sources": doc()["sources"], "claims": [one]}, by=editor, record=SHIPPED)
    [row] = store.propose(
        [{**one, "id": "t-listed", "source": "team-book"}], by=editor, record=SHIPPED
    )
    assert row.id == "t-listed" and row.status == "proposed"


def test_sources_must_be_findable(store: Store, team: Team) -> None:
    editor = team["editor"][0]
    bad = doc()
    bad["sources"][0].pop("reference")
    with pytest.raises(InvalidInput, match="url or a bibliographic reference"):
        store.propose(bad, by=editor, record=SHIPPED)
    bad["sources"][0]["url"] = "javascript:alert(1)"
    with pytest.raises(InvalidInput, match="http"):
        store.propose(bad, by=editor, record=SHIPPED)
    bad["sources"][0]["id"] = "seed-000"
    bad["sources"][0]["url"] = "https://example.org/x"
    with pytest.raises(Conflict, match="shipped source"):
        store.propose(bad, by=editor, record=SHIPPED)
    shipped_id = doc(id="s000-withdrew-1999")
    with pytest.raises(Conflict, match="shipped claim"):
        store.propose(shipped_id, by=editor, record=SHIPPED)


def test_sql_shaped_input_is_stored_verbatim(store: Store, team: Team) -> None:
    nasty = "Robert'); DROP TABLE claims;-- \" OR 1=1 -- ; SELECT * FROM users"
    [row] = store.propose(
        doc(property="note.text", value=nasty, quote=nasty, note=nasty, time=None),
        by=team["editor"][0],
        record=SHIPPED,
    )
    stored = store.claim(row.id)
    assert stored.value == nasty and stored.quote == nasty and stored.note == nasty
    assert len(store.users()) == 4


def test_ids_are_generated_and_unique(store: Store, team: Team) -> None:
    editor = team["editor"][0]
    d = doc()
    d["claims"][0].pop("id")
    d["claims"][0].pop("source")  # cites the document's one source
    d["sources"][0].pop("id")
    [a] = store.propose(d, by=editor, record=SHIPPED)
    [b] = store.propose(d, by=editor, record=SHIPPED)
    assert a.id != b.id and a.id.startswith("team-")
    assert a.source != b.source and a.source.startswith("team-src-")
    store.propose(doc(), by=editor, record=SHIPPED)
    with pytest.raises(Conflict, match="already in the store"):
        store.propose(doc(), by=editor, record=SHIPPED)


def test_export_and_reopen(store: Store, store_url: str, team: Team) -> None:
    store.propose(doc(), by=team["editor"][0], record=SHIPPED)
    store.review("t-uzb-member-2016", accept=True, reason="ok", by=team["reviewer"][0])
    out = store.export()
    assert [c.id for c in out.claims] == ["t-uzb-member-2016"]
    assert out.sources[0].reference is not None and out.sources[0].reference.startswith("Doe")
    again = open_store(store_url)  # migrations are idempotent
    assert again.claims("accepted")[0].id == "t-uzb-member-2016"
    again.close()


def test_audit_log(store: Store, team: Team) -> None:
    store.propose(doc(), by=team["editor"][0], record=SHIPPED)
    store.review("t-uzb-member-2016", accept=True, reason="ok", by=team["reviewer"][0])
    log = store.audit(by=team["admin"][0])
    actions = [(e.actor, e.action, e.target) for e in log]
    assert actions[:3] == [
        ("rita", "claim.accept", "t-uzb-member-2016"),
        ("eve", "claim.propose", "t-uzb-member-2016"),
        ("eve", "source.add", "team-book"),
    ]
    assert all(e.to_dict()["at"].endswith("Z") for e in log)
