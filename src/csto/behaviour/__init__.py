"""Models of how members decide (de facto), validated on the record's history.

* :mod:`csto.behaviour.consensus` — the Collective Security Council as a consensus of members, with
  Russia's preponderance and members' willingness calibrated;
* :mod:`csto.behaviour.bargaining` — the same actors in the expected-utility spatial bargaining model
  (:mod:`csto.behaviour.spatial`, compatible with KTAB's ``smpc``);
* :mod:`csto.behaviour.baselines` — the treaty's strict reading and the base rate;
* :func:`csto.behaviour.simulate.simulate`, :mod:`csto.behaviour.validate` (leave-one-out),
  :mod:`csto.behaviour.explain` (sensitivity, pivotal actor), :mod:`csto.behaviour.sweep`.
"""
