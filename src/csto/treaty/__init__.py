"""The treaty layer: the provisions as executable rules (``data/rules.yaml``), assessed on crises.

* :func:`assess` — what a treaty requires in a crisis (a record case, a scenario file or a
  :class:`~csto.crisis.Crisis`), under three readings: the strict text, the requester's framing, and the
  alliance's own precedent;
* :func:`gap` — for every crisis in the record, the requirement beside what the alliance did, with a verdict
  (honoured, not triggered, refused, answered beyond the text, no mechanism, contested);
* :func:`provisions` — the rules themselves, with the provision text the record has.

The core text, CST Article 4, as seed 000 quotes it: "If one of the participating States is subjected to
aggression (armed attack threatening security, stability, territorial integrity, and sovereignty), it will be
considered by the participating States as aggression against all the participating States of this Treaty.
In the event of aggression against any of the States Parties, all other States Parties shall, at the request
of that State Party, immediately provide the necessary assistance, including military assistance [...]".
NATO Article 5 (external): "if such an armed attack occurs, each of them [...] will assist the Party or
Parties so attacked" — no request.

Interpretive assumptions (each also stated in words in ``rules.yaml`` and in the reasons of the output):
aggression is an armed attack from *outside* the victim (the readings differ only on internal crises); the
attack must fall on the victim's own territory (occupied parts included, disputed ground not); members
fighting each other have no mechanism; a frozen member's claim is contested; Article 2 consultations are
put into action by a party's request; the Collective Security Council decides by consensus — an
*assumption*, the record has no verified text of that rule.
"""

from __future__ import annotations

from csto.treaty.assess import Assessment, ReadingAssessment, RuleResult, assess
from csto.treaty.gap import GapRow, gap, gap_frame
from csto.treaty.provisions import provisions

__all__ = [
    "Assessment",
    "GapRow",
    "ReadingAssessment",
    "RuleResult",
    "assess",
    "gap",
    "gap_frame",
    "provisions",
]
