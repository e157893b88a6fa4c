"""Make a small model fast on a CPU: half-size weights, weights laid out once for the matrix kernel, one thread.

The one idea: generating a token runs the whole model for *one* position, so each weight is used for a single
multiply-add per generated token. The CPU spends its time fetching weights from memory, not computing: Gemma 3 270M
reads its 262,144-word output layer (168M numbers) and its 18 layers (88M) for every token. Three changes follow:

* **bfloat16 weights** (:data:`DTYPE`): half the bytes of float32, and bfloat16 keeps float32's range (it drops
  mantissa bits, not exponent bits), so no value overflows. Log-probabilities move by a few hundredths of a nat
  (measured in ``benchmarks/README.md``: mean 0.04, no label decision changed on the bundled eval set).
* **pre-packed weights** (:class:`PackedLinear`): oneDNN, the CPU matrix library inside torch, rearranges a weight
  matrix into the blocked layout its kernel reads on every call; doing that once at load instead of on every call
  makes the output layer about twice as fast.
* **one thread** (:func:`torch_threads`): a one-token step is hundreds of tiny operations, and with two threads each
  one ends by waiting for the other thread. When other programs share the cores that wait is often a whole scheduler
  time slice, and one thread was 2-5x faster than two (measured at load average 5-10 on two cores).

What it leaves out: int8 weights (fbgemm's dynamic quantisation made generation faster still, but moved
log-probabilities by 0.5 nat and flipped 10 of 120 eval decisions, and packing its output layer took 4 s per load),
``torch.compile`` (minutes of compiling on two cores) and GPUs.
"""

from __future__ import annotations

import contextlib
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
