"""Evaluation runs that say what produced them: the prompt version, and the dataset they were measured on.

A metric without its provenance cannot be compared. "Exact match went from 0.82 to 0.74" means something only when
both numbers come from the same examples, and it is actionable only when you know which prompt text produced each.
A :class:`RunRecord` keeps the metrics together with the prompt's ``name@version`` and content hash
(:mod:`.prompts`) and the dataset's name and fingerprint (a hash of its ids, inputs and expected answers, so an
edited example changes it even when the file name stays). :func:`gate_run` is the regression gate of :mod:`.gate`
on records: it refuses to compare runs over different datasets, refuses a prompt whose text changed under the same
version, and reports both prompt versions beside the metrics.

The record is plain JSON (:meth:`RunRecord.to_dict`), the shape ``labkit eval-gate`` reads as its run file;
:func:`labkit.evaluation.save_baseline` with ``run=`` keeps the provenance in the baseline too.

>>> record = RunRecord({"exact_match": 0.8}, "faq@1.0.0", "6c7b0afed3fe", "faq", "a1b2c3d4e5f6")
>>> record.dataset_ref
'faq#a1b2c3d4e5f6'

Left out: storing a history of runs (append the records to a JSON-lines file, or use an experiment tracker) and the
model's own version, which a real record should carry too (the offline model has one fixed behaviour per release).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from labkit.errors import DatasetMismatchError, InvalidInputError, PromptVersionError

_KEYS = ("prompt", "prompt_hash", "dataset", "dataset_hash")


def dataset_fingerprint(examples: Any) -> str:
    """12 hex digits of SHA-256 over the examples' ids, inputs and expected answers, in id order (so reordering the
    file keeps it, editing an example changes it). Takes an :class:`~labkit.evaluation.EvalSet` or examples.

    >>> from labkit.evaluation.datasets import Example
    >>> a = dataset_fingerprint([Example("q1", "2+2?", "4"), Example("q2", "3+3?", "6")])
    >>> a == dataset_fingerprint([Example("q2", "3+3?", "6"), Example("q1", "2+2?", "4")])
    True
    >>> a == dataset_fingerprint([Example("q1", "2+2?", "4"), Example("q2", "3+3?", "7")])
    False
    """
    rows = sorted([str(e.id), e.input, e.expected] for e in getattr(examples, "examples", examples))
    if not rows:
        raise InvalidInputError("An empty dataset has no fingerprint; a run needs at least one example.")
    payload = json.dumps(rows, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class RunRecord:
    """A run's metrics with the prompt version and the dataset that produced them."""

    metrics: Mapping[str, float]
    prompt: str
    prompt_hash: str
    dataset: str
    dataset_hash: str
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.metrics, Mapping) or not self.metrics:
            raise InvalidInputError("A run record needs its metrics: {'exact_match': 0.8, ...}.")
        for key in _KEYS:
            if not isinstance(getattr(self, key), str) or not getattr(self, key):
                raise InvalidInputError(f"A run record needs {key!r} (one of {list(_KEYS)}); got "
                                        f"{getattr(self, key)!r}.")
        object.__setattr__(self, "metrics", dict(self.metrics))

    @property
    def dataset_ref(self) -> str:
        return f"{self.dataset}#{self.dataset_hash}"

    def provenance(self) -> dict[str, str]:
        return {key: getattr(self, key) for key in _KEYS}

    def to_dict(self) -> dict[str, Any]:
        return {"metrics": dict(self.metrics), **self.provenance(), **({"extra": dict(self.extra)} if self.extra
                                                                      else {})}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RunRecord:
        """Read a record back (what :meth:`to_dict` wrote); a clear error names a missing key."""
        if not isinstance(data, Mapping):
            raise InvalidInputError(f"A run record is a JSON object, got {type(data).__name__}.")
        missing = [k for k in ("metrics", *_KEYS) if k not in data]
        if missing:
            raise InvalidInputError(f"The run record lacks {missing}; record runs with record_run(metrics, prompt, "
                                    "dataset).")
        return cls(data["metrics"], *(data[k] for k in _KEYS), data.get("extra", {}))


def is_record(data: Any) -> bool:
    """Whether a JSON document is a run record (metrics plus provenance) rather than bare metrics."""
    return isinstance(data, Mapping) and "metrics" in data and all(k in data for k in _KEYS)


def record_run(metrics: Mapping[str, float], prompt: Any, dataset: Any, **extra: Any) -> RunRecord:
    """The record of a run: ``prompt`` is a :class:`~labkit.evaluation.prompts.PromptVersion` (its ref and content
    hash are taken, and a version whose text no longer matches its file is refused), ``dataset`` an
    :class:`~labkit.evaluation.EvalSet`."""
    from labkit.evaluation.prompts import PromptVersion

    if not isinstance(prompt, PromptVersion):
        raise InvalidInputError("record_run needs the PromptVersion that produced the run "
                                "(store.get('name@version')), so the run says which text it measured.")
    if not prompt.intact:
        raise PromptVersionError(f"{prompt.ref} was edited without a version bump (text {prompt.content_hash}, file "
                                 f"{prompt.recorded_hash}); bump its version before recording runs with it.",
                                 prompt.ref, "hash_mismatch")
    name = getattr(dataset, "name", None)
    if not isinstance(name, str):
        raise InvalidInputError("record_run needs the EvalSet the run was measured on (it has a name and examples).")
    return RunRecord(dict(metrics), prompt.ref, prompt.content_hash, name, dataset_fingerprint(dataset), extra)


def check_comparable(run: RunRecord, baseline: Mapping[str, Any]) -> None:
    """Refuse a comparison that means nothing: another dataset, or the same prompt version with another text."""
    if baseline.get("dataset_hash") != run.dataset_hash:
        theirs = f"{baseline.get('dataset')}#{baseline.get('dataset_hash')}"
        raise DatasetMismatchError(f"The run was measured on {run.dataset_ref} but the baseline on {theirs}; "
                                   "metrics from different datasets cannot be compared: re-run the baseline prompt "
                                   "on this dataset (or the new prompt on the baseline's).", run.dataset_ref, theirs)
    if baseline.get("prompt") == run.prompt and baseline.get("prompt_hash") != run.prompt_hash:
        raise PromptVersionError(f"{run.prompt} has text {run.prompt_hash} in this run but "
                                 f"{baseline.get('prompt_hash')} in the baseline: the prompt changed without a "
                                 "version bump.", run.prompt, "hash_mismatch")


def gate_run(run: RunRecord | Mapping[str, Any], baseline: Mapping[str, Any], default_tolerance: float = 0.0) -> Any:
    """The regression gate on a run record: the baseline must carry the run it came from (``"run"``, written by
    ``save_baseline(..., run=record)``); datasets must match; the result names both prompt versions."""
    from labkit.evaluation.gate import compare_to_baseline

    run = run if isinstance(run, RunRecord) else RunRecord.from_dict(run)
    origin = baseline.get("run") if isinstance(baseline, Mapping) else None
    if not is_record({"metrics": {}, **origin} if isinstance(origin, Mapping) else None):
        raise InvalidInputError("The baseline does not say which prompt and dataset produced it; save it with "
                                "save_baseline(metrics, path, run=record) or `labkit eval-gate RUN --baseline FILE "
                                "--update` on a run record.")
    check_comparable(run, origin)
    result = compare_to_baseline(run.metrics, baseline, default_tolerance)
    return result.with_prompts(run.prompt, origin["prompt"], run.dataset_ref)
