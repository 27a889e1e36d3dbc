"""The checks of a proposed claims document, before anything is written.

A document is a mapping with ``claims`` (a list) and optionally ``sources`` (a list), one claim mapping,
or a list of claim mappings (:func:`split_document`). Each source must be a team source (kind ``user``)
with a title and an http(s) URL or a bibliographic reference (:func:`check_source`); each claim must be
in the record's claim format with a verbatim quote, and a ``membership.status`` claim must state an
interval the record can hold (:func:`check_claim`). Ids must not be the shipped record's. Text must be
storable by every database (no NUL, no lone surrogates, :func:`check_text`) and within the size limits
below. Every refusal is an :class:`~csto.store.errors.InvalidInput` or
:class:`~csto.store.errors.Conflict` whose message names the field, e.g. ``claims[2].quote: …``.

What needs the database (is a source or claim id already stored?) is checked in the write itself
(:mod:`csto.store.claims`).
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from csto.record.claim import Claim
from csto.record.record import Record
from csto.record.source import Source
from csto.store.errors import Conflict, InvalidInput
from csto.store.overlay import MEMBERSHIP_PROPERTY, membership_overlay

MAX_TEXT = 20_000
"""Characters in a quote, a note, a reference, a review's reason or a claim's value (as JSON)."""
MAX_SHORT = 500
"""Characters in a subject, an author or a publisher (a title may have twice this, a URL four times)."""
MAX_CLAIMS_PER_WRITE = 200
"""Claims, and sources, in one document."""
SET_BY_THE_STORE = ("added_by", "derived_from", "status", "reviewed_by")
NOT_KEPT = ("rank_reason", "rank_grounds")
_URL = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class NewSource:
    """A checked team source, ready to store (``date`` is EDTF text)."""

    id: str
    title: str
    url: str | None
    reference: str | None
    author: str | None
    publisher: str | None
    date: str | None
    note: str | None


def check_text(value: Any, where: str) -> None:
    """Refuse text no database can store faithfully (NUL, lone surrogates); recurse into mappings, lists
    and tuples. ``where`` names the field in the message."""
    if isinstance(value, str):
        if "\x00" in value:
            raise InvalidInput(f"{where}: NUL characters are not allowed")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidInput(f"{where}: not valid Unicode text (lone surrogate)") from None
    elif isinstance(value, Mapping):
        for k, v in value.items():
            check_text(k, where)
            check_text(v, f"{where}.{k}")
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            check_text(v, f"{where}[{i}]")


def limit(value: str | None, where: str, size: int) -> None:
    """Refuse ``value`` when it has more than ``size`` characters."""
    if value is not None and len(value) > size:
        raise InvalidInput(f"{where}: too long ({len(value)} characters; at most {size})")


def split_document(document: Any) -> tuple[list[Any], list[Any]]:
    """The raw ``(sources, claims)`` of a document, checked for shape, size and storable text.

    Whatever its form, a document has at least one claim and at most :data:`MAX_CLAIMS_PER_WRITE`
    claims and as many sources.
    """
    if isinstance(document, list):
        sources: Any = []
        claims: Any = document
    elif not isinstance(document, Mapping):
        raise InvalidInput("a claims document is a mapping with claims: and sources:, or a list")
    elif not document:
        raise InvalidInput("claims: the document has no claims")
    elif "claims" not in document and "sources" not in document:
        sources, claims = [], [document]
    else:
        extra = set(document) - {"claims", "sources"}
        if extra:
            raise InvalidInput(f"unknown top-level keys: {', '.join(sorted(map(str, extra)))}")
        sources = document.get("sources") or []
        claims = document.get("claims") or []
        if not isinstance(sources, list):
            raise InvalidInput("sources: must be a list")
        if not isinstance(claims, list):
            raise InvalidInput("claims: must be a list")
    if not claims:
        raise InvalidInput("claims: the document has no claims")
    if len(claims) > MAX_CLAIMS_PER_WRITE or len(sources) > MAX_CLAIMS_PER_WRITE:
        raise InvalidInput(f"at most {MAX_CLAIMS_PER_WRITE} claims and sources in one document")
    check_text(sources, "sources")
    check_text(claims, "claims")
    return sources, claims


def _pydantic_message(exc: ValidationError, where: str) -> str:
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err["loc"])
    return f"{where}{'.' + field if field else ''}: {err['msg']}"


def check_source(raw: Any, i: int, shipped: Record) -> NewSource:
    """The ``i``-th source of a document, checked (an id is generated when it has none)."""
    where = f"sources[{i}]"
    if not isinstance(raw, Mapping):
        raise InvalidInput(f"{where}: must be a mapping")
    data = dict(raw)
    reference = data.pop("reference", None)
    if data.get("kind", "user") != "user":
        raise InvalidInput(f"{where}.kind: team sources are of kind user")
    data["kind"] = "user"
    data.setdefault("id", f"team-src-{secrets.token_hex(5)}")
    if data.get("seed_file") is not None:
        raise InvalidInput(f"{where}.seed_file: a team source cannot name a seed file")
    try:
        src = Source.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(_pydantic_message(exc, where)) from None
    if reference is not None and not isinstance(reference, str):
        raise InvalidInput(f"{where}.reference: must be text")
    if not (src.url or (reference and reference.strip())):
        raise InvalidInput(
            f"{where}: a source needs a url or a bibliographic reference, enough to find it"
        )
    if src.url is not None and not _URL.match(src.url):
        raise InvalidInput(f"{where}.url: must be an http(s) URL")
    if src.id in shipped.sources:
        raise Conflict(f"{where}.id: {src.id!r} is a shipped source")
    for key, value, size in (
        ("title", src.title, MAX_SHORT * 2),
        ("url", src.url, MAX_SHORT * 4),
        ("reference", reference, MAX_TEXT),
        ("author", src.author, MAX_SHORT),
        ("publisher", src.publisher, MAX_SHORT),
        ("note", src.note, MAX_TEXT),
    ):
        limit(value, f"{where}.{key}", size)
    if not src.title.strip():
        raise InvalidInput(f"{where}.title: a source needs a title")
    return NewSource(
        id=src.id,
        title=src.title,
        url=src.url,
        reference=reference,
        author=src.author,
        publisher=src.publisher,
        date=src.date.edtf if src.date is not None else None,
        note=src.note,
    )


def check_claim(raw: Any, i: int, shipped: Record, author: str) -> Claim:
    """The ``i``-th claim of a document, checked, as a :class:`~csto.record.claim.Claim` added by
    ``author`` (an id is generated when it has none)."""
    where = f"claims[{i}]"
    if not isinstance(raw, Mapping):
        raise InvalidInput(f"{where}: must be a mapping")
    data = dict(raw)
    for key in SET_BY_THE_STORE:
        if data.get(key):
            raise InvalidInput(f"{where}.{key}: set by the store, not by the claim")
        data.pop(key, None)
    if data.get("rank", "normal") != "normal" or any(data.get(k) for k in NOT_KEPT):
        raise InvalidInput(
            f"{where}.rank: the store keeps no rank; a team claim's rank is normal "
            "(state the disagreement as a claim of its own)"
        )
    for key in ("rank", *NOT_KEPT):
        data.pop(key, None)
    if data.get("external"):
        raise InvalidInput(f"{where}.external: team claims cite team sources, not external ones")
    data.pop("external", None)
    data.setdefault("id", f"team-{secrets.token_hex(5)}")
    if not isinstance(data.get("quote"), str) or not data["quote"].strip():
        raise InvalidInput(f"{where}.quote: a claim needs the verbatim quote from its source")
    try:
        claim = Claim.model_validate({**data, "added_by": author})
    except ValidationError as exc:
        raise InvalidInput(_pydantic_message(exc, where)) from None
    if claim.id in shipped.claims:
        raise Conflict(f"{where}.id: {claim.id!r} is a shipped claim")
    limit(claim.subject, f"{where}.subject", MAX_SHORT)
    limit(claim.property, f"{where}.property", 200)
    limit(claim.quote, f"{where}.quote", MAX_TEXT)
    limit(claim.note, f"{where}.note", MAX_TEXT)
    limit(claim.time, f"{where}.time", 100)
    limit(json.dumps(claim.value, default=str), f"{where}.value", MAX_TEXT)
    try:
        json.dumps(claim.value, allow_nan=False)
    except (TypeError, ValueError):
        raise InvalidInput(
            f"{where}.value: must be plain JSON data (text, numbers, lists)"
        ) from None
    if claim.property == MEMBERSHIP_PROPERTY:
        try:
            membership_overlay(shipped, claim)
        except InvalidInput as exc:
            raise InvalidInput(f"{where}: {exc}") from None
    return claim
