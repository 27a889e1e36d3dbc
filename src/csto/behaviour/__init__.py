"""Models of how members decide.

* :mod:`csto.behaviour.spatial` — an expected-utility spatial bargaining model compatible with
  KTAB's Spatial Model of Politics (``smpc``).
"""
