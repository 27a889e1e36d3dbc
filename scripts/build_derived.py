"""Regenerate the derived results shipped in src/csto/data/derived/: the validation of every model and
baseline for the default seed and draws (gzipped JSON), from which every forecast takes its verdict. Run after changing the
record, the behaviour inputs, the rules or the models' code: python scripts/build_derived.py

(``frozen-spec.json`` beside it is written once, by scripts/freeze_spec.py, and is left alone here.)
"""

from __future__ import annotations

import gzip
import json

from csto import cache
from csto.behaviour.verdict import DEFAULT_DRAWS, DEFAULT_SEED, validation_key
from csto.record.load import shipped_dir
from csto.session import session_from


def main() -> None:
    session = session_from(shipped_dir(), None)  # never a team store: the shipped data only
    result = session.validate(
        seed=DEFAULT_SEED, draws=DEFAULT_DRAWS, cache=False, reuse_predictions=True
    )
    k = validation_key(session.data_hash, DEFAULT_SEED, DEFAULT_DRAWS)
    folder = cache.shipped_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("validation-*.json*"):
        old.unlink()
    path = folder / f"validation-{k}.json.gz"
    text = json.dumps(result, sort_keys=True, separators=(",", ":")) + "\n"
    path.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
