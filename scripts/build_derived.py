"""Regenerate the derived results shipped in src/csto/data/derived/ (the report's leave-one-out
validation for the default seed and draws). Run after changing the record, the behaviour inputs or
the behaviour models: python scripts/build_derived.py
"""

from __future__ import annotations

import json

from csto.record.load import load_record
from csto.report import cache
from csto.report.layers import Validation, validation

SEED, DRAWS = 0, 2000


def main() -> None:
    record = load_record()
    result = validation(record, seed=SEED, draws=DRAWS, cache=False)
    if not isinstance(result, Validation):
        raise SystemExit(f"validation unavailable: {result}")
    k = cache.key("validation", record.data_hash, seed=SEED, draws=DRAWS)
    folder = cache.shipped_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("validation-*.json"):
        old.unlink()
    path = folder / f"validation-{k}.json"
    payload = {"scores": result.scores, "predictions": result.predictions}
    path.write_text(json.dumps(payload, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
