"""The look every chart shares: status and verdict colours, level names, font, width, and :func:`finish`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import altair as alt

STATUS_COLOURS: dict[str, str] = {
    "accession_pending": "#009E73",
    "signatory": "#56B4E9",
    "member": "#0072B2",
    "exit_pending": "#F0E442",
    "participation_frozen": "#E69F00",
    "suspended": "#D55E00",
    "withdrawn": "#B8B8B8",
}
"""A colour per membership status, in drawing order: the Okabe–Ito palette (Okabe and Ito, "Color
Universal Design", 2008), distinguishable with the common colour-vision deficiencies."""

STATUS_LABELS: dict[str, str] = {
    "accession_pending": "accession pending (between the decision and the act)",
    "exit_pending": "exit pending (still a member in law)",
    "member": "member",
    "signatory": "signatory (treaty not yet in force)",
    "participation_frozen": "participation frozen",
    "suspended": "suspended",
    "withdrawn": "withdrawn",
}
"""What each status means, as a tooltip shows it."""

MAP_EXTRA: dict[str, str] = {"uncertain": "#CC79A7", "never a member": "#F2F2F2"}
"""The map's two categories that are not statuses."""

VERDICT_COLOURS: dict[str, str] = {
    "honoured": "#009E73",
    "answered beyond the text": "#0072B2",
    "not triggered": "#DDDDDD",
    "refused": "#D55E00",
    "contested": "#E69F00",
    "no mechanism": "#8C8C8C",
}
"""A colour per verdict of :func:`csto.treaty.gap.gap`, in legend order."""

LEVEL_NAMES: tuple[str, ...] = ("no action", "statement", "consultations", "military assistance")
"""The outcome levels 0–3 by name."""

FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
WIDTH = 680
"""The width of the wide charts (timeline, map), in pixels."""


def finish(
    chart: alt.TopLevelMixin, description: str, title: str, subtitle: str | list[str] = ""
) -> alt.TopLevelMixin:
    """``chart`` with the common look: a title and subtitle anchored left, the accessible
    ``description`` (what a screen reader says), the font, a white background and no border."""
    import altair as alt

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
