"""Transactions, concurrency and tokens: a failed write leaves nothing; concurrent writers lose nothing;
a token is shown once and never stored, listed or logged."""

from __future__ import annotations

import logging
import multiprocessing
import threading
from typing import Any

import pytest
from sqlalchemy import text

from csto.record.load import load_record
from csto.store import audit
from csto.store.errors import Conflict, InvalidInput
from csto.store.rows import UserRow
from csto.store.store import Store, hash_token, open_store

SHIPPED = load_record()
"""The shipped record, against which the store checks proposed claims."""

Team = dict[str, tuple[UserRow, str]]


def doc(n: int, prefix: str = "t") -> dict[str, Any]:
    return {
        "sources": [
            {"id": f"{prefix}-src-{n}", "title": f"Source {n}", "url": f"https://example.org/{n}"}
        ],
        "claims": [
            {
                "id": f"{prefix}-claim-{n}-{k}",
                "subject": "KAZ",
                "property": "note.count",
                "value": k,
                "source": f"{prefix}-src-{n}",
                "quote": f"quote {n}/{k}",
            }
            for k in range(2)
        ],
    }


def _counts(store: Store) -> tuple[int, int, int, int]:
    with store.engine.connect() as conn:
        return tuple(  # type: ignore[return-value]
            int(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one())
            for t in ("claims", "sources", "audit_log", "users")
        )


# -- transactions --------------------------------------------------------------------------------


def test_invalid_claim_mid_document_stores_nothing(store: Store, team: Team) -> None:
    before, revision = _counts(store), store.revision()
    bad = doc(1)
    bad["claims"].append({**bad["claims"][0], "id": "t-bad", "quote": ""})
    with pytest.raises(InvalidInput, match=r"claims\[2\].quote"):
        store.propose(bad, by=team["editor"][0], record=SHIPPED)
    assert _counts(store) == before and store.revision() == revision


def test_database_error_mid_write_stores_nothing(
    store: Store, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows are flushed to the database; then the audit write fails: everything is rolled back."""
    before, revision = _counts(store), store.revision()
    calls = {"n": 0}
    real = audit.log

    def failing(session: Any, *args: Any, **kw: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            session.execute(text("INSERT INTO no_such_table VALUES (1)"))  # a real database error
        real(session, *args, **kw)

    monkeypatch.setattr(audit, "log", failing)
    with pytest.raises(Exception, match="no_such_table"):
        store.propose(doc(2), by=team["editor"][0], record=SHIPPED)
    monkeypatch.undo()
    assert _counts(store) == before and store.revision() == revision
    store.propose(
        doc(2), by=team["editor"][0], record=SHIPPED
    )  # and the same write then succeeds whole
    assert _counts(store)[0] == before[0] + 2


def test_duplicate_id_in_one_document_stores_nothing(store: Store, team: Team) -> None:
    before = _counts(store)
    dup = doc(3)
    dup["claims"][1]["id"] = dup["claims"][0]["id"]
    with pytest.raises(Conflict):
        store.propose(dup, by=team["editor"][0], record=SHIPPED)
    assert _counts(store) == before


# -- concurrency ---------------------------------------------------------------------------------


def test_concurrent_proposals_from_threads_all_land(store: Store, team: Team) -> None:
    editor = team["editor"][0]
    revision = store.revision()
    errors: list[BaseException] = []

    def work(t: int) -> None:
        try:
            for i in range(4):
                store.propose(doc(t * 10 + i, prefix="thr"), by=editor, record=SHIPPED)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert len(store.claims()) == 6 * 4 * 2
    assert store.revision() == revision + 24
    assert sum(1 for e in store.audit(limit=1000) if e.action == "claim.propose") == 48


def test_racing_reviewers_one_wins(store: Store, team: Team) -> None:
    admin = team["admin"][0]
    reviewers = [store.add_user(f"rev{i}", "reviewer", by=admin)[0] for i in range(8)]
    store.propose(doc(7), by=team["editor"][0], record=SHIPPED)
    outcomes: list[str] = []
    barrier = threading.Barrier(len(reviewers))

    def review(who: UserRow, i: int) -> None:
        barrier.wait()
        try:
            store.review("t-claim-7-0", accept=i % 2 == 0, reason=f"by {who.name}", by=who)
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=review, args=(r, i)) for i, r in enumerate(reviewers)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(outcomes) == ["conflict"] * 7 + ["ok"]
    row = store.claim("t-claim-7-0")
    log = [
        e
        for e in store.audit(limit=1000)
        if e.target == "t-claim-7-0" and e.action != "claim.propose"
    ]
    assert len(log) == 1 and log[0].actor == row.reviewed_by


def _process_writer(url: str, token: str, n: int) -> None:
    store = open_store(url)
    user = store.authenticate(token)
    for i in range(3):
        store.propose(doc(n * 10 + i, prefix="proc"), by=user, record=SHIPPED)
    store.close()


@pytest.mark.slow  # spawns writer processes
def test_concurrent_processes_lose_nothing(store: Store, store_url: str, team: Team) -> None:
    ctx = multiprocessing.get_context("spawn")
    procs = [
        ctx.Process(target=_process_writer, args=(store_url, team["editor"][1], n))
        for n in range(4)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * 4
    assert len(store.claims()) == 4 * 3 * 2
    assert len(store.sources()) == 12


# -- tokens --------------------------------------------------------------------------------------


def test_tokens_are_never_stored_listed_or_logged(
    store_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(
        logging.INFO
    )  # log every statement and parameter
    try:
        store = open_store(store_url)
        info, token = store.add_user("tess", "admin")
        assert token.startswith("csto_") and len(token) > 40
        store.authenticate(token)
        store.add_user("tom", "editor", by=info)
        with store.engine.connect() as conn:
            dump = [
                repr(row)
                for table in ("users", "audit_log", "claims", "sources", "store_meta")
                for row in conn.execute(text(f"SELECT * FROM {table}"))
            ]
        assert token not in "".join(dump)
        assert hash_token(token) in "".join(dump)  # the hash is what is kept
        assert token not in repr(store.users()) and token not in repr(store.audit())
        assert token not in caplog.text
        store.close()
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
