"""The record's claims about a case that bear on one question (its framing, its territory, its request)."""

from __future__ import annotations

from collections.abc import Iterable

from csto.record.record import Record


def case_claims(record: Record, case_id: str | None, properties: Iterable[str]) -> tuple[str, ...]:
    """Ids of the claims about ``case_id`` whose property is one of ``properties`` (record order)."""
    if case_id is None:
        return ()
    wanted = set(properties)
    return tuple(
        c.id for c in record.claims.values() if c.subject == case_id and c.property in wanted
    )
