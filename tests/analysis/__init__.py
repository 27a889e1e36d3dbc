"""Tests of the charts (``csto.analysis.charts``) on real inputs: the shipped record, real ``gap()`` rows,
real leave-one-out folds and real ``simulate`` sensitivity tables."""

from __future__ import annotations

from typing import Any


def data_values(spec: Any) -> list[dict[str, Any]]:
    """Every data row inlined anywhere in a Vega-Lite spec (top-level, per layer, or in ``datasets``)."""
    out: list[dict[str, Any]] = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "values" and isinstance(value, list):
                out.extend(v for v in value if isinstance(v, dict))
            elif key == "datasets" and isinstance(value, dict):
                for rows in value.values():
                    out.extend(rows)
            else:
                out.extend(data_values(value))
    elif isinstance(spec, list):
        for item in spec:
            out.extend(data_values(item))
    return out
