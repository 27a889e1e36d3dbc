"""A sweep on a local ``dask.distributed`` cluster (worker processes on the loopback interface) gives the
same table as the same sweep run in this process: the ``csto[dask]`` extra works end to end.

The dev extra installs dask, so CI runs this; the cluster's scheduler and workers listen on 127.0.0.1
only and stop when the test ends.
"""

from __future__ import annotations

import pandas as pd
import pytest

from csto.behaviour.sweep import sweep
from csto.session import Csto

from .behaviour_helpers import SCENARIOS

ARMENIA = next(p for p in SCENARIOS if p.stem == "armenia-invokes-again")
VARY = {"RUS.position": (0.0, 3.0, 4), "russia_at_war": (0.0, 1.0, 2)}


@pytest.mark.slow  # starts a scheduler and two worker processes (a few seconds)
def test_a_sweep_on_a_local_dask_cluster_equals_the_local_run(session: Csto) -> None:
    from dask import distributed  # the dev extra installs it: a missing extra fails here

    crisis = session.crisis(ARMENIA)
    args = (session.record, session.inputs, session.rules, crisis, VARY)
    calls: list[tuple[int, int]] = []
    local = sweep(*args, draws=300, seed=5, workers=1, progress=lambda *c: calls.append(c))
    assert calls == [(i, 8) for i in range(1, 9)], "progress: one call per grid point"
    calls.clear()
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        on_dask = sweep(
            *args,
            draws=300,
            seed=5,
            scheduler=cluster.scheduler_address,
            progress=lambda *c: calls.append(c),
        )
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
    assert len(local) == 4 * 2 * 4
    pd.testing.assert_frame_equal(on_dask, local)
    assert calls[-1] == (8, 8)
    # the sweep moved something: Russia's position changes the expected level
    assert local.groupby("RUS.position")["expected_level"].mean().is_monotonic_increasing
