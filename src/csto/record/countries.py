"""Any real state by any name or code, for names the record does not hold.

The record holds the states it needs (:class:`~csto.record.state.State`). A name it does not hold is
looked up here, in this order:

1. digits: a Correlates of War state code (``data/external/cow-states.csv``, COW v2016), else an ISO
   3166-1 numeric code (``345`` is COW's Yugoslavia/Serbia; ``498``, no COW code, is ISO's Moldova);
2. three letters: an ISO 3166-1 alpha-3 code, else a COW abbreviation (ISO wins where they clash, as in
   the record: COW's ``SWZ`` is Switzerland, ISO's Eswatini);
3. anything else: a COW state name (exactly, ignoring case), else country_converter's name patterns (which
   also read ISO alpha-2 codes): ``Republic of Moldova``, ``MD``, ``Kyrgyz Rep.``.

country_converter (PyPI ``country-converter``) is imported only when a name is not in the record, so the
command line stays fast. Its own table is read with ``keep_default_na=False``: version 1.3.2 reads
Namibia's ISO alpha-2 code ``NA`` as a missing value under pandas 2.
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
from dataclasses import dataclass
from importlib import resources
from typing import Any

_MISSING = "\x00"
"""country_converter's ``not_found`` value (a string no name can be)."""


@dataclass(frozen=True)
class CowState:
    """One row of the COW state list: code, abbreviation, name and ISO alpha-3 (None where it has none)."""

    ccode: int
    cow_abb: str
    cow_name: str
    iso3: str | None


@dataclass(frozen=True)
class Country:
    """A real state the record does not hold: its name, ISO alpha-3 and COW codes (None where it has none).

    ``name`` is the ISO short name, or ``COW name/ISO name`` when the state was found by a COW code or
    name that differs (``Yugoslavia/Serbia``).
    """

    name: str
    iso3: str | None
    cow: int | None
    cow_abb: str | None

    @property
    def label(self) -> str:
        """``Yugoslavia/Serbia (SRB, COW 345)``."""
        codes = [c for c in (self.iso3, f"COW {self.cow}" if self.cow is not None else None) if c]
        return f"{self.name} ({', '.join(codes)})" if codes else self.name


@functools.cache
def cow_states() -> tuple[CowState, ...]:
    """The COW state list shipped in ``data/external/cow-states.csv`` (217 states, by code)."""
    path = resources.files("csto") / "data" / "external" / "cow-states.csv"
    text = path.read_text(encoding="utf-8")
    return tuple(
        CowState(int(r["ccode"]), r["cow_abb"], r["cow_name"], r["iso3"] or None)
        for r in csv.DictReader(io.StringIO(text, newline=""))
    )


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").split())


@functools.cache
def converter() -> Any:
    """country_converter's converter over its own table, read so that ``NA`` stays Namibia."""
    import logging

    import country_converter as coco
    import pandas as pd

    logging.getLogger("country_converter").setLevel(
        logging.ERROR
    )  # we report "not found" ourselves
    table = pd.read_csv(
        coco.country_converter.COUNTRY_DATA_FILE,
        sep="\t",
        keep_default_na=False,
        na_values=[""],
        dtype=str,
    )
    return coco.CountryConverter(country_data=table)


def _iso3(text: str, src: str | None = None) -> str | None:
    """ISO alpha-3 for ``text`` by country_converter (``src`` as it names its columns), or None."""
    found = converter().convert(text, src=src, to="ISO3", not_found=_MISSING)
    if not isinstance(found, str) or found == _MISSING:  # none, or several states (Austria-Hungary)
        return None
    return found


def iso_name(iso3: str) -> str:
    """The ISO short name country_converter gives an alpha-3 code (``SRB`` → ``Serbia``)."""
    name = converter().convert(iso3, src="ISO3", to="name_short", not_found=_MISSING)
    return name if isinstance(name, str) and name != _MISSING else iso3


def _from_cow(row: CowState) -> Country:
    name = row.cow_name
    if row.iso3 is not None:
        iso = iso_name(row.iso3)
        if _fold(iso) != _fold(name):
            name = f"{name}/{iso}"
    return Country(name, row.iso3, row.ccode, row.cow_abb)


def _from_iso(iso3: str) -> Country:
    cow = next((r for r in cow_states() if r.iso3 == iso3), None)
    return Country(iso_name(iso3), iso3, cow.ccode if cow else None, cow.cow_abb if cow else None)


def resolve(text: str) -> Country | None:
    """The real state ``text`` names (see the module docstring for the order), or None."""
    raw = text.strip()
    if not raw or len(raw) > 200:  # no state's name is that long; the patterns would take minutes
        return None
    if raw.isascii() and raw.isdigit():  # not '²' or '٣', which isdigit() accepts and int() refuses
        code = int(raw)
        row = next((r for r in cow_states() if r.ccode == code), None)
        if row is not None:
            return _from_cow(row)
        iso3 = _iso3(str(code), "ISOnumeric")
        return _from_iso(iso3) if iso3 else None
    if len(raw) == 3 and raw.isalpha():
        iso3 = _iso3(raw.upper(), "ISO3")
        if iso3:
            return _from_iso(iso3)
        row = next((r for r in cow_states() if r.cow_abb == raw.upper()), None)
        return _from_cow(row) if row is not None else None
    if any(ch.isdigit() for ch in raw):
        # no state's name mixes letters and digits: "kazakstan-2022" is a misspelt case id, which
        # country_converter's patterns would silently read as Kazakhstan
        return None
    folded = _fold(raw)
    row = next((r for r in cow_states() if _fold(r.cow_name) == folded), None)
    if row is not None:
        return _from_cow(row)
    iso3 = _iso3(raw, "ISO2" if len(raw) == 2 and raw.isalpha() else None)
    return _from_iso(iso3) if iso3 else None


def suggest(text: str, n: int = 3) -> list[str]:
    """COW state names close to ``text``, as ``Name (ISO3)`` (or ``Name (COW code)``)."""
    names = {_fold(r.cow_name): r for r in cow_states()}
    out = []
    for match in difflib.get_close_matches(_fold(text), list(names), n=n, cutoff=0.6):
        row = names[match]
        out.append(f"{row.cow_name} ({row.iso3 or f'COW {row.ccode}'})")
    return out
