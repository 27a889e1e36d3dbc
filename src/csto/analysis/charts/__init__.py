"""The charts, one module a chart; each chart function takes exactly the typed data it draws and returns an
Altair chart (it renders inline in Jupyter).

* :func:`csto.analysis.charts.timeline.timeline_chart` — membership over time (a
  :class:`~csto.record.record.Record` and the day that ends the timeline);
* :func:`csto.analysis.charts.map.map_chart` — the region on a day (a record and the day);
* :func:`csto.analysis.charts.gap.gap_chart` — the treaty's requirement beside what the alliance did
  (:class:`csto.treaty.gap.GapRow` rows);
* :func:`csto.analysis.charts.calibration.calibration_chart` — reliability of leave-one-out forecasts
  (:class:`csto.analysis.loo.LooPrediction` rows);
* :func:`csto.analysis.charts.tornado.tornado_chart` — a scenario's sensitivity to each input
  (:class:`csto.behaviour.explain.SensitivityRow` rows);
* :mod:`csto.analysis.charts.render` — the Vega-Lite spec, SVG, PNG, self-contained HTML, and saving;
* :mod:`csto.analysis.charts.style` — the colours, font and width the charts share.

Why Altair (Vega-Lite): a chart is a declarative JSON spec, so the same object renders inline in a
notebook, becomes an interactive HTML page with tooltips, and becomes PNG or SVG for a paper; the spec is
deterministic, so the report is byte-identical for the same data. ``vl-convert-python`` renders PNG and SVG
with no browser and no network (Vega runs in its embedded engine), and ships the Vega, Vega-Lite and
Vega-Embed JavaScript that :func:`~csto.analysis.charts.render.save` and the report inline into HTML, so
nothing is fetched from a CDN. Vega-Lite draws TopoJSON natively, which the map needs. Plotly's static
export (kaleido) needs a Chrome of its own, and Matplotlib has no HTML tooltips.

Altair and vl-convert are imported inside the functions, so importing these modules is cheap.
"""

CHART_NAMES: tuple[str, ...] = ("timeline", "map", "gap", "calibration", "tornado")
"""The charts ``csto plot`` draws, by name."""
