"""Agreement between two independent codings of the cases' outcome levels (Cohen's kappa).

Each case's outcome was coded twice more, blind to the case-level factors and to each other's work, from the
outcome codebook and the quoted evidence only (``docs/coding/``). :func:`agreement` compares two codings
with Cohen's kappa (Cohen 1960, "A coefficient of agreement for nominal scales", *Educational and
Psychological Measurement* 20: 37–46) and its quadratic-weighted form for ordered levels (Cohen 1968), as
computed by statsmodels (:func:`statsmodels.stats.inter_rater.cohens_kappa`).
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import Field

from csto.record.rows import Row

LEVELS = 4


class Agreement(Row):
    """How far two codings of the same cases agree.

    ``n`` cases coded by both; ``agreed`` with the same level; ``kappa`` (unweighted) and
    ``weighted_kappa`` (quadratic weights) with statsmodels' asymptotic 95% interval of the unweighted kappa
    (its upper end clipped at 1);
    ``disagreements`` maps a case id to the two levels.
    """

    first: str
    second: str
    n: int
    agreed: int
    kappa: float
    kappa_low: float
    kappa_high: float
    weighted_kappa: float
    disagreements: dict[str, tuple[int, int]] = Field(default_factory=dict)


def agreement(
    first: Mapping[str, int], second: Mapping[str, int], names: tuple[str, str] = ("a", "b")
) -> Agreement:
    """Cohen's kappa between two codings (case id → level 0–3) over the cases both coded.

    Raises ``ValueError`` when they share no case or a level is outside 0–3.
    """
    import numpy as np
    from statsmodels.stats.inter_rater import cohens_kappa

    cases = sorted(set(first) & set(second))
    if not cases:
        raise ValueError("the two codings share no case")
    table = np.zeros((LEVELS, LEVELS))
    for case in cases:
        i, j = int(first[case]), int(second[case])
        if not (0 <= i < LEVELS and 0 <= j < LEVELS):
            raise ValueError(f"{case}: levels must be 0–3, got {i} and {j}")
        table[i, j] += 1
    plain = cohens_kappa(table)
    weighted = cohens_kappa(table, wt="quadratic")
    perfect = float(np.trace(table)) == len(cases)
    return Agreement(
        first=names[0],
        second=names[1],
        n=len(cases),
        agreed=int(np.trace(table)),
        kappa=1.0 if perfect else round(float(plain.kappa), 4),
        kappa_low=1.0 if perfect else round(float(plain.kappa_low), 4),
        kappa_high=1.0 if perfect else round(min(1.0, float(plain.kappa_upp)), 4),
        weighted_kappa=1.0 if perfect else round(float(weighted.kappa), 4),
        disagreements={
            c: (int(first[c]), int(second[c])) for c in cases if int(first[c]) != int(second[c])
        },
    )
