"""Evaluation sets and their splits: examples with ids, and a test split that never moves.

An evaluation set is a list of :class:`Example`\\ s: an ``id``, the ``input`` given to the system, the ``expected``
output (or ``None`` when a judge decides), an optional ``stratum`` (the kind of example: a topic, a difficulty, an
error type) and free ``meta`` data such as a retrieved context.

The one idea: the split is a function of the example's id, not of a random draw or of the list's order.
:func:`hash_split` puts an example in the test split when a salted SHA-256 of its id falls below the test fraction,
so adding, removing or reordering other examples never moves it, and a number measured on the test split last
month is still measured on the same examples today. :func:`stratified_split` does the same inside each stratum, so a
rare kind of example cannot end up all in train (or all in test) by chance. Tuning happens on train; the test split
is looked at only to report.

:func:`leaks` finds the classic mistake that makes a test score too good: the same input (after normalising case,
punctuation and spacing) in both splits.

Left out: near-duplicate detection by meaning (embed inputs and compare, as :mod:`labkit.rag.rerank` does) and
k-fold cross-validation; a held-out split written before tuning is what labkit's own measurements use.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labkit.errors import InvalidInputError


@dataclass(frozen=True)
class Example:
    """One evaluation example; ``meta`` holds anything else a metric or a judge needs (a context, a rubric)."""

    id: str
    input: Any
    expected: Any = None
    stratum: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Split:
    """The train and test examples of one split, in their original order."""

    train: list[Example]
    test: list[Example]

    def sizes(self) -> dict[str, int]:
        return {"train": len(self.train), "test": len(self.test)}


def hash_fraction(example_id: str, salt: str = "labkit") -> float:
    """Where the id falls in [0, 1): the first 8 bytes of ``sha256(salt + ":" + id)`` as a fraction.

    >>> round(hash_fraction("q-001"), 4) == round(hash_fraction("q-001"), 4)
    True
    >>> 0 <= hash_fraction("anything") < 1
    True
    """
    digest = hashlib.sha256(f"{salt}:{example_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _check_fraction(test_fraction: float) -> None:
    if not 0 < test_fraction < 1:
        raise InvalidInputError(f"test_fraction must be between 0 and 1 (exclusive), not {test_fraction!r}.")


def _check_ids(examples: Sequence[Example]) -> None:
    seen: set[str] = set()
    for e in examples:
        if not isinstance(e, Example):
            raise InvalidInputError(f"Expected Example objects, got {type(e).__name__}; build them with "
                                    "Example(id=..., input=...) or EvalSet.from_records(...).")
        if e.id in seen:
            raise InvalidInputError(f"Example id {e.id!r} appears twice: ids must be unique, the split depends "
                                    "on them.")
        seen.add(e.id)


def hash_split(examples: Sequence[Example], test_fraction: float = 0.2, salt: str = "labkit") -> Split:
    """Test = the examples whose :func:`hash_fraction` is below ``test_fraction``; stable under additions.

    >>> examples = [Example(f"q{i}", f"question {i}") for i in range(1000)]
    >>> split = hash_split(examples, 0.2)
    >>> 150 < len(split.test) < 250
    True
    >>> bigger = hash_split(examples + [Example("new", "a new question")], 0.2)
    >>> {e.id for e in split.test} <= {e.id for e in bigger.test}
    True
    """
    _check_fraction(test_fraction)
    _check_ids(examples)
    test = [e for e in examples if hash_fraction(e.id, salt) < test_fraction]
    ids = {e.id for e in test}
    return Split([e for e in examples if e.id not in ids], test)


def stratified_split(examples: Sequence[Example], test_fraction: float = 0.2, salt: str = "labkit") -> Split:
    """In every stratum, the ``round(n * test_fraction)`` examples with the lowest hash go to test (at least one
    when the stratum has two or more examples), so each kind of example is represented on both sides.

    >>> examples = [Example(f"e{i}", i, stratum="rare" if i < 4 else "common") for i in range(40)]
    >>> split = stratified_split(examples, 0.25)
    >>> sorted((e.stratum for e in split.test)).count("rare"), len(split.test)
    (1, 10)
    """
    _check_fraction(test_fraction)
    _check_ids(examples)
    by_stratum: dict[str | None, list[Example]] = defaultdict(list)
    for e in examples:
        by_stratum[e.stratum].append(e)
    ids: set[str] = set()
    for members in by_stratum.values():
        want = round(len(members) * test_fraction)
        if len(members) >= 2:
            want = min(max(want, 1), len(members) - 1)
        ranked = sorted(members, key=lambda e: hash_fraction(e.id, salt))
        ids.update(e.id for e in ranked[:want])
    return Split([e for e in examples if e.id not in ids], [e for e in examples if e.id in ids])


def normalise_input(value: Any) -> str:
    """The input as compared for leaks: lower case, letters and digits only, single spaces.

    >>> normalise_input("  What is the  refund window? ")
    'what is the refund window'
    """
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    kept = "".join(ch if ch.isalnum() else " " for ch in text.lower())
    return " ".join(kept.split())


def leaks(split: Split) -> list[str]:
    """Ids of test examples whose normalised input also appears in train (a test score on them is memory).

    >>> leaks(Split([Example("a", "Refund window?")], [Example("b", "refund  window"), Example("c", "Opening hours?")]))
    ['b']
    """
    seen = {normalise_input(e.input) for e in split.train}
    return [e.id for e in split.test if normalise_input(e.input) in seen]


@dataclass
class EvalSet:
    """A named list of examples with unique ids; build one with :meth:`from_records` or :meth:`load`."""

    name: str
    examples: list[Example]

    def __post_init__(self) -> None:
        _check_ids(self.examples)

    def __len__(self) -> int:
        return len(self.examples)

    def __iter__(self):
        return iter(self.examples)

    @classmethod
    def from_records(cls, name: str, records: Iterable[Mapping[str, Any]], *, input_key: str = "input",
                     expected_key: str = "expected", stratum_key: str | None = None) -> EvalSet:
        """Examples from dicts: ``id`` and ``input_key`` are required; every other key goes to ``meta``."""
        examples = []
        for n, record in enumerate(records):
            if "id" not in record or input_key not in record:
                raise InvalidInputError(f"Record {n} of {name!r} lacks 'id' or {input_key!r}: every example "
                                        "needs both.")
            meta = {k: v for k, v in record.items() if k not in {"id", input_key, expected_key, stratum_key}}
            examples.append(Example(str(record["id"]), record[input_key], record.get(expected_key),
                                    record.get(stratum_key) if stratum_key else None, meta))
        return cls(name, examples)

    @classmethod
    def load(cls, path: str | Path, **keys: Any) -> EvalSet:
        """Read a ``.jsonl`` file (one record a line) or a ``.json`` file (a list, or ``{"items": [...]}``)."""
        path = Path(path)
        if not path.is_file():
            raise InvalidInputError(f"No evaluation set at {path}; pass a .json or .jsonl file of records.")
        text = path.read_text(encoding="utf-8")
        try:
            if path.suffix == ".jsonl":
                records = [json.loads(line) for line in text.splitlines() if line.strip()]
            else:
                data = json.loads(text)
                records = data["items"] if isinstance(data, dict) else data
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InvalidInputError(f"{path} is not an evaluation set ({exc}); write a JSON list of records or "
                                    "JSON lines, each with an 'id'.") from None
        return cls.from_records(path.stem, records, **keys)

    def split(self, test_fraction: float = 0.2, *, stratified: bool = False, salt: str = "labkit") -> Split:
        """:func:`stratified_split` when ``stratified`` (examples need a stratum), else :func:`hash_split`."""
        return (stratified_split if stratified else hash_split)(self.examples, test_fraction, salt)
