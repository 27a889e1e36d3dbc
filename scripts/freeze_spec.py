"""Freeze the models' specification: write src/csto/data/derived/frozen-spec.json.

Run once, before a new batch of cases is first scored; every later validation reports whether the models'
code or inputs have changed since (csto.behaviour.verdict.spec_hash). Do not rerun it to hide a change:
the point of the file is that a change after the freeze shows. python scripts/freeze_spec.py "why"
"""

from __future__ import annotations

import datetime as dt
import json
import sys

from csto import cache
from csto.behaviour.inputs import inputs_path, load_inputs
from csto.behaviour.verdict import FROZEN_SPEC, spec_hash
from csto.record.load import shipped_dir


def main() -> None:
    inputs = load_inputs(inputs_path(shipped_dir()))
    payload = {
        **spec_hash(inputs.hash),
        "frozen_on": dt.date.today().isoformat(),
        "note": " ".join(sys.argv[1:]) or "frozen before scoring",
    }
    path = cache.shipped_dir() / FROZEN_SPEC
    path.write_text(json.dumps(payload, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
