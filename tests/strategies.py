"""Shared hypothesis strategies for the record: partial dates, impossible dates, sets of dates, intervals."""

from __future__ import annotations

import calendar
import datetime as dt

from hypothesis import strategies as st

from csto.record.dates import Interval, OneOf, PartialDate, When

MIN_YEAR, MAX_YEAR = 1, 9999
#: Years of the alliance's history and around it, where most interesting dates fall.
RECENT = (1900, 2100)


def years(lo: int = RECENT[0], hi: int = RECENT[1]) -> st.SearchStrategy[int]:
    return st.integers(min_value=lo, max_value=hi)


qualifiers = st.sampled_from([(False, False), (True, False), (False, True), (True, True)])


@st.composite
def partial_dates(
    draw: st.DrawFn,
    precision: str | None = None,
    lo: int = RECENT[0],
    hi: int = RECENT[1],
    qualified: bool = True,
) -> PartialDate:
    """A valid :class:`PartialDate` of the given precision (any if None), optionally ? ~ or %."""
    prec = precision or draw(st.sampled_from(["year", "month", "day"]))
    year = draw(years(lo, hi))
    month = day = None
    if prec in ("month", "day"):
        month = draw(st.integers(1, 12))
    if prec == "day":
        assert month is not None
        day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    uncertain, approximate = draw(qualifiers) if qualified else (False, False)
    return PartialDate(year, month, day, uncertain=uncertain, approximate=approximate)


def year_dates(**kw: object) -> st.SearchStrategy[PartialDate]:
    return partial_dates("year", **kw)  # type: ignore[arg-type]


def month_dates(**kw: object) -> st.SearchStrategy[PartialDate]:
    return partial_dates("month", **kw)  # type: ignore[arg-type]


def day_dates(**kw: object) -> st.SearchStrategy[PartialDate]:
    return partial_dates("day", **kw)  # type: ignore[arg-type]


@st.composite
def one_ofs(draw: st.DrawFn) -> OneOf:
    """A set of two or three distinct alternative dates (EDTF ``[a,b]``)."""
    options = draw(st.lists(partial_dates(), min_size=2, max_size=3, unique_by=lambda d: d.edtf))
    return OneOf(tuple(options))


whens: st.SearchStrategy[When] = st.one_of(partial_dates(), one_ofs())

days = st.dates(min_value=dt.date(RECENT[0], 1, 1), max_value=dt.date(RECENT[1], 12, 31))


@st.composite
def impossible_dates(draw: st.DrawFn) -> tuple[str, str]:
    """Text of a date that does not exist, with a fragment the error message must contain."""
    kind = draw(st.sampled_from(["day", "month", "zero-day", "zero-month"]))
    year = draw(years())
    if kind == "day":
        month = draw(st.integers(1, 12))
        last = calendar.monthrange(year, month)[1]
        day = draw(st.integers(last + 1, 99))
        return (
            f"{year:04d}-{month:02d}-{day:02d}",
            f"{calendar.month_name[month]} {year} has {last} days",
        )
    if kind == "month":
        month = draw(st.integers(13, 99))
        return f"{year:04d}-{month:02d}", f"month {month:02d} does not exist"
    if kind == "zero-month":
        return f"{year:04d}-00", "month 00 does not exist"
    month = draw(st.integers(1, 12))
    return f"{year:04d}-{month:02d}-00", "day 00 does not exist"


@st.composite
def intervals(draw: st.DrawFn, open_ends: bool = True) -> Interval:
    """An :class:`Interval` whose end does not precede its start; either end may be open."""
    start, end = draw(whens), draw(whens)
    if end.latest < start.earliest:  # then start.latest >= end.earliest: swapped, they are valid
        start, end = end, start
    if open_ends:
        if draw(st.booleans()) and draw(st.booleans()):
            start = None  # type: ignore[assignment]
        if draw(st.booleans()) and draw(st.booleans()):
            end = None  # type: ignore[assignment]
    return Interval(start, end)
