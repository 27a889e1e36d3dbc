"""One look: the palette (``csto.palette``) drives the charts, the report and the web page alike."""

from __future__ import annotations

import re

import pytest

from csto import palette
from csto.analysis.charts import style


def _luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG 2.1, after sRGB's transfer function)."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}


def test_every_status_has_a_look_including_the_pending_ones() -> None:
    from csto.record.membership import Status

    assert [s.value for s in Status] == list(palette.STATUSES), (
        "every status, in the record's order"
    )
    assert {"accession_pending", "exit_pending"} <= set(palette.STATUSES)


def test_colours_are_okabe_ito_and_each_status_has_its_own_pattern_and_label() -> None:
    looks = list(palette.STATUSES.values())
    coloured = [lk for lk in looks if lk.pattern != "none"]
    assert {lk.colour for lk in coloured} <= OKABE_ITO
    assert len({lk.colour for lk in looks}) == len(looks)
    assert len({lk.pattern for lk in coloured}) == len(coloured), (
        "a pattern tells each status apart"
    )
    assert len({lk.short for lk in looks}) == len(looks)


@pytest.mark.parametrize(
    "look",
    [*palette.STATUSES.values(), *palette.VERDICTS.values(), palette.EXTRA["uncertain"]],
    ids=lambda lk: lk.label,
)
def test_text_on_every_colour_is_readable(look: palette.Look) -> None:
    assert _contrast(look.colour, look.ink) >= 4.5


def test_the_charts_take_their_colours_from_the_palette() -> None:
    assert {k: v.colour for k, v in palette.STATUSES.items()} == style.STATUS_COLOURS
    assert {k: v.colour for k, v in palette.VERDICTS.items()} == style.VERDICT_COLOURS
    assert style.STATUS_COLOURS["member"] == "#0072B2"


def test_the_css_gives_each_status_its_colour_and_pattern() -> None:
    css = palette.css()
    for name, look in palette.STATUSES.items():
        rule = re.search(rf"\.st-{name} \{{([^}}]*)\}}", css)
        assert rule is not None, name
        assert f"background-color: {look.colour}" in rule.group(1)
        assert f"color: {look.ink}" in rule.group(1)
        assert "print-color-adjust: exact" in rule.group(1)
        assert ("gradient(" in rule.group(1)) == (look.pattern not in ("solid", "none"))
    assert ".v-answered-beyond-the-text {" in css
