"""Partial dates and intervals, honest about precision (a subset of EDTF, ISO 8601-2).

A source that says "2006" gives a *year*, not 2006-01-01. A :class:`PartialDate` keeps the precision it was
given and knows the span of days it may stand for (:attr:`PartialDate.earliest`, :attr:`PartialDate.latest`).
Supported forms (EDTF level 0–2 subset):

* ``2006``, ``1999-04``, ``2022-01-06`` — year, month and day precision;
* a trailing ``?`` (uncertain), ``~`` (approximate) or ``%`` (both), e.g. ``2024-08-31?``;
* ``[2005,2006]`` — one of a set, for where sources disagree (the span covers every option);
* ``2002/2003`` — an :class:`Interval`; ``..`` is an open end (``2024-08-31/..`` is ongoing).

As-of questions are answered with a :class:`Truth` (``yes``, ``no`` or ``uncertain``) and a reason.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum
from typing import Literal

from csto.errors import DateError

Precision = Literal["year", "month", "day"]

_PARTIAL = re.compile(r"^(?P<year>-?\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<q>[?~%])?$")
_MONTHS = list(calendar.month_name)


@dataclass(frozen=True, order=False)
class PartialDate:
    """A calendar date known to year, month or day precision, optionally uncertain or approximate."""

    year: int
    month: int | None = None
    day: int | None = None
    uncertain: bool = False
    approximate: bool = False

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise DateError("a day needs a month")
        if not 1 <= self.year <= 9999:
            raise DateError(f"year {self.year} is out of range (1–9999)")
        if self.month is not None and not 1 <= self.month <= 12:
            raise DateError(f"month {self.month:02d} does not exist (months run 01–12)")
        if self.day is not None and self.month is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise DateError(
                    f"{_MONTHS[self.month]} {self.year} has {last} days, so day {self.day:02d} "
                    "does not exist"
                )

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    @property
    def earliest(self) -> dt.date:
        """The first day this date may stand for."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        """The last day this date may stand for."""
        if self.day is not None and self.month is not None:
            return dt.date(self.year, self.month, self.day)
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def edtf(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.uncertain and self.approximate:
            text += "%"
        elif self.uncertain:
            text += "?"
        elif self.approximate:
            text += "~"
        return text

    def describe(self) -> str:
        """Human text that states the precision: "2006 (year precision)"."""
        extra = []
        if self.uncertain:
            extra.append("uncertain")
        if self.approximate:
            extra.append("approximate")
        qual = f", {' and '.join(extra)}" if extra else ""
        return f"{self.edtf.rstrip('?~%')} ({self.precision} precision{qual})"

    def refines(self, other: PartialDate) -> bool:
        """True if this date's span lies within ``other``'s (e.g. 1999-04 refines 1999)."""
        return other.earliest <= self.earliest and self.latest <= other.latest

    def __str__(self) -> str:
        return self.edtf


@dataclass(frozen=True)
class OneOf:
    """One of several dates (EDTF ``[a,b]``): used where sources disagree on when something happened."""

    options: tuple[PartialDate, ...]

    def __post_init__(self) -> None:
        if len(self.options) < 2:
            raise DateError("a set of alternative dates needs at least two options")

    @property
    def earliest(self) -> dt.date:
        return min(o.earliest for o in self.options)

    @property
    def latest(self) -> dt.date:
        return max(o.latest for o in self.options)

    @property
    def precision(self) -> Precision:
        order = {"year": 0, "month": 1, "day": 2}
        return min((o.precision for o in self.options), key=order.__getitem__)

    @property
    def uncertain(self) -> bool:
        return True

    @property
    def edtf(self) -> str:
        return "[" + ",".join(o.edtf for o in self.options) + "]"

    def describe(self) -> str:
        return "one of " + " or ".join(o.describe() for o in self.options) + " (sources disagree)"

    def __str__(self) -> str:
        return self.edtf


When = PartialDate | OneOf


def parse_date(text: str | int | dt.date) -> When:
    """Parse an EDTF-style date; raise :class:`DateError` saying why a bad one is bad.

    >>> parse_date("2006").describe()
    '2006 (year precision)'
    >>> parse_date("[2005,2006]").edtf
    '[2005,2006]'
    """
    if isinstance(text, dt.date):
        return PartialDate(text.year, text.month, text.day)
    if isinstance(text, int):
        text = str(text)
    raw = text.strip()
    if raw.startswith("[") and raw.endswith("]"):
        parts = [p.strip() for p in raw[1:-1].split(",") if p.strip()]
        options = tuple(_parse_partial(p) for p in parts)
        return OneOf(options)
    return _parse_partial(raw)


def _parse_partial(raw: str) -> PartialDate:
    m = _PARTIAL.match(raw)
    if not m:
        raise DateError(
            f"{raw!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD "
            "(optionally with ? for uncertain or ~ for approximate)"
        )
    year = int(m["year"])
    month = int(m["month"]) if m["month"] else None
    day = int(m["day"]) if m["day"] else None
    q = m["q"] or ""
    try:
        return PartialDate(
            year, month, day, uncertain=q in "?%" and q != "", approximate=q in "~%" and q != ""
        )
    except DateError as exc:
        raise DateError(f"{raw!r}: {exc}") from None


def parse_day(text: str | dt.date) -> dt.date:
    """Parse a query date, which must be a full day (YYYY-MM-DD) or ``today``."""
    if isinstance(text, dt.date):
        return text
    raw = text.strip()
    if raw.lower() == "today":
        return dt.date.today()
    when = parse_date(raw)
    if not isinstance(when, PartialDate) or when.precision != "day":
        raise DateError(f"{raw!r}: a query date needs a day (YYYY-MM-DD), e.g. 2000-01-01")
    return when.earliest


@dataclass(frozen=True)
class Span:
    """What a query asks about: one day, or a period of days (``first`` to ``last``, both included).

    ``text`` is the query as written (``2006``, ``2012-06``, ``2006-06-23``, ``1999/2001``).
    """

    first: dt.date
    last: dt.date
    text: str

    @property
    def is_day(self) -> bool:
        """True when the span is a single day."""
        return self.first == self.last

    def describe(self) -> str:
        """``2006-06-23``, or ``2006 (2006-01-01 – 2006-12-31)`` for a period."""
        if self.is_day:
            return self.first.isoformat()
        return f"{self.text} ({self.first.isoformat()} – {self.last.isoformat()})"


def _exact(raw: str, part: str) -> PartialDate:
    when = parse_date(part)
    if not isinstance(when, PartialDate):
        raise DateError(f"{raw!r}: a query needs one date or period, not a set of alternatives")
    if when.uncertain or when.approximate:
        raise DateError(
            f"{raw!r}: a query date cannot be uncertain or approximate (drop the ?, ~ or %)"
        )
    return when


def parse_span(text: str | dt.date) -> Span:
    """Parse what a query asks about: a day (``YYYY-MM-DD`` or ``today``), a month (``YYYY-MM``), a year
    (``YYYY``) or a period ``START/END`` of any of these (both ends included).

    Raises :class:`DateError` for a malformed or impossible date, an uncertain one (``2006?``), an open
    period (``2006/..``) or one that ends before it starts.

    >>> parse_span("2006").describe()
    '2006 (2006-01-01 – 2006-12-31)'
    >>> parse_span("2012-06-28").is_day
    True
    """
    if isinstance(text, dt.date):
        return Span(text, text, text.isoformat())
    raw = text.strip()
    if raw.lower() == "today":
        today = dt.date.today()
        return Span(today, today, raw)
    if "/" in raw:
        left, right = (p.strip() for p in raw.split("/", 1))
        if left in ("", "..") or right in ("", ".."):
            raise DateError(f"{raw!r}: a query period needs both ends (START/END)")
        first, last = _exact(raw, left).earliest, _exact(raw, right).latest
        if last < first:
            raise DateError(f"{raw!r}: the period ends before it starts")
        return Span(first, last, raw)
    when = _exact(raw, raw)
    return Span(when.earliest, when.latest, raw)


class Truth(str, Enum):
    """Three-valued answer of an as-of query."""

    YES = "yes"
    NO = "no"
    UNCERTAIN = "uncertain"


@dataclass(frozen=True)
class Interval:
    """A span of time; ``None`` means an open (unknown or ongoing) end.

    By default half-open, ``[start, end)``: a status holds from ``start`` and stops on ``end`` (the day
    the next status begins). ``closed=True`` includes ``end`` (an EDTF interval such as ``2006/2012``, or
    a single date, covers its last day).
    """

    start: When | None
    end: When | None = None
    closed: bool = False

    def __post_init__(self) -> None:
        if (
            self.start is not None
            and self.end is not None
            and self.end.latest < self.start.earliest
        ):
            raise DateError(f"interval {self.edtf} ends before it starts")

    @property
    def edtf(self) -> str:
        s = self.start.edtf if self.start is not None else ".."
        e = self.end.edtf if self.end is not None else ".."
        return f"{s}/{e}"

    def holds_on(self, day: dt.date) -> tuple[Truth, str]:
        """Does the interval cover ``day``? Returns the answer and the reason."""
        start, end = self.start, self.end
        if start is not None and day < start.earliest:
            return Truth.NO, f"begins {start.describe()}, after {day.isoformat()}"
        if end is not None and (day > end.latest if self.closed else day >= end.latest):
            return Truth.NO, f"ended {end.describe()}, before {day.isoformat()}"
        reasons = []
        if start is not None and day < start.latest:
            reasons.append(f"begins {start.describe()}")
        if end is not None and (day > end.earliest if self.closed else day >= end.earliest):
            reasons.append(f"ends {end.describe()}")
        if reasons:
            return Truth.UNCERTAIN, "; ".join(reasons) + f": cannot tell for {day.isoformat()}"
        s = start.describe() if start is not None else "an unknown date"
        e = f" until {end.describe()}" if end is not None else ", ongoing"
        return Truth.YES, f"from {s}{e}"

    def overlaps(self, other: Interval) -> bool:
        """True if the two intervals certainly share at least one day (precision-aware)."""
        a0 = self.start.latest if self.start is not None else dt.date.min
        a1 = self.end.earliest if self.end is not None else dt.date.max
        b0 = other.start.latest if other.start is not None else dt.date.min
        b1 = other.end.earliest if other.end is not None else dt.date.max
        return max(a0, b0) < min(a1, b1)


def parse_interval(text: str) -> Interval:
    """Parse ``start/end`` (either side may be ``..``) or a single date (its own span), both closed."""
    raw = text.strip()
    if "/" in raw:
        left, right = (p.strip() for p in raw.split("/", 1))
        start = None if left in ("", "..") else parse_date(left)
        end = None if right in ("", "..") else parse_date(right)
        return Interval(start, end, closed=True)
    when = parse_date(raw)
    return Interval(when, when, closed=True)
