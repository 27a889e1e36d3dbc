"""One look: the colour, pattern and label of every membership status and treaty verdict, shared by the
charts (:mod:`csto.analysis.charts`), the report and the web page, so a status looks the same everywhere.

Colours are the Okabe–Ito palette (Okabe and Ito, "Color Universal Design", 2008), told apart with the
common colour-vision deficiencies. Colour is never the only cue: each status also has a pattern (hatching,
dots, stripes; drawn by CSS on the page and the report) and a short label written on the bars and in the
legends, so a greyscale print still says which status is which.

:func:`css` writes the palette as CSS (``.st-<status>`` and ``.v-<verdict>`` classes, custom properties);
the web page serves it at ``/palette.css`` and the report inlines it. This module imports no layer.

For example:

    >>> STATUSES["member"].colour
    '#0072B2'
    >>> ".st-exit_pending" in css()
    True
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Look:
    """How one category is drawn.

    ``colour`` (hex), ``ink`` (the text colour on it, with a contrast of at least 4.5:1, WCAG 2.1's
    level AA for text; ``tests/test_palette.py`` checks it), ``pattern`` (``solid``, ``hatch`` (/), ``back-hatch``
    (\\\\), ``cross``, ``stripes`` (horizontal), ``dots`` or ``none``), ``short`` (the label written on a
    bar) and ``label`` (what the status means, as a legend or tooltip says it).
    """

    colour: str
    ink: str
    pattern: str
    short: str
    label: str


STATUSES: dict[str, Look] = {
    "accession_pending": Look(
        "#009E73",
        "#000000",
        "dots",
        "accession pending",
        "accession pending (between the decision and the act)",
    ),
    "signatory": Look(
        "#56B4E9", "#000000", "hatch", "signatory", "signatory (treaty not yet in force)"
    ),
    "member": Look("#0072B2", "#FFFFFF", "solid", "member", "member"),
    "exit_pending": Look(
        "#F0E442", "#000000", "back-hatch", "exit pending", "exit pending (still a member in law)"
    ),
    "participation_frozen": Look("#E69F00", "#000000", "cross", "frozen", "participation frozen"),
    "suspended": Look("#D55E00", "#000000", "stripes", "suspended", "suspended"),
    "withdrawn": Look("#BBBBBB", "#000000", "none", "withdrawn", "withdrawn"),
}
"""Every membership status, in drawing order (the order of the legends)."""

EXTRA: dict[str, Look] = {
    "uncertain": Look(
        "#CC79A7",
        "#000000",
        "dots",
        "uncertain",
        "uncertain (the day cannot tell the statuses apart)",
    ),
    "never a member": Look("#F2F2F2", "#000000", "none", "", "never a member"),
}
"""The map's two categories that are not statuses."""

VERDICTS: dict[str, Look] = {
    "honoured": Look("#009E73", "#000000", "solid", "honoured", "honoured"),
    "answered beyond the text": Look(
        "#0072B2", "#FFFFFF", "hatch", "beyond the text", "answered beyond the text"
    ),
    "not triggered": Look("#DDDDDD", "#000000", "none", "not triggered", "not triggered"),
    "refused": Look("#D55E00", "#000000", "cross", "refused", "refused"),
    "contested": Look("#E69F00", "#000000", "back-hatch", "contested", "contested"),
    "no mechanism": Look("#8C8C8C", "#000000", "stripes", "no mechanism", "no mechanism"),
}
"""A look per verdict of :func:`csto.treaty.gap.gap`, in legend order."""


def status_look(status: str) -> Look:
    """The look of a status or map category; an unknown name gets a neutral grey with its own name."""
    found = STATUSES.get(status) or EXTRA.get(status)
    if found is not None:
        return found
    words = status.replace("_", " ")
    return Look("#999999", "#000000", "none", words, words)


def _overlay(look: Look) -> str:
    """The CSS ``background-image`` that draws the pattern in the ink's colour, half transparent."""
    tint = "rgba(255,255,255,.55)" if look.ink.upper() == "#FFFFFF" else "rgba(0,0,0,.38)"
    line = f"{tint} 0 1.5px, transparent 1.5px 6px"
    return {
        "hatch": f"repeating-linear-gradient(45deg, {line})",
        "back-hatch": f"repeating-linear-gradient(-45deg, {line})",
        "cross": f"repeating-linear-gradient(45deg, {line}), repeating-linear-gradient(-45deg, {line})",
        "stripes": f"repeating-linear-gradient(0deg, {line})",
        "dots": f"radial-gradient(circle, {tint} 0 1.3px, transparent 1.6px)",
    }.get(look.pattern, "none")


def _slug(name: str) -> str:
    return name.replace(" ", "-")


def _rule(selector: str, look: Look) -> str:
    size = " background-size: 6px 6px;" if look.pattern == "dots" else ""
    return (
        f"{selector} {{ background-color: {look.colour}; background-image: {_overlay(look)};{size}"
        f" color: {look.ink}; -webkit-print-color-adjust: exact; print-color-adjust: exact; }}"
    )


def css() -> str:
    """The palette as CSS: a custom property per status (``--st-member``) and verdict
    (``--v-refused``), and a class per status (``.st-member``) and verdict (``.v-refused``) that fills an
    element with its colour and pattern and sets its text colour; printing keeps the fills."""
    props = [f"  --st-{k}: {v.colour};" for k, v in STATUSES.items()]
    props += [f"  --st-{_slug(k)}: {v.colour};" for k, v in EXTRA.items()]
    props += [f"  --v-{_slug(k)}: {v.colour};" for k, v in VERDICTS.items()]
    rules = [_rule(f".st-{k}", v) for k, v in STATUSES.items()]
    rules += [_rule(f".st-{_slug(k)}", v) for k, v in EXTRA.items()]
    rules += [_rule(f".v-{_slug(k)}", v) for k, v in VERDICTS.items()]
    return (
        "/* csto palette (generated by csto.palette.css): Okabe-Ito colours, a pattern per status. */\n"
        ":root {\n" + "\n".join(props) + "\n}\n" + "\n".join(rules) + "\n"
    )
