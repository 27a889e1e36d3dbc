"""The report: one self-contained HTML page of the record, the treaty's gap and the models' forecasts.

:func:`build_report` assembles it from :mod:`csto.analysis` and the treaty and behaviour layers
(:mod:`csto.report.layers` says plainly when one of them is not available).
"""

from __future__ import annotations

from typing import Any

__all__ = ["build_report"]


def __getattr__(name: str) -> Any:
    if name == "build_report":
        from csto.report.build import build_report

        return build_report
    raise AttributeError(f"module 'csto.report' has no attribute {name!r}")
