"""Reference-based metrics: compare an output with the expected one, from strict to lenient.

* :func:`exact_match`: 1 when the normalised strings are equal (case, punctuation, articles and spacing ignored, as
  SQuAD does); the right metric for labels, ids and short factual answers.
* :func:`token_f1`: the harmonic mean of token precision and recall; partial credit for "on the first Tuesday"
  against "first Tuesday of each month".
* :func:`numeric_match`: the number in the output equals the expected one within a relative or absolute tolerance
  (``1,024`` and ``1024.0`` match; ``0.1 + 0.2`` style float noise does not fail a test).
* :func:`semantic_similarity`: the cosine between the two texts' MiniLM embeddings (:mod:`labkit.embed`);
  paraphrases score high. So do contradictions that share their words: "refunds within 30 days" and "within 60
  days" are near neighbours to an embedding model, which is why a number gets :func:`numeric_match`, not this.

:data:`METRICS` registers them by name, and :func:`score_run` applies several to a whole run and averages them,
overall and per stratum, which is what a regression gate (:mod:`.gate`) compares.

The one idea: pick the strictest metric the task allows. Every step towards leniency buys recall of correct
paraphrases and pays with false credit.

Left out: BLEU/ROUGE (n-gram overlap for long generations) and learned metrics such as BERTScore; the judge
(:mod:`.judge`) covers open-ended answers.
"""

from __future__ import annotations

import re
import string
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from labkit.errors import InvalidInputError
from labkit.registry import Registry

Metric = Callable[[Any, Any], float]

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_NUMBER = re.compile(r"(?<![\w.])[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")


def normalise_answer(text: Any) -> str:
    """Lower case, no punctuation, no articles, single spaces (the SQuAD normalisation).

    >>> normalise_answer("The  West wing!")
    'west wing'
    """
    text = str(text).lower()
    text = "".join(ch for ch in text if ch not in string.punctuation)
    return " ".join(_ARTICLES.sub(" ", text).split())


def _references(expected: Any) -> list[Any]:
    """Several acceptable answers may be given as a list; the best match counts."""
    return list(expected) if isinstance(expected, (list, tuple, set)) else [expected]


def exact_match(output: Any, expected: Any) -> float:
    """1.0 when the normalised output equals the (or one acceptable) normalised expected answer.

    >>> exact_match("The west wing.", "west wing"), exact_match("west", "west wing")
    (1.0, 0.0)
    >>> exact_match("12 euros", ["12 euros", "twelve euros"])
    1.0
    """
    out = normalise_answer(output)
    return float(any(out == normalise_answer(ref) for ref in _references(expected)))


def token_f1(output: Any, expected: Any) -> float:
    """Token-overlap F1 between the normalised texts (the best over acceptable answers).

    >>> token_f1("on the first Tuesday", "the first Tuesday of each month")  # P = 2/3, R = 2/5
    0.5
    >>> token_f1("", "anything")
    0.0
    """
    best = 0.0
    out = normalise_answer(output).split()
    for ref in _references(expected):
        gold = normalise_answer(ref).split()
        common = sum((Counter(out) & Counter(gold)).values())
        if not out or not gold or not common:
            continue
        precision, recall = common / len(out), common / len(gold)
        best = max(best, 2 * precision * recall / (precision + recall))
    return best


def numbers_in(text: Any) -> list[float]:
    """Every number written with digits, in order (thousands commas and a trailing % allowed).

    >>> numbers_in("1,024 GB from 16 nodes; -3.5 degrees; 2% fee")
    [1024.0, 16.0, -3.5, 2.0]
    """
    found = []
    for m in _NUMBER.finditer(str(text)):
        found.append(float(m.group().replace(",", "").replace("−", "-").rstrip("%")))
    return found


def numeric_match(output: Any, expected: Any, rel_tol: float = 1e-6, abs_tol: float = 1e-9,
                  pick: str = "last") -> float:
    """1.0 when the output's ``pick`` (``"last"`` or ``"first"``) number is within tolerance of the expected number.

    The last number is the usual choice for worked answers ("... so the total is 42"); an output with no number
    scores 0.

    >>> numeric_match("16 nodes x 64 GB = 1,024 GB", 1024), numeric_match("about 1000", 1024, rel_tol=0.05)
    (1.0, 1.0)
    >>> numeric_match("no idea", 7)
    0.0
    """
    if pick not in {"first", "last"}:
        raise InvalidInputError(f"pick must be 'first' or 'last', not {pick!r}.")
    numbers = numbers_in(output)
    if not numbers:
        return 0.0
    value = numbers[-1] if pick == "last" else numbers[0]
    for ref in _references(expected):
        targets = [float(ref)] if isinstance(ref, (int, float)) else numbers_in(ref)[:1]
        if targets and abs(value - targets[0]) <= max(abs_tol, rel_tol * abs(targets[0])):
            return 1.0
    return 0.0


def semantic_similarity(output: Any, expected: Any, embeddings: Any = None) -> float:
    """Cosine similarity of MiniLM embeddings (the bundled model unless ``embeddings`` is given), best reference."""
    from labkit.embed import cosine_similarity, get_embeddings

    embeddings = embeddings or get_embeddings()
    refs = [str(r) for r in _references(expected)]
    vectors = embeddings.embed_documents([str(output), *refs])
    return round(float(cosine_similarity(vectors[:1], vectors[1:]).max()), 4)


METRICS: Registry[Metric] = Registry("metric")
METRICS.register("exact_match", exact_match)
METRICS.register("token_f1", token_f1)
METRICS.register("numeric", numeric_match)
METRICS.register("semantic", semantic_similarity)


@dataclass(frozen=True)
class RunScores:
    """Per-example scores, their means, and the means per stratum."""

    per_example: list[dict[str, Any]]
    summary: dict[str, float]
    by_stratum: dict[str, dict[str, float]]


def _mean(values: Sequence[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


def score_run(examples: Sequence[Any], outputs: Mapping[str, Any], metrics: Sequence[str] = ("exact_match",
              "token_f1")) -> RunScores:
    """Score ``outputs`` (``{example id: output}``) against each example's ``expected`` with the named metrics.

    A missing output scores 0 on every metric (a crash is a wrong answer, not a skipped one).

    >>> from labkit.evaluation.datasets import Example
    >>> run = score_run([Example("a", "q", "Paris", "city"), Example("b", "q", "42", "number")], {"a": "paris"})
    >>> run.summary, run.by_stratum["city"]
    ({'exact_match': 0.5, 'token_f1': 0.5}, {'exact_match': 1.0, 'token_f1': 1.0})
    """
    if not examples:
        raise InvalidInputError("No examples to score: pass the evaluation set's examples.")
    chosen = [(name, METRICS.get(name)) for name in metrics]
    rows = []
    for e in examples:
        row: dict[str, Any] = {"id": e.id, "stratum": e.stratum, "output": outputs.get(e.id)}
        for name, metric in chosen:
            row[name] = 0.0 if e.id not in outputs else float(metric(outputs[e.id], e.expected))
        rows.append(row)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[str(row["stratum"])].append(row)
    summary = {name: _mean([r[name] for r in rows]) for name, _ in chosen}
    by_stratum = {s: {name: _mean([r[name] for r in members]) for name, _ in chosen} for s, members in groups.items()}
    return RunScores(rows, summary, by_stratum)
