"""Temperature sampling over scored candidates, reproducible with a seed.

A real model samples the next token from ``softmax(logits / temperature)``. The offline model samples whole
candidate answers the same way: every skill scores its candidates, and this module picks one. Temperature 0 is
argmax (greedy, deterministic); higher temperatures flatten the distribution so lower-scored candidates appear.

>>> rng = make_rng(seed=7, prompt="q", sample_index=0)
>>> choose([0.9, 0.5, 0.1], temperature=0.0, rng=rng)
0
"""

from __future__ import annotations

import hashlib
import math
import random

# Skill scores live in roughly [0, 1]; this scale turns a temperature of 1.0 into a usefully flat distribution.
SCORE_SCALE = 0.15


def make_rng(seed: int | None, prompt: str, sample_index: int) -> random.Random:
    """A generator keyed by (seed, prompt, how many times this prompt was sampled before).

    Keying on the prompt makes answers independent of the order in which unrelated prompts are sent (so async and
    batched calls reproduce), and the sample index makes repeated calls of one prompt differ.
    """
    if seed is None:
        return random.Random()
    digest = hashlib.sha256(f"{seed}\x00{sample_index}\x00{prompt}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def choose(scores: list[float], temperature: float, rng: random.Random) -> int:
    """Index of the chosen candidate: argmax at temperature 0, else a softmax draw."""
    if not scores:
        raise ValueError("choose() needs at least one candidate")
    if temperature <= 0:
        return max(range(len(scores)), key=lambda i: (scores[i], -i))
    t = temperature * SCORE_SCALE
    top = max(scores)
    weights = [math.exp((s - top) / t) for s in scores]
    return rng.choices(range(len(scores)), weights=weights, k=1)[0]


def slips(temperature: float, rng: random.Random, rate: float = 0.3) -> bool:
    """Whether a sampled reasoning step goes wrong: probability ``rate * temperature`` (capped at 0.6)."""
    return temperature > 0 and rng.random() < min(0.6, rate * temperature)
