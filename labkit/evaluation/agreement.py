"""Agreement between two raters (a judge and a person), beyond what chance explains.

A judge model is itself a measuring instrument, so before its verdicts count it is calibrated against human labels on
the same items. Raw agreement flatters: when 60% of the answers are good, a judge that says "pass" to everything
agrees with the person 60% of the time while judging nothing. Cohen's kappa corrects for that:

    kappa = (p_o - p_e) / (1 - p_e)

where ``p_o`` is the observed agreement and ``p_e`` the agreement expected by chance from each rater's own label
frequencies (``sum over labels of p_rater1(label) * p_rater2(label)``). Worked through on ten answers, six of which
the person passed:

>>> human = ["pass"] * 6 + ["fail"] * 4
>>> judge = ["pass"] * 5 + ["fail", "pass"] + ["fail"] * 3
>>> percent_agreement(judge, human)          # 5 passes + 3 fails agree: p_o = 8/10
0.8
>>> round(cohens_kappa(judge, human), 4)     # p_e = 0.6*0.6 + 0.4*0.4 = 0.52; (0.8 - 0.52) / 0.48
0.5833
>>> cohens_kappa(["pass"] * 10, human)       # always "pass": p_o = 0.6 = p_e, so nothing beyond chance
0.0

Reading kappa (Landis and Koch's rough bands): below 0 worse than chance, 0-0.2 slight, 0.2-0.4 fair, 0.4-0.6
moderate, 0.6-0.8 substantial, above 0.8 almost perfect. On a few dozen items its uncertainty is wide, so report n.

A judge that abstains ("I cannot tell") is measured on the items it answered, and its *coverage* (the share it
answered) is reported beside the agreement: a judge that answers only the easy tenth can agree perfectly.
:func:`calibrate` returns both, with the confusion counts.

Calibrating a scoring judge also means choosing where its scale turns into *pass*: :func:`sweep_pass_mark` tries
each candidate mark on a labelled development set. The mark chosen there is then confirmed on items written
afterwards, never reported from the set it was chosen on.

Left out: weighted kappa for ordinal scales, Krippendorff's alpha for more than two raters, confidence intervals.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from labkit.errors import InvalidInputError


def _pair(a: Sequence[Hashable], b: Sequence[Hashable]) -> None:
    if isinstance(a, str) or isinstance(b, str):
        raise InvalidInputError("Pass two lists of labels, one per item, not strings.")
    if len(a) != len(b):
        raise InvalidInputError(f"The raters labelled different numbers of items ({len(a)} and {len(b)}); "
                                "pair their labels item by item.")
    if not a:
        raise InvalidInputError("No items: agreement needs at least one item labelled by both raters.")


def percent_agreement(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """The share of items on which the two raters give the same label.

    >>> percent_agreement(["x", "y", "y"], ["x", "y", "x"])
    0.6667
    """
    _pair(a, b)
    return round(sum(x == y for x, y in zip(a, b)) / len(a), 4)


def cohens_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Cohen's kappa between two raters' labels (see the module docstring for the worked example).

    When both raters give one and the same label to every item, chance explains all the agreement and kappa is
    undefined; this returns ``float("nan")`` then, as scikit-learn does.
    """
    _pair(a, b)
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b)) / n
    count_a, count_b = Counter(a), Counter(b)
    expected = sum(count_a[label] * count_b[label] for label in count_a) / (n * n)
    if expected == 1:
        return float("nan")
    return (observed - expected) / (1 - expected)


def confusion(a: Sequence[Hashable], b: Sequence[Hashable]) -> dict[tuple[Hashable, Hashable], int]:
    """Counts of ``(label of a, label of b)`` pairs.

    >>> confusion(["pass", "fail", "pass"], ["pass", "pass", "pass"])
    {('pass', 'pass'): 2, ('fail', 'pass'): 1}
    """
    _pair(a, b)
    return dict(Counter(zip(a, b)))


@dataclass(frozen=True)
class Calibration:
    """How a judge's labels compare with human labels; ``None`` judge labels are abstentions."""

    n: int
    answered: int
    coverage: float
    agreement: float | None
    kappa: float | None
    confusion: dict[tuple[Hashable, Hashable], int] = field(default_factory=dict)

    def summary(self) -> str:
        """One line for a report: n, coverage, agreement and kappa."""
        if not self.answered:
            return f"n={self.n}: the judge abstained on every item (coverage 0), so its agreement is unknown"
        return (f"n={self.n}, answered {self.answered} (coverage {self.coverage:.2f}), "
                f"agreement {self.agreement:.2f}, kappa {self.kappa:.2f}")


def calibrate(judge: Sequence[Hashable | None], human: Sequence[Hashable]) -> Calibration:
    """Agreement and kappa on the items the judge answered, with its coverage.

    >>> calibrate(["pass", None, "fail", "pass"], ["pass", "fail", "fail", "fail"]).summary()
    'n=4, answered 3 (coverage 0.75), agreement 0.67, kappa 0.40'
    """
    _pair(judge, human)
    pairs = [(j, h) for j, h in zip(judge, human) if j is not None]
    coverage = round(len(pairs) / len(human), 4)
    if not pairs:
        return Calibration(len(human), 0, coverage, None, None)
    j, h = [p[0] for p in pairs], [p[1] for p in pairs]
    return Calibration(len(human), len(pairs), coverage, percent_agreement(j, h), round(cohens_kappa(j, h), 4),
                       confusion(j, h))


def sweep_pass_mark(scores: Sequence[float | None], human: Sequence[Hashable], marks: Sequence[float],
                    labels: tuple[Hashable, Hashable] = ("pass", "fail")) -> list[dict[str, float | None]]:
    """For each candidate ``mark``, label a score ``>= mark`` as ``labels[0]`` (else ``labels[1]``; ``None`` stays an
    abstention) and calibrate against ``human``: one row per mark, to choose on a development set.

    >>> for row in sweep_pass_mark([5, 3, 3, 1, None], ["pass", "pass", "fail", "fail", "pass"], [3, 4]):
    ...     print(row)
    {'pass_at': 3, 'coverage': 0.8, 'agreement': 0.75, 'kappa': 0.5}
    {'pass_at': 4, 'coverage': 0.8, 'agreement': 0.75, 'kappa': 0.5}
    """
    rows = []
    for mark in marks:
        judged = [None if s is None else labels[0] if s >= mark else labels[1] for s in scores]
        result = calibrate(judged, human)
        rows.append({"pass_at": mark, "coverage": result.coverage, "agreement": result.agreement,
                     "kappa": result.kappa})
    return rows
