"""Build ``cow-states.csv`` from the Correlates of War State System Membership list (v2016).

Run once when the list is updated (it is not imported by the package)::

    python src/csto/data/external/build_cow_states.py states2016.csv src/csto/data/external/cow-states.csv

The input is the list as COW publishes it (``stateabb``, ``ccode``, ``statenme``, one row per spell of
membership; the column names are matched case-insensitively). The output has one row per state code:
``ccode,cow_abb,cow_name,iso3``. ``iso3`` (ISO 3166-1 alpha-3) is matched by name with country_converter,
then the states checked by hand in :data:`BY_HAND` override it: states that no longer exist get no ISO
code, except where the COW code continues as today's state (345, Yugoslavia, is Serbia's code).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

BY_HAND: dict[int, str] = {
    # German states before 1871, the Italian states before 1861, Austria-Hungary: no ISO code
    240: "", 245: "", 267: "", 269: "", 271: "", 273: "", 275: "", 280: "",
    300: "", 327: "", 329: "", 332: "", 335: "", 337: "",
    # the Federal Republic (1955–1990) and the Democratic Republic: COW codes united Germany 255 (DEU)
    260: "", 265: "",
    315: "",  # Czechoslovakia (country_converter reads "Czech"): COW 316 is the Czech Republic (CZE)
    345: "SRB",  # Yugoslavia: COW keeps 345 for Serbia and Montenegro, then Serbia (from 2006)
    511: "",  # Zanzibar (1963–1964), now part of Tanzania
    678: "", 680: "",  # North and South Yemen before 1990; COW 679 is Yemen (YEM)
    730: "",  # Korea (1887–1905); COW 732 is South Korea (KOR)
    817: "",  # the Republic of Vietnam (South Vietnam, 1954–1975)
}  # fmt: skip


def build(source: Path, dest: Path) -> int:
    """Write the table; returns its number of rows."""
    import pandas as pd

    from csto.record.countries import converter as country_converter

    raw = pd.read_csv(source, dtype=str, keep_default_na=False)
    raw.columns = [c.lower() for c in raw.columns]
    states = (
        raw.assign(ccode=raw["ccode"].astype(int))
        .drop_duplicates("ccode")
        .sort_values("ccode")[["ccode", "stateabb", "statenme"]]
    )
    converter = country_converter()  # the one the record resolves names with (NA stays Namibia)
    rows = []
    for ccode, abb, name in states.itertuples(index=False):
        iso3 = converter.convert(name, to="ISO3", not_found="")
        if not isinstance(iso3, str):  # several matches (Austria-Hungary)
            iso3 = ""
        rows.append([ccode, abb, name, BY_HAND.get(ccode, iso3)])
    with dest.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["ccode", "cow_abb", "cow_name", "iso3"])
        writer.writerows(rows)
    return len(rows)


if __name__ == "__main__":
    print(build(Path(sys.argv[1]), Path(sys.argv[2])), "states")
