"""Regenerate the derived results shipped in src/csto/data/derived/ (the report's leave-one-out
validation for the default seed and draws). Run after changing the record, the behaviour inputs, the rules
or the models' code: python scripts/build_derived.py
"""

from __future__ import annotations

import json

from csto import cache
from csto.record.load import shipped_dir
from csto.report.layers import validation, validation_key
from csto.session import session_from

SEED, DRAWS = 0, 2000


def main() -> None:
    session = session_from(shipped_dir(), None)  # never a team store: the shipped data only
    result = validation(session, seed=SEED, draws=DRAWS, cache=False)
    k = validation_key(session, SEED, DRAWS)
    folder = cache.shipped_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("validation-*.json"):
        old.unlink()
    path = folder / f"validation-{k}.json"
    payload = {"scores": result.scores, "predictions": [p.to_dict() for p in result.predictions]}
    path.write_text(json.dumps(payload, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
