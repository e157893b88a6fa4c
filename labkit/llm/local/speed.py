"""Make a small model fast on a CPU: half-size weights, weights laid out once for the matrix kernel, measured threads.

The one idea: generating a token runs the whole model for *one* position, so each weight is used for a single
multiply-add per generated token. The CPU spends its time fetching weights from memory, not computing: Gemma 3 270M
reads its 262,144-word output layer (168M numbers) and its 18 layers (88M) for every token. Three changes follow:

* **bfloat16 weights** (:data:`DTYPE`): half the bytes of float32, and bfloat16 keeps float32's range (it drops
  mantissa bits, not exponent bits), so no value overflows. Log-probabilities move by a few hundredths of a nat
  (measured in ``benchmarks/README.md``: mean 0.04, no label decision changed on the bundled eval set).
* **pre-packed weights** (:class:`PackedLinear`): oneDNN, the CPU matrix library inside torch, rearranges a weight
  matrix into the blocked layout its kernel reads on every call; doing that once at load instead of on every call
  makes the output layer about twice as fast.
* **threads chosen by measurement** (:class:`ThreadChooser`): a one-token step is hundreds of tiny operations, and
  with two threads each one ends by waiting for the other. On a quiet two-core machine two threads are faster (27.8
  against 17.3 tokens/s); when other programs share the cores that wait is often a whole scheduler time slice and one
  thread was 2-5x faster than two (load average 5-10). No fixed choice is right, so the engine times its own steps
  with each count and keeps the faster, trying the other now and then. The count changes speed only: the matrix
  kernels split work by output column, so the numbers are bit-identical with one thread or two (a test checks it).

What it leaves out: int8 weights (fbgemm's dynamic quantisation made generation faster still, but moved
log-probabilities by 0.5 nat and flipped 10 of 120 eval decisions, and packing its output layer took 4 s per load),
``torch.compile`` (minutes of compiling on two cores) and GPUs.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import torch  # this module is imported only when a model loads (by the runtime), never by ``import labkit``

DTYPE = torch.bfloat16  # the dtype the cached weights are stored and run in


def packing_supported() -> bool:
    """Whether this torch build can pre-pack bfloat16 weights (oneDNN with bfloat16 support: x86 and most ARM)."""
    return torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported()


class PackedLinear(torch.nn.Module):
    """A bias-free linear layer for inference whose bfloat16 weight oneDNN has laid out once for its kernel.

    The packed weight is a plain attribute, not a parameter: only oneDNN can read its layout, so nothing should save,
    move or train it.
    """

    def __init__(self, weight: torch.Tensor):
        super().__init__()
        self.out_features, self.in_features = weight.shape
        self.packed = torch.ops.mkldnn._reorder_linear_weight(weight.detach().to(DTYPE), 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.ops.mkldnn._linear_pointwise(x.to(DTYPE), self.packed, None, "none", [], "")


def pack_linears(model: torch.nn.Module) -> int:
    """Replace every bias-free ``nn.Linear`` in ``model`` with a :class:`PackedLinear`; return how many were packed.

    In place, for a model used for inference only. A weight shared with another module (the output layer tied to the
    input embedding) is copied into the packed layout; the embedding keeps the original.
    """
    slots = [(parent, name, child) for parent in model.modules() for name, child in parent.named_children()
             if isinstance(child, torch.nn.Linear) and child.bias is None]
    for parent, name, linear in slots:
        setattr(parent, name, PackedLinear(linear.weight))
    return len(slots)


@contextlib.contextmanager
def torch_threads(count: int | None) -> Iterator[None]:
    """Run the block with ``count`` torch threads (``None``: leave the setting alone), then restore the old count."""
    before = torch.get_num_threads()
    if count is None or count == before:
        yield
        return
    torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(before)


class ThreadChooser:
    """Choose how many torch threads the next step uses, by timing the steps already taken with each count.

    It keeps a moving average of seconds per step for each candidate count. It first gives every count a short run
    of steps; after that it uses the fastest, and now and then gives another count a short run (a probe), so that
    when the machine gets busier or quieter the choice follows. Two details make the timings fair:

    * the first step after a change of count is not timed: torch's worker threads have gone to sleep and waking them
      costs more than the step, so a one-step probe would always find "more threads" slow;
    * probes cost what the slow count costs: on a busy two-core machine a step with two threads took ten times as
      long as with one. So the wait between probes is sized to keep their extra time near ``probe_budget`` of the
      total (a probe of a count 10x slower waits hundreds of steps, one 1.6x slower a few dozen), a probe that
      confirms the choice doubles the wait (up to ``max_probe_every`` steps), and a change of the fastest count
      starts the short interval again.

    Timing the engine's own steps is what makes this work on a shared machine, where the load average says little
    about the next 50 milliseconds.
    """

    def __init__(self, counts: tuple[int, ...] | None = None, *, run_length: int = 3, probe_every: int = 16,
                 max_probe_every: int = 1024, probe_budget: float = 0.1, smoothing: float = 0.3):
        cores = os.cpu_count() or 1
        self.counts = counts or tuple(sorted({1, cores}))
        self.run_length, self.smoothing = run_length, smoothing
        self.probe_every, self.max_probe_every, self.probe_budget = probe_every, max_probe_every, probe_budget
        self.interval = probe_every  # steps between probes now
        self.seconds: dict[int, float] = {}  # moving average of seconds per step, per count
        self.since_probe = 0
        self.probes = 0
        self._run: list[int] = []  # counts still to use for a warm-up or probe run
        self._best: int | None = None
        self._previous: int | None = None  # the count of the step recorded last

    def choose(self) -> int:
        """The thread count for the next step."""
        if not self._run:
            self._plan()
        if self._run:
            return self._run.pop()
        return self._best

    def _plan(self) -> None:
        untimed = [count for count in self.counts if count not in self.seconds]
        if untimed:
            self._run = [untimed[0]] * self.run_length
            return
        best = self.preferred
        if best != self._best:  # the fastest count changed (or was just found): probe often again
            self._best, self.interval, self.since_probe = best, self.probe_every, 0
        self.since_probe += 1
        others = [count for count in self.counts if count != best]
        if others and self.since_probe >= self.interval:
            probe = others[self.probes % len(others)]
            slowdown = self.seconds[probe] / self.seconds[best] - 1  # extra time per probe step, in steps
            affordable = self.run_length * slowdown / self.probe_budget
            self.since_probe, self.probes = 0, self.probes + 1
            self.interval = int(min(max(self.interval * 2, affordable), self.max_probe_every))
            self._run = [probe] * self.run_length

    def record(self, count: int, seconds: float) -> None:
        """Report that a step with ``count`` threads took ``seconds`` (ignored for the first step after a change)."""
        changed, self._previous = count != self._previous, count
        if changed:
            return
        before = self.seconds.get(count)
        self.seconds[count] = seconds if before is None else before + self.smoothing * (seconds - before)

    @property
    def preferred(self) -> int:
        """The count that is fastest so far (the largest before anything was timed: a prompt is one big step)."""
        if not self.seconds:
            return max(self.counts)
        return min(self.seconds, key=lambda count: self.seconds[count])
