"""Cut the region the map needs out of Natural Earth's 110m countries (npm ``world-atlas``).

Run once when the boundary data is updated (it is not imported by the package)::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python src/csto/data/geo/build_region.py package/countries-110m.json src/csto/data/geo/region-110m.json

It keeps the ``countries`` object's geometries whose ISO 3166 numeric id is in :data:`KEEP` (the nine
states that ever belonged to the alliance and their neighbours, for context), drops the ``land`` object,
and keeps only the arcs those geometries use, renumbered. Arcs stay quantized and delta-encoded exactly as
published, so nothing is re-projected or simplified.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

KEEP: dict[str, str] = {
    # the nine states that ever belonged
    "051": "ARM", "031": "AZE", "112": "BLR", "268": "GEO", "398": "KAZ",
    "417": "KGZ", "643": "RUS", "762": "TJK", "860": "UZB",
    # neighbours, for context
    "004": "AFG", "156": "CHN", "233": "EST", "246": "FIN", "356": "IND",
    "364": "IRN", "368": "IRQ", "392": "JPN", "408": "PRK", "410": "KOR",
    "428": "LVA", "440": "LTU", "496": "MNG", "498": "MDA", "578": "NOR",
    "586": "PAK", "616": "POL", "642": "ROU", "752": "SWE", "760": "SYR",
    "792": "TUR", "795": "TKM", "804": "UKR", "100": "BGR", "196": "CYP",
    "300": "GRC", "703": "SVK", "348": "HUN", "807": "MKD", "008": "ALB",
    "688": "SRB", "070": "BIH", "191": "HRV", "705": "SVN", "040": "AUT",
    "203": "CZE", "276": "DEU", "208": "DNK", "422": "LBN", "376": "ISR",
    "400": "JOR", "682": "SAU", "524": "NPL", "064": "BTN", "050": "BGD",
    "104": "MMR", "418": "LAO", "704": "VNM", "764": "THA", "818": "EGY",
    "784": "ARE", "512": "OMN", "414": "KWT", "634": "QAT", "499": "MNE",
}  # fmt: skip


def _arc_ids(arcs: Any) -> list[int]:
    if isinstance(arcs, int):
        return [arcs]
    return [i for a in arcs for i in _arc_ids(a)]


def _remap(arcs: Any, new: dict[int, int]) -> Any:
    if isinstance(arcs, int):
        return new[arcs] if arcs >= 0 else ~new[~arcs]
    return [_remap(a, new) for a in arcs]


def cut(topology: dict[str, Any]) -> dict[str, Any]:
    """The region's countries with only the arcs they use (ids renumbered in order of first use)."""
    geoms = [g for g in topology["objects"]["countries"]["geometries"] if g.get("id") in KEEP]
    used = sorted({i if i >= 0 else ~i for g in geoms for i in _arc_ids(g["arcs"])})
    new = {old: n for n, old in enumerate(used)}
    for g in geoms:
        g["arcs"] = _remap(g["arcs"], new)
        g["properties"]["iso3"] = KEEP[g["id"]]
    return {
        "type": "Topology",
        "transform": topology["transform"],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": geoms}},
        "arcs": [topology["arcs"][i] for i in used],
    }


def main(argv: list[str]) -> None:
    src, dst = Path(argv[0]), Path(argv[1])
    out = cut(json.loads(src.read_text(encoding="utf-8")))
    dst.write_text(json.dumps(out, separators=(",", ":")), encoding="utf-8")
    print(
        f"{dst}: {len(out['objects']['countries']['geometries'])} countries, {len(out['arcs'])} arcs"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
