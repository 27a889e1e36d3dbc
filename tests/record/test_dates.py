"""Partial dates, sets of dates and intervals: parsing, precision, spans, and as-of truth."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csto.errors import CstoError, DateError
from csto.record.dates import (
    Interval,
    OneOf,
    PartialDate,
    Truth,
    parse_date,
    parse_day,
    parse_interval,
)
from strategies import (
    day_dates,
    days,
    impossible_dates,
    intervals,
    month_dates,
    one_ofs,
    partial_dates,
    whens,
    year_dates,
)

D = dt.date
FAST = settings(max_examples=60, deadline=None)

# -- parsing every form ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "precision", "earliest", "latest", "uncertain", "approximate"),
    [
        ("2006", "year", D(2006, 1, 1), D(2006, 12, 31), False, False),
        ("1999-04", "month", D(1999, 4, 1), D(1999, 4, 30), False, False),
        ("2024-02", "month", D(2024, 2, 1), D(2024, 2, 29), False, False),
        ("2023-02", "month", D(2023, 2, 1), D(2023, 2, 28), False, False),
        ("2022-01-06", "day", D(2022, 1, 6), D(2022, 1, 6), False, False),
        ("2024-08-31?", "day", D(2024, 8, 31), D(2024, 8, 31), True, False),
        ("2024-09~", "month", D(2024, 9, 1), D(2024, 9, 30), False, True),
        ("2006%", "year", D(2006, 1, 1), D(2006, 12, 31), True, True),
        ("  2006 ", "year", D(2006, 1, 1), D(2006, 12, 31), False, False),
        ("0999", "year", D(999, 1, 1), D(999, 12, 31), False, False),
    ],
)
def test_parse_partial_date_forms(
    text: str,
    precision: str,
    earliest: dt.date,
    latest: dt.date,
    uncertain: bool,
    approximate: bool,
) -> None:
    when = parse_date(text)
    assert isinstance(when, PartialDate)
    assert when.precision == precision
    assert (when.earliest, when.latest) == (earliest, latest)
    assert (when.uncertain, when.approximate) == (uncertain, approximate)
    assert when.edtf == text.strip()


def test_parse_date_accepts_int_and_date() -> None:
    assert parse_date(2006) == PartialDate(2006)
    assert parse_date(D(2022, 1, 6)) == PartialDate(2022, 1, 6)
    assert parse_date(D(2022, 1, 6)).precision == "day"


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision"),
    [
        ("[2005,2006]", D(2005, 1, 1), D(2006, 12, 31), "year"),
        ("[2024-02-22,2024-08-31]", D(2024, 2, 22), D(2024, 8, 31), "day"),
        ("[2006, 1999-04]", D(1999, 4, 1), D(2006, 12, 31), "year"),
        ("[1999-04-01,1999-05,2001]", D(1999, 4, 1), D(2001, 12, 31), "year"),
    ],
)
def test_parse_one_of(text: str, earliest: dt.date, latest: dt.date, precision: str) -> None:
    when = parse_date(text)
    assert isinstance(when, OneOf)
    assert (when.earliest, when.latest) == (earliest, latest)
    assert when.precision == precision  # the coarsest of the options
    assert when.uncertain is True
    assert len(when.options) == text.count(",") + 1
    assert "sources disagree" in when.describe()


def test_one_of_edtf() -> None:
    assert parse_date("[2005,2006]").edtf == "[2005,2006]"
    assert parse_date("[2005, 2006]").edtf == "[2005,2006]"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2002/2003", "2002", "2003"),
        ("1994-04-20/1999-04", "1994-04-20", "1999-04"),
        ("../2024", None, "2024"),
        ("2024-08-31/..", "2024-08-31", None),
        ("2024-08-31/", "2024-08-31", None),
        ("../..", None, None),
        ("[2005,2006]/2012", "[2005,2006]", "2012"),
        (" 2002 / 2003 ", "2002", "2003"),
    ],
)
def test_parse_interval_forms(text: str, start: str | None, end: str | None) -> None:
    iv = parse_interval(text)
    assert (iv.start.edtf if iv.start else None) == start
    assert (iv.end.edtf if iv.end else None) == end
    assert iv.edtf == f"{start or '..'}/{end or '..'}"


def test_parse_interval_of_a_single_date_spans_it() -> None:
    iv = parse_interval("2006")
    assert iv.start == iv.end == PartialDate(2006)


def test_describe_states_precision() -> None:
    assert parse_date("2006").describe() == "2006 (year precision)"
    assert parse_date("1999-04").describe() == "1999-04 (month precision)"
    assert parse_date("2024-08-31?").describe() == "2024-08-31 (day precision, uncertain)"
    assert parse_date("2006%").describe() == "2006 (year precision, uncertain and approximate)"


# -- impossible and malformed dates ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2023-02-29", "February 2023 has 28 days"),
        ("2023-02-30", "February 2023 has 28 days"),
        ("2024-02-30", "February 2024 has 29 days"),
        ("1900-02-29", "February 1900 has 28 days"),
        ("2021-04-31", "April 2021 has 30 days"),
        ("2006-13", "month 13 does not exist"),
        ("2006-13-01", "month 13 does not exist"),
        ("2006-00", "month 00 does not exist"),
        ("2006-01-00", "day 00 does not exist"),
        ("0000", "out of range"),
        ("20061", "not a date"),
        ("2006-1-1", "not a date"),
        ("06", "not a date"),
        ("yesterday", "not a date"),
        ("", "not a date"),
        ("2006??", "not a date"),
        ("[2005]", "at least two options"),
        ("[2005,2006-02-30]", "February 2006 has 28 days"),
    ],
)
def test_impossible_dates_say_why(text: str, why: str) -> None:
    with pytest.raises(DateError) as info:
        parse_date(text)
    assert why in str(info.value)
    assert isinstance(info.value, CstoError)
    assert isinstance(info.value, ValueError)


def test_day_needs_a_month() -> None:
    with pytest.raises(DateError, match="a day needs a month"):
        PartialDate(2006, None, 5)


@given(impossible_dates())
@FAST
def test_impossible_dates_property(case: tuple[str, str]) -> None:
    text, why = case
    with pytest.raises(DateError) as info:
        parse_date(text)
    assert why in str(info.value)
    assert repr(text) in str(info.value)  # the message quotes the offending text


def test_interval_that_ends_before_it_starts() -> None:
    with pytest.raises(DateError, match="ends before it starts"):
        parse_interval("2006/2005")
    with pytest.raises(DateError, match="ends before it starts"):
        Interval(PartialDate(2006, 5, 2), PartialDate(2006, 5, 1))
    # a coarser end that may still follow the start is fine
    Interval(PartialDate(2006, 5, 2), PartialDate(2006, 5))


# -- parse_day: query dates must be days -------------------------------------------------------


def test_parse_day() -> None:
    assert parse_day("2000-01-01") == D(2000, 1, 1)
    assert parse_day(" 2000-01-01 ") == D(2000, 1, 1)
    assert parse_day(D(2000, 1, 1)) == D(2000, 1, 1)
    assert parse_day("today") == dt.date.today()
    assert parse_day("TODAY") == dt.date.today()


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2006", "needs a day"),
        ("2006-05", "needs a day"),
        ("[2005-01-01,2005-01-02]", "needs a day"),
        ("2023-02-30", "February 2023 has 28 days"),
        ("soon", "not a date"),
    ],
)
def test_parse_day_rejects(text: str, why: str) -> None:
    with pytest.raises(DateError, match=why):
        parse_day(text)


# -- properties --------------------------------------------------------------------------------


@given(whens)
@FAST
def test_earliest_not_after_latest(when: PartialDate | OneOf) -> None:
    assert when.earliest <= when.latest


@given(partial_dates(lo=1, hi=9999))
@FAST
def test_edtf_round_trips(when: PartialDate) -> None:
    again = parse_date(when.edtf)
    assert again == when
    assert again.edtf == when.edtf


@given(one_ofs())
@FAST
def test_one_of_edtf_round_trips(when: OneOf) -> None:
    again = parse_date(when.edtf)
    assert isinstance(again, OneOf)
    assert again == when
    assert again.earliest == min(o.earliest for o in when.options)
    assert again.latest == max(o.latest for o in when.options)


@given(day_dates())
@FAST
def test_day_refines_its_month_and_year(day: PartialDate) -> None:
    month = PartialDate(day.year, day.month)
    year = PartialDate(day.year)
    assert day.refines(month)
    assert day.refines(year)
    assert month.refines(year)
    assert day.refines(day)
    assert not year.refines(month)
    assert not month.refines(day)
    assert not day.refines(PartialDate(day.year + 1 if day.year < 9999 else day.year - 1))


@given(year_dates())
@FAST
def test_year_span(when: PartialDate) -> None:
    assert (when.latest - when.earliest).days + 1 == (366 if calendar.isleap(when.year) else 365)


@given(month_dates())
@FAST
def test_month_span(when: PartialDate) -> None:
    assert when.month is not None
    length = calendar.monthrange(when.year, when.month)[1]
    assert (when.latest - when.earliest).days + 1 == length
    assert when.earliest.day == 1


@given(st.dates(min_value=D(1, 1, 1), max_value=D(9999, 12, 31)))
@FAST
def test_a_real_day_parses_to_itself(day: dt.date) -> None:
    when = parse_date(day.isoformat())
    assert isinstance(when, PartialDate)
    assert when.precision == "day"
    assert when.earliest == when.latest == day
    assert parse_day(day.isoformat()) == day


# -- as-of truth -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("interval", "day", "truth"),
    [
        # a start known only to the year: cannot tell inside that year
        ("2006/..", D(2005, 12, 31), Truth.NO),
        ("2006/..", D(2006, 1, 1), Truth.UNCERTAIN),
        ("2006/..", D(2006, 6, 1), Truth.UNCERTAIN),
        ("2006/..", D(2006, 12, 31), Truth.YES),  # every possible start is on or before it
        ("2006/..", D(2007, 1, 1), Truth.YES),
        # an end known only to the year (an EDTF interval is closed: it may run to the year's last day)
        ("2000/2012", D(2011, 12, 31), Truth.YES),
        ("2000/2012", D(2012, 1, 1), Truth.YES),
        ("2000/2012", D(2012, 12, 30), Truth.UNCERTAIN),
        ("2000/2012", D(2012, 12, 31), Truth.UNCERTAIN),
        ("2000/2012", D(2013, 1, 1), Truth.NO),
        # day and month precision (UZB's first membership)
        ("1994-04-20/1999-04", D(1994, 4, 19), Truth.NO),
        ("1994-04-20/1999-04", D(1994, 4, 20), Truth.YES),
        ("1994-04-20/1999-04", D(1999, 3, 31), Truth.YES),
        ("1994-04-20/1999-04", D(1999, 4, 1), Truth.YES),
        ("1994-04-20/1999-04", D(1999, 4, 30), Truth.UNCERTAIN),
        ("1994-04-20/1999-04", D(1999, 5, 1), Truth.NO),
        # sources disagree on the start
        ("[2005,2006]/2012", D(2004, 12, 31), Truth.NO),
        ("[2005,2006]/2012", D(2005, 6, 1), Truth.UNCERTAIN),
        ("[2005,2006]/2012", D(2006, 6, 1), Truth.UNCERTAIN),
        ("[2005,2006]/2012", D(2007, 1, 1), Truth.YES),
        # open ends
        ("../..", D(1900, 1, 1), Truth.YES),
        ("../2012", D(1900, 1, 1), Truth.YES),
        ("2024-08-31/..", D(2024, 8, 30), Truth.NO),
        ("2024-08-31/..", D(2024, 8, 31), Truth.YES),
    ],
)
def test_holds_on_examples(interval: str, day: dt.date, truth: Truth) -> None:
    answer, reason = parse_interval(interval).holds_on(day)
    assert answer is truth, reason
    assert reason
    if truth is Truth.UNCERTAIN:
        assert "cannot tell" in reason and day.isoformat() in reason


def test_single_date_interval_holds_on_its_own_day() -> None:
    answer, _ = parse_interval("2022-01-06").holds_on(D(2022, 1, 6))
    assert answer is not Truth.NO


def _corners(when: PartialDate | OneOf | None, open_value: dt.date) -> list[dt.date]:
    return [open_value] if when is None else [when.earliest, when.latest]


@given(intervals(), days)
@settings(max_examples=150, deadline=None)
def test_holds_on_agrees_with_every_possible_span(iv: Interval, day: dt.date) -> None:
    """YES iff the day is inside for every possible start and end; NO iff for none; else UNCERTAIN.

    An interval holds on ``day`` for a start ``s`` and end ``e`` when ``s <= day < e``; that test is
    monotone in ``s`` and ``e``, so the corners of the possible spans decide it.
    """
    inside = [
        s <= day < e
        for s, e in itertools.product(
            _corners(iv.start, dt.date.min), _corners(iv.end, dt.date.max)
        )
    ]
    answer, _ = iv.holds_on(day)
    if all(inside):
        assert answer is Truth.YES
    elif not any(inside):
        assert answer is Truth.NO
    else:
        assert answer is Truth.UNCERTAIN


@given(intervals(open_ends=False), days)
@FAST
def test_holds_on_is_no_outside_the_possible_spans(iv: Interval, day: dt.date) -> None:
    assert iv.start is not None and iv.end is not None
    answer, _ = iv.holds_on(day)
    if day < iv.start.earliest or day >= iv.end.latest:
        assert answer is Truth.NO
    elif iv.start.latest <= day < iv.end.earliest:
        assert answer is Truth.YES
    else:
        assert answer is Truth.UNCERTAIN


def test_overlaps_is_precision_aware() -> None:
    a = parse_interval("2000/2006")
    assert a.overlaps(parse_interval("2005/2010"))
    assert not a.overlaps(parse_interval("2006/2010"))  # may meet within 2006: not certain
    assert not a.overlaps(parse_interval("2007/2010"))
    assert parse_interval("../..").overlaps(a)
