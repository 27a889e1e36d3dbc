"""The look every chart shares: status and verdict colours and labels (from :mod:`csto.palette`, which the
report and the web page use too), level names, font, width, and :func:`finish`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from csto.palette import EXTRA, STATUSES, VERDICTS

if TYPE_CHECKING:
    import altair as alt

STATUS_COLOURS: dict[str, str] = {k: v.colour for k, v in STATUSES.items()}
"""A colour per membership status, in drawing order: :data:`csto.palette.STATUSES` (Okabe–Ito)."""

STATUS_LABELS: dict[str, str] = {k: v.label for k, v in STATUSES.items()}
"""What each status means, as a tooltip shows it."""

STATUS_SHORT: dict[str, str] = {k: v.short for k, v in STATUSES.items()}
"""The label written on a bar of each status (so greyscale print still tells them apart)."""

STATUS_INK: dict[str, str] = {k: v.ink for k, v in STATUSES.items()}
"""The text colour on each status's colour."""

MAP_EXTRA: dict[str, str] = {k: v.colour for k, v in EXTRA.items()}
"""The map's two categories that are not statuses."""

VERDICT_COLOURS: dict[str, str] = {k: v.colour for k, v in VERDICTS.items()}
"""A colour per verdict of :func:`csto.treaty.gap.gap`, in legend order: :data:`csto.palette.VERDICTS`."""

VERDICT_SHORT: dict[str, str] = {k: v.short for k, v in VERDICTS.items()}
"""The short name of each verdict, written in the gap chart's cells."""

VERDICT_INK: dict[str, str] = {k: v.ink for k, v in VERDICTS.items()}
"""The text colour on each verdict's colour."""

LEVEL_NAMES: tuple[str, ...] = ("no action", "statement", "consultations", "military assistance")
"""The outcome levels 0–3 by name."""

FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
WIDTH = 680
"""The width of the wide charts (timeline, map), in pixels."""


def finish(
    chart: alt.TopLevelMixin, description: str, title: str, subtitle: str | list[str] = ""
) -> alt.TopLevelMixin:
    """``chart`` with the common look: a title and subtitle anchored left, the accessible
    ``description`` (what a screen reader says), the font, a white background and no border. Makes sure
    the chart shows offline in a notebook (:func:`~csto.analysis.charts.render.use_offline_renderer`)."""
    import altair as alt

    from csto.analysis.charts.render import use_offline_renderer

    use_offline_renderer()
    return (
        chart.properties(
            title=alt.TitleParams(title, subtitle=subtitle or alt.Undefined, anchor="start"),
            description=description,
        )
        .configure(font=FONT, background="white", padding=8)
        .configure_view(stroke=None)
        .configure_title(fontSize=15, subtitleFontSize=11, subtitleColor="#444")
        .configure_axis(labelFontSize=11, titleFontSize=11)
        .configure_legend(labelFontSize=11, titleFontSize=11, labelLimit=260)
    )
