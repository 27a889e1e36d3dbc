"""A claims document with no claims is refused and writes nothing; a review that is not independent
(the reviewer made the author's account, or the author made the reviewer's) is flagged in the audit log.
Against SQLite and PostgreSQL; hypothesis writes the claim texts."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csto.record.load import load_record
from csto.store.errors import InvalidInput
from csto.store.rows import UserRow
from csto.store.store import Store

SHIPPED = load_record()
Team = dict[str, tuple[UserRow, str]]

SOURCE = {"id": "doc-src", "title": "A report", "url": "https://example.org/report"}
EMPTY: list[Any] = [
    [],
    {},
    {"claims": []},
    {"claims": None},
    {"sources": []},
    {"sources": [SOURCE]},
    {"sources": [SOURCE], "claims": []},
]


def _state(store: Store) -> tuple[int, int, int, int]:
    return (
        len(store.claims()),
        len(store.sources()),
        len(store.audit(limit=10_000)),
        store.revision(),
    )


@pytest.mark.parametrize("document", EMPTY, ids=[repr(d)[:40] for d in EMPTY])
def test_a_document_without_claims_is_refused(store: Store, team: Team, document: Any) -> None:
    before = _state(store)
    with pytest.raises(InvalidInput, match="claims: the document has no claims"):
        store.propose(document, by=team["editor"][0], record=SHIPPED)
    assert _state(store) == before


def claim(quote: str, n: int) -> dict[str, Any]:
    return {
        "id": f"flag-{n}",
        "subject": "KAZ",
        "property": "note.text",
        "value": "v",
        "source": "doc-src",
        "quote": quote,
    }


texts = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1
).filter(lambda t: t.strip())


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(quote=texts)
def test_a_review_through_a_second_account_is_flagged(store: Store, quote: str) -> None:
    """The admin makes an editor account, proposes through it and reviews as themself; then proposes
    as themself and reviews through a reviewer account they made. Both reviews land, flagged; a review
    of a colleague's claim is not flagged. The quote is kept verbatim throughout."""
    n = len(store.claims())
    users = {u.name for u in store.users()}
    if "boss" not in users:
        boss, _ = store.add_user("boss", "admin")
        store.add_user("puppet", "editor", by=boss)
        store.add_user("sock", "reviewer", by=boss)
        store.add_user("colleague", "reviewer")  # made by the operator
        store.add_user("writer", "editor")
    by = {u.name: u for u in store.users()}
    doc = {"sources": [SOURCE] if n == 0 else [], "claims": [claim(quote, n)]}
    store.propose(doc, by=by["puppet"], record=SHIPPED)
    store.review(f"flag-{n}", accept=True, reason="looks right", by=by["boss"])
    store.propose({"claims": [claim(quote, n + 1)]}, by=by["boss"], record=SHIPPED)
    store.review(f"flag-{n + 1}", accept=False, reason="no", by=by["sock"])
    store.propose({"claims": [claim(quote, n + 2)]}, by=by["writer"], record=SHIPPED)
    store.review(f"flag-{n + 2}", accept=True, reason="checked", by=by["boss"])
    entries = {(e.action, e.target): e for e in store.audit(limit=10_000)}
    first = entries[("claim.accept", f"flag-{n}")]
    assert first.actor == "boss" and first.detail["flags"] == ["reviewer-created-author"]
    second = entries[("claim.reject", f"flag-{n + 1}")]
    assert second.actor == "sock" and second.detail["flags"] == ["author-created-reviewer"]
    assert "flags" not in entries[("claim.accept", f"flag-{n + 2}")].detail
    assert store.claim(f"flag-{n}").quote == quote and store.claim(f"flag-{n}").status == "accepted"
