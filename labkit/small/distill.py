"""Knowledge distillation, measured: a tiny student trained on a teacher's labels, judged on gold labels.

A teacher model is accurate but costs a model call per item. Distillation pays that cost once: the teacher labels a
*transfer set* of unlabelled texts, and a student far cheaper to run (here a logistic regression over sentence
vectors) learns to imitate those labels. The student never sees a gold label while it learns.

The one idea: report three numbers, never one. On a held-out set with gold labels,

* **teacher accuracy** and **student accuracy** say how right each is,
* **agreement** (fidelity) says how often the student copies the teacher.

High agreement with a wrong teacher is not accuracy: a student that agrees 100% with a 90% teacher is a 90% student.
Reporting agreement as if it were accuracy is the classic distillation mistake. Every rate carries its size and a
95% interval (:class:`~labkit.small.measure.Rate`), and the cost per item is counted in model calls and prompt
tokens, not in seconds, so it does not depend on the machine.

What it leaves out: soft labels (training on the teacher's probabilities with a temperature), which need a student
that takes targets as distributions; larger students; and any tuning of the student on the test set: its settings
are fixed defaults.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from labkit.errors import InvalidInputError
from labkit.small.measure import Rate

__all__ = ["DistillReport", "LogisticStudent", "MeteredTeacher", "hashed_bow", "load_transfer_reviews",
           "report_distillation"]


def load_transfer_reviews() -> dict[str, Any]:
    """The bundled transfer set: 80 reviews (``id``, ``text``, gold ``label``) and the ``labels``.

    A teacher labels their texts; their gold labels only say how noisy the teacher's labels were.
    """
    text = resources.files("labkit.small").joinpath("data/distill_reviews.json").read_text(encoding="utf-8")
    return json.loads(text)


_WORD = re.compile(r"[a-z0-9']+")


def hashed_bow(texts: Sequence[str], dim: int = 256) -> Any:
    """Bag-of-words vectors by feature hashing: each lower-cased word adds 1 to bucket ``crc32(word) % dim``, then
    every row is scaled to unit length. No vocabulary to store, the same vector on every machine.

    >>> v = hashed_bow(["Great great pies", ""], dim=8)
    >>> v.shape, round(float((v[0] ** 2).sum()), 6), float(v[1].sum())
    ((2, 8), 1.0, 0.0)
    """
    import numpy as np

    if isinstance(texts, str) or dim < 1:
        raise InvalidInputError("hashed_bow() takes a list of texts and dim >= 1; wrap a single text as [text].")
    out = np.zeros((len(texts), dim), dtype=np.float64)
    for row, text in enumerate(texts):
        for word in _WORD.findall(str(text).lower()):
            out[row, zlib.crc32(word.encode("utf-8")) % dim] += 1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1.0, norms)


class LogisticStudent:
    """A softmax (multinomial logistic) regression over fixed vectors, trained by full-batch gradient descent.

    Deliberately small: its parameters are one weight row per label plus a bias, so running it costs one
    matrix product, no model call. Training is deterministic (weights start at zero, a fixed number of steps), so the
    same labels always give the same student. The settings are fixed defaults, never tuned on a test set.

    >>> import numpy as np
    >>> x = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]])
    >>> LogisticStudent().fit(x, ["pos", "pos", "neg", "neg"]).predict(np.array([[0.8, 0.2], [0.2, 0.8]]))
    ['pos', 'neg']
    """

    def __init__(self, *, steps: int = 300, learning_rate: float = 2.0, l2: float = 1e-3):
        if steps < 1 or learning_rate <= 0 or l2 < 0:
            raise InvalidInputError("LogisticStudent needs steps >= 1, learning_rate > 0 and l2 >= 0.")
        self.steps, self.learning_rate, self.l2 = steps, learning_rate, l2
        self.labels: list[str] = []
        self.weights: Any = None
        self.bias: Any = None

    def fit(self, vectors: Any, labels: Sequence[str]) -> LogisticStudent:
        """Learn from ``vectors`` (n x d) and one label per row; returns ``self``."""
        import numpy as np

        x = np.asarray(vectors, dtype=np.float64)
        if x.ndim != 2 or len(x) != len(labels) or not len(labels):
            raise InvalidInputError(f"fit() needs an n x d array and n labels, got shape {x.shape} and "
                                    f"{len(labels)} label(s).")
        self.labels = sorted(set(labels))
        if len(self.labels) < 2:
            raise InvalidInputError(f"A student needs at least two labels to tell apart, got only {self.labels}.")
        index = {label: i for i, label in enumerate(self.labels)}
        targets = np.zeros((len(labels), len(self.labels)))
        targets[np.arange(len(labels)), [index[label] for label in labels]] = 1.0
        self.weights = np.zeros((x.shape[1], len(self.labels)))
        self.bias = np.zeros(len(self.labels))
        for _ in range(self.steps):
            error = self._probabilities(x) - targets          # the gradient of cross-entropy w.r.t. the logits
            self.weights -= self.learning_rate * (x.T @ error / len(x) + self.l2 * self.weights)
            self.bias -= self.learning_rate * error.mean(axis=0)
        return self

    def _probabilities(self, x: Any) -> Any:
        import numpy as np

        logits = x @ self.weights + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, vectors: Any) -> list[str]:
        """The most probable label for each row (ties go to the label first in sorted order)."""
        import numpy as np

        if self.weights is None:
            raise InvalidInputError("This student has not been trained: call fit(vectors, labels) first.")
        x = np.asarray(vectors, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != self.weights.shape[0]:
            raise InvalidInputError(f"predict() needs rows of width {self.weights.shape[0]}, got shape {x.shape}.")
        return [self.labels[i] for i in self._probabilities(x).argmax(axis=1)]


@dataclass
class MeteredTeacher:
    """Wrap a teacher (``text -> label``) so every call is counted, with the prompt tokens it cost.

    ``tokens_of(text)`` says how many prompt tokens one call sends (for example ``count_tokens`` of the full prompt);
    without it only calls are counted.

    >>> teacher = MeteredTeacher(lambda t: "positive" if "good" in t else "negative", tokens_of=len)
    >>> [teacher(t) for t in ("good", "bad!")], teacher.calls, teacher.tokens
    (['positive', 'negative'], 2, 8)
    """

    label_of: Callable[[str], str]
    tokens_of: Callable[[str], int] | None = None
    calls: int = field(default=0, init=False)
    tokens: int = field(default=0, init=False)

    def __call__(self, text: str) -> str:
        self.calls += 1
        if self.tokens_of is not None:
            self.tokens += int(self.tokens_of(text))
        return self.label_of(text)


@dataclass(frozen=True)
class DistillReport:
    """Teacher and student on the same gold-labelled test items: accuracy of each, their agreement, and the cost."""

    teacher: Rate
    student: Rate
    agreement: Rate
    teacher_calls_per_item: float
    student_calls_per_item: float = 0.0

    def __str__(self) -> str:
        return (f"teacher accuracy {self.teacher}\nstudent accuracy {self.student}\n"
                f"agreement        {self.agreement}\n"
                f"model calls per item: teacher {self.teacher_calls_per_item:g}, "
                f"student {self.student_calls_per_item:g}")


def report_distillation(teacher_labels: Sequence[str], student_labels: Sequence[str], gold: Sequence[str], *,
                        teacher_calls_per_item: float = 1.0, student_calls_per_item: float = 0.0) -> DistillReport:
    """Score a teacher and its student on the same test items against gold labels.

    Accuracy is always against ``gold``; agreement is student against teacher, whatever gold says.

    >>> r = report_distillation(["a", "a", "b", "b"], ["a", "a", "b", "a"], ["a", "b", "b", "a"])
    >>> r.teacher.successes, r.student.successes, r.agreement.successes
    (2, 3, 3)
    """
    if not (len(teacher_labels) == len(student_labels) == len(gold)) or not gold:
        raise InvalidInputError(f"Teacher, student and gold need one label per test item, got {len(teacher_labels)}, "
                                f"{len(student_labels)} and {len(gold)}.")
    return DistillReport(
        teacher=Rate.of([t == g for t, g in zip(teacher_labels, gold)]),
        student=Rate.of([s == g for s, g in zip(student_labels, gold)]),
        agreement=Rate.of([s == t for s, t in zip(student_labels, teacher_labels)]),
        teacher_calls_per_item=teacher_calls_per_item,
        student_calls_per_item=student_calls_per_item,
    )
