"""An expected-utility spatial bargaining model compatible with KTAB's ``smpc``.

Written from ``shared/ktab/ALGORITHM.md`` (a description of KTAB's Spatial Model of Politics,
MIT licence, Copyright (c) 2015 KAPSARC); no KTAB code is used. Under smpc's default parameters
it reproduces smpc's positions turn by turn on the example scenarios in ``shared/ktab``.

Public API:

* :func:`read_ktab_csv`, :func:`write_ktab_csv`, :class:`SpatialScenario`,
  :class:`ScenarioError` — inputs (a KTAB CSV in UTF-8 or a Windows code page, or arrays);
* :func:`run` → :class:`SpatialResult` — one scenario until the stopping rule holds;
* :func:`run_batch` → :class:`BatchResult` — many draws of one scenario's inputs at once.

:mod:`csto.behaviour.spatial.crisis` builds a scenario from a CSTO crisis (a case or a scenario
file); it is not imported here, so that this package stays free of the record and the treaty.
"""

from __future__ import annotations

from csto.behaviour.spatial.batch import BatchResult, run_batch
from csto.behaviour.spatial.csvio import read_ktab_csv, write_ktab_csv
from csto.behaviour.spatial.model import SpatialResult, run
from csto.behaviour.spatial.scenario import ScenarioError, SpatialScenario

__all__ = [
    "BatchResult",
    "ScenarioError",
    "SpatialResult",
    "SpatialScenario",
    "read_ktab_csv",
    "run",
    "run_batch",
    "write_ktab_csv",
]
