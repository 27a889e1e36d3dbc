"""Merging the team's accepted claims into a record: shipped claims and team claims side by side.

:func:`build_record` returns a base :class:`~csto.record.record.Record` with

* every team source (kind ``user``) added to ``sources``;
* every *accepted* team claim added to ``claims``, as a :class:`~csto.record.claim.Claim` with ``added_by``,
  so ``claims``, ``sources`` and ``conflicts`` show it (and a disagreement with a shipped claim shows both);
* for an accepted claim of the form below, an extra membership interval (an *overlay*) appended after the
  shipped intervals, so ``members`` and ``history`` show it. The shipped intervals are never altered: on a
  day where an overlay and a shipped interval both hold, ``members`` gives both statuses (``a|b``, certainty
  ``uncertain``) and cites both sources; ``history`` lists the overlay with a note naming who added it.

The membership form: ``subject`` a state (any name or code), ``property: membership.status``, ``value`` a
status (``signatory``, ``member``, ``participation_frozen``, ``suspended``, ``withdrawn``) and ``time`` an EDTF
interval ``start/end`` (``start/..`` when open), whose end is exclusive as in ``memberships.yaml``::

    subject: UZB
    property: membership.status
    value: member
    time: 2014-01-01/2015-01-01
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import TYPE_CHECKING

from csto.errors import CstoError
from csto.record.claim import Claim
from csto.record.membership import Membership, Status
from csto.record.record import Record
from csto.record.source import Source
from csto.store.errors import InvalidInput

if TYPE_CHECKING:
    from csto.store.rows import StoredClaim, StoredSource

MEMBERSHIP_PROPERTY = "membership.status"
ALLIANCE = "csto"


def membership_overlay(record: Record, claim: Claim, reviewer: str | None = None) -> Membership:
    """The membership interval a ``membership.status`` claim states (raises :class:`InvalidInput`)."""
    from csto.record.dates import parse_interval

    try:
        iso3 = record.state(str(claim.subject)).iso3
    except CstoError as exc:
        raise InvalidInput(f"subject: {exc}") from None
    if not isinstance(claim.value, str) or claim.value not in {s.value for s in Status}:
        names = ", ".join(s.value for s in Status)
        raise InvalidInput(f"value: a membership status is one of {names}, not {claim.value!r}")
    if claim.time is None or "/" not in claim.time:
        raise InvalidInput("time: a membership status needs an interval start/end (.. when open)")
    interval = parse_interval(claim.time)
    if interval.start is None:
        raise InvalidInput("time: the interval needs a start date")
    who = f"team claim {claim.id} by {claim.added_by}"
    if reviewer:
        who += f", accepted by {reviewer}"
    try:
        return Membership(
            state=iso3,
            alliance=ALLIANCE,
            status=Status(claim.value),
            start=interval.start,
            end=interval.end,
            claims=[claim.id],
            note=f"{who} (an overlay: the shipped intervals are unchanged)",
        )
    except ValueError as exc:
        raise InvalidInput(f"time: {exc}") from None


def _source(row: StoredSource) -> Source:
    note = row.note
    if row.reference:
        ref = f"Reference: {row.reference}"
        note = f"{note} {ref}" if note else ref
    return Source(
        id=row.id,
        kind="user",
        title=row.title,
        author=row.author,
        publisher=row.publisher,
        date=row.date,
        url=row.url,
        note=note,
    )


def _claim(row: StoredClaim) -> Claim:
    return Claim(
        id=row.id,
        subject=row.subject,
        property=row.property,
        value=row.value,
        time=row.time,
        source=row.source,
        quote=row.quote,
        note=row.note,
        added_by=row.added_by,
    )


def build_record(base: Record, sources: list[StoredSource], claims: list[StoredClaim]) -> Record:
    """``base`` with the team ``sources``, the accepted team ``claims`` and their membership overlays.

    The new ``data_hash`` is the SHA-256 of the base's hash, then of every team source and every merged
    claim with its reviewer (in id order): whatever the merged record shows that ``base`` does not
    (a source's title, the reviewer named in an overlay's note) changes it, so caches keyed by it never
    serve the answers of another store's contents.
    """
    if not sources and not claims:
        return base
    new_sources = {row.id: _source(row) for row in sources}
    new_claims: dict[str, Claim] = {}
    reviewers: dict[str, str | None] = {}
    overlays: list[Membership] = []
    for row in claims:
        claim = _claim(row)
        if claim.id in base.claims or claim.source not in new_sources:
            continue  # cannot happen through the store's checks; never let it break the record
        new_claims[claim.id] = claim
        reviewers[claim.id] = row.reviewed_by
        if claim.property == MEMBERSHIP_PROPERTY:
            try:
                overlays.append(membership_overlay(base, claim, row.reviewed_by))
            except (CstoError, ValueError):
                continue
    digest = hashlib.sha256(base.data_hash.encode())
    for sid in sorted(new_sources):
        digest.update(b"\x00source\x00" + new_sources[sid].model_dump_json().encode())
    for cid in sorted(new_claims):
        digest.update(b"\x00claim\x00" + new_claims[cid].model_dump_json().encode())
        digest.update(b"\x00reviewed_by\x00" + (reviewers[cid] or "").encode())
    return dataclasses.replace(
        base,
        sources={**base.sources, **new_sources},
        claims={**base.claims, **new_claims},
        memberships=[*base.memberships, *overlays],
        data_hash=digest.hexdigest(),
    )
