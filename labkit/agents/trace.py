"""The trace: what an agent did, step by step, as a table you can read.

The one idea: an agent you cannot inspect is an agent you cannot debug. Every step records its input, output,
status, number of attempts, the recovery strategy used, the tokens it cost and how long it took. The trace turns
into a pandas table for notebooks; durations vary run to run, so :meth:`Trace.to_frame` can leave them out.

What it leaves out: spans and exporters (see :mod:`labkit.production`'s telemetry for OpenTelemetry tracing).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

STATUSES = ("passed", "failed", "error", "timeout", "skipped")


@dataclass
class StepRecord:
    """One executed (or skipped) step."""

    step: str
    kind: str
    input: str
    output: str = ""
    status: str = "passed"
    attempts: int = 0
    strategy: str = ""
    tokens: int = 0
    seconds: float = 0.0
    note: str = ""
    phase: int = 0


@dataclass
class Trace:
    """Step records in execution order, with totals."""

    records: list[StepRecord] = field(default_factory=list)

    def add(self, record: StepRecord) -> StepRecord:
        self.records.append(record)
        return record

    @property
    def tokens(self) -> int:
        return sum(r.tokens for r in self.records)

    @property
    def seconds(self) -> float:
        return sum(r.seconds for r in self.records)

    def statuses(self) -> dict[str, str]:
        """The last status of each step, e.g. ``{"s1": "passed", "s2": "skipped"}``."""
        return {r.step: r.status for r in self.records}

    def to_frame(self, durations: bool = True, width: int = 60) -> Any:
        """A pandas DataFrame, one row per record; long texts are cut to ``width`` characters."""
        import pandas as pd

        def cut(text: str) -> str:
            text = " ".join(str(text).split())
            return text if len(text) <= width else text[: width - 1] + "…"

        rows = []
        for r in self.records:
            row = asdict(r)
            row["input"], row["output"], row["note"] = cut(r.input), cut(r.output), cut(r.note)
            if not durations:
                row.pop("seconds")
            rows.append(row)
        return pd.DataFrame(rows)
