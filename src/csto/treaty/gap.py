"""``gap``: for every crisis in the record and every reading, what the treaty required beside what the
alliance did, and a verdict.

Verdicts (``required`` and ``actual`` are outcome levels 0–3):

* ``no mechanism`` — the adversary is itself a party (members fighting each other);
* ``not triggered`` — nothing was required and the alliance did at most make a statement (level ≤ 1);
* ``answered beyond the text`` — the alliance did more than required, at level 2 or above (a statement is
  never "beyond");
* ``honoured`` — it did what was required;
* ``refused`` — it did less; where it did something (level > 0) the reason says which duties that met
  ("partly honoured");
* ``contested`` — the record cannot settle a condition, and the verdict differs with the answer.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from csto.record.record import Record
from csto.treaty.assess import ReadingAssessment, assess
from csto.treaty.results import MET

if TYPE_CHECKING:
    import pandas as pd

VERDICTS = (
    "honoured",
    "not triggered",
    "refused",
    "answered beyond the text",
    "no mechanism",
    "contested",
)


@dataclass(frozen=True)
class GapRow:
    """One crisis under one reading: required level, actual level, verdict, and why."""

    case: str
    title: str
    date: str
    reading: str
    treaty: str
    required: int
    contested_level: int
    actual: int
    response: str
    verdict: str
    reason: str
    governing: str | None
    sources: list[str]
    citations: list[str]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def verdict(required: int, actual: int) -> str:
    """The verdict for a required and an actual level (no mechanism and contest handled by the caller)."""
    if actual > required and actual >= 2:
        return "answered beyond the text"
    if required == 0:
        return "not triggered"
    return "honoured" if actual >= required else "refused"


def _classify(ra: ReadingAssessment, actual: int) -> tuple[str, str, str | None]:
    due = [r for r in ra.rules if r.modality == "shall" and r.due == MET]
    governing = max(due, key=lambda r: r.level).provision if due else None
    if ra.no_mechanism:
        return "no mechanism", ra.summary, None
    low = verdict(ra.required_level, actual)
    if ra.contested_level > ra.required_level:
        high = verdict(ra.contested_level, actual)
        if high != low:
            return (
                "contested",
                f"{low} if the contested conditions fail, {high} if they hold ({ra.summary})",
                governing,
            )
    reason = ra.summary
    if low == "refused" and actual > 0:
        met = [r.provision for r in due if r.level <= actual]
        short = [r.provision for r in due if r.level > actual]
        reason += (
            f"; partly honoured: level {actual} meets {', '.join(met) or 'no duty'} "
            f"but not {', '.join(short)}"
        )
    if low == "answered beyond the text":
        reason += (
            f"; the alliance acted at level {actual}, beyond the level {ra.required_level} required"
        )
    return low, reason, governing


def gap(record: Record | None = None, treaty: str = "cst") -> list[GapRow]:
    """Every CST/CSTO case with a victim (a crisis), oldest first, under every reading.

    Other alliances' reference cases (``alliance`` not ``csto``) are not crises under these treaties.
    """
    from csto.record.load import load_record
    from csto.treaty.rules import load_rules

    rec = record if record is not None else load_record()
    book = load_rules(record=rec)
    rows: list[GapRow] = []
    cases = sorted(
        (c for c in rec.cases.values() if c.victim is not None and c.alliance == "csto"),
        key=lambda c: (c.start.earliest, c.id),
    )
    for case in cases:
        assessment = assess(case.id, treaty, rec, rules=book)
        actual = int(case.outcome_level) if case.outcome_level is not None else 0
        sources = list(dict.fromkeys(rec.claims[c].source for c in case.claims))
        for name, ra in assessment.readings.items():
            v, reason, governing = _classify(ra, actual)
            cites = [
                cid for r in ra.rules for c in (*r.trigger, *r.preconditions) for cid in c.citations
            ]
            rows.append(
                GapRow(
                    case=case.id,
                    title=case.title,
                    date=case.start.edtf,
                    reading=name,
                    treaty=treaty,
                    required=ra.required_level,
                    contested_level=ra.contested_level,
                    actual=actual,
                    response=" ".join(case.response.split()),
                    verdict=v,
                    reason=reason,
                    governing=governing,
                    sources=sources,
                    citations=list(dict.fromkeys(cites)),
                )
            )
    return rows


def gap_frame(record: Record | None = None, treaty: str = "cst") -> pd.DataFrame:
    """:func:`gap` as a pandas DataFrame (pandas imported here, lazily)."""
    import pandas as pd

    return pd.DataFrame([r.to_dict() for r in gap(record, treaty)])
