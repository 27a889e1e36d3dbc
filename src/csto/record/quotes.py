"""Checking that every quote is verbatim in the seed it cites (whitespace-normalised).

The seed texts do not ship with the package; the check reads them from a directory (``CSTO_SEEDS_DIR``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from csto.record.record import Record

_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Collapse every run of white space to one space and strip the ends."""
    return _WS.sub(" ", text).strip()


def seeds_dir() -> Path | None:
    """The seeds directory named by ``CSTO_SEEDS_DIR``, or None when unset."""
    value = os.environ.get("CSTO_SEEDS_DIR")
    return Path(value) if value else None


@dataclass(frozen=True)
class QuoteProblem:
    claim: str
    seed_file: str
    quote: str
    reason: str


def check_quotes(record: Record, seeds: Path) -> list[QuoteProblem]:
    """Every claim citing a seed: is its quote in that seed? Returns the problems (empty if none)."""
    texts: dict[str, str] = {}
    problems: list[QuoteProblem] = []
    for claim in record.claims.values():
        source = record.sources[claim.source]
        if source.kind != "seed" or not claim.quote:
            continue
        name = source.seed_file or ""
        if name not in texts:
            path = seeds / name
            if not path.exists():
                problems.append(QuoteProblem(claim.id, name, claim.quote, "seed file not found"))
                continue
            texts[name] = normalise(path.read_text(encoding="utf-8"))
        if normalise(claim.quote) not in texts[name]:
            problems.append(QuoteProblem(claim.id, name, claim.quote, "quote not found verbatim"))
    return problems
