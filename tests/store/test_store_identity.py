"""The store's identity: what the session's cache of merged records keys on.

A store deleted and created again at the same address, with the same number of writes (so the same
revision), is another store: it never gets the first one's cached merged record, and its data hash (what
every other cache keys on) differs whenever what the merged record shows differs. Against SQLite (the
file deleted) and PostgreSQL (the database dropped and created again).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pgcluster import recreate_database
from sqlalchemy.engine import make_url

from csto.record.load import load_record, record_dir
from csto.session import merged_record, session_from
from csto.store.store import Store, open_store

SHIPPED = load_record()


def _fill(store: Store, *, title: str, reviewer: str) -> None:
    """The same writes on every store (so the same revision): three users, one claim proposed and
    accepted; only the source's title and the reviewer's name vary."""
    admin, _ = store.add_user("ada", "admin")
    editor, _ = store.add_user("eve", "editor", by=admin)
    checker, _ = store.add_user(reviewer, "reviewer", by=admin)
    document: dict[str, Any] = {
        "sources": [{"id": "team-book", "title": title, "reference": "Doe, J. (2024). A book."}],
        "claims": [
            {
                "id": "t-uzb-member-2016",
                "subject": "UZB",
                "property": "membership.status",
                "value": "member",
                "time": "2016-01-01/2017-01-01",
                "source": "team-book",
                "quote": "Uzbekistan took part as a full member throughout 2016.",
            }
        ],
    }
    store.propose(document, by=editor, record=SHIPPED)
    store.review("t-uzb-member-2016", accept=True, reason="checked", by=checker)


def _delete(url: str) -> None:
    """Remove the store at ``url``: the SQLite file (and its WAL files), or the PostgreSQL database,
    which is then created again empty."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        assert parsed.database is not None
        for suffix in ("", "-wal", "-shm"):
            Path(parsed.database + suffix).unlink(missing_ok=True)
    else:
        recreate_database(url)


def _overlay_note(record: Any) -> str:
    [note] = [m.note for m in record.memberships if m.claims == ["t-uzb-member-2016"] and m.note]
    return str(note)


def test_a_new_store_at_the_same_address_gets_its_own_merged_record(store_url: str) -> None:
    first = open_store(store_url)
    _fill(first, title="The first book", reviewer="rita")
    identity, revision = first.identity()
    record, _, _ = merged_record(SHIPPED, first)
    assert merged_record(SHIPPED, first)[0] is record  # the cache is used while nothing changes
    assert record.sources["team-book"].title == "The first book"
    assert "accepted by rita" in _overlay_note(record)
    first.close()

    _delete(store_url)
    second = open_store(store_url)
    _fill(second, title="The second book", reviewer="rex")
    again, again_revision = second.identity()
    assert again_revision == revision  # the same writes: a revision alone cannot tell them apart
    assert again != identity and again.split("#")[0] == identity.split("#")[0]

    other, _, _ = merged_record(SHIPPED, second)
    assert other is not record
    assert other.sources["team-book"].title == "The second book"
    assert "accepted by rex" in _overlay_note(other)
    assert (
        other.data_hash != record.data_hash
    )  # so no cache keyed by the data hash is shared either
    session = session_from(record_dir(), second)
    assert session.record is other and session.store == again
    second.close()


def test_an_empty_new_store_at_the_same_address_merges_nothing(store_url: str) -> None:
    first = open_store(store_url)
    _fill(first, title="A book", reviewer="rita")
    assert "t-uzb-member-2016" in merged_record(SHIPPED, first)[0].claims
    first.close()

    _delete(store_url)
    second = open_store(store_url)
    record, _, revision = merged_record(SHIPPED, second)
    assert revision == 0 and "t-uzb-member-2016" not in record.claims
    assert record.data_hash == SHIPPED.data_hash
    second.close()


def test_the_data_hash_follows_what_the_merged_record_shows(store: Store) -> None:
    """Two stores with the same accepted claim but another source title or reviewer merge into
    different records, so their data hashes differ; the same contents give the same hash."""
    from csto.store.overlay import build_record

    _fill(store, title="A book", reviewer="rita")
    snap = store.snapshot()
    assert (snap.identity, snap.revision) == store.identity()
    sources, claims = snap.sources, snap.claims
    base = build_record(SHIPPED, sources, claims)
    assert build_record(SHIPPED, sources, claims).data_hash == base.data_hash
    retitled = [s.model_copy(update={"title": "Another title"}) for s in sources]
    assert build_record(SHIPPED, retitled, claims).data_hash != base.data_hash
    other_reviewer = [c.model_copy(update={"reviewed_by": "rex"}) for c in claims]
    assert build_record(SHIPPED, sources, other_reviewer).data_hash != base.data_hash
