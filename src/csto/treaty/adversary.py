"""Where the adversary of a crisis comes from: a state, an outside group, or inside the victim.

Assumption: a non-state adversary is *internal* when the record bases it in the victim state (Wagner in
Russia, protesters in their own country), *external* when it is based elsewhere or when the record codes
the case itself as an external attack (the 1999 cross-border incursions), and *unknown* otherwise.
"""

from __future__ import annotations

from typing import Literal

from csto.record.record import Record

Origin = Literal["state", "external", "internal", "none", "unknown"]


def origin(
    record: Record,
    victim: str,
    adversary: str | None,
    kind: str,
    case_kind: str | None = None,
) -> tuple[Origin, str]:
    """Classify the adversary; returns the origin and a sentence saying why."""
    label = record.label(adversary) if adversary else "the adversary"
    if kind in ("state", "member_state"):
        return "state", f"{label} is a state: an attack by a state comes from outside the victim"
    if kind == "domestic_unrest":
        return "internal", f"{label}: domestic unrest inside {record.label(victim)}"
    if kind == "none":
        return "none", "the crisis names no adversary"
    if kind == "non_state":
        actor = record.actors.get(adversary or "")
        if actor is not None and actor.based_in is not None:
            if actor.based_in == victim:
                return "internal", f"{actor.name} is based in {record.label(victim)} itself"
            return "external", f"{actor.name} is based in {record.label(actor.based_in)}"
        if case_kind == "external_attack":
            return "external", f"{label}: the record codes the case as an external attack"
        return "unknown", f"the record does not say where {label} is based"
    return "unknown", f"the record does not say who {label} is"
