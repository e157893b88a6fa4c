"""The bundled local model (local:gemma-3-270m): factory, options, stops, seeds, streaming, scores and usage.

The model loads once per process (about 5 s once its weights are cached); every generation here is a few tokens.
Without the ``local`` extra the model tests skip with the reason shown; the factory's error is tested either way.
"""

from __future__ import annotations

import importlib.util
import json

import pytest
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

from labkit.errors import ConfigurationError, InvalidInputError, MissingDependencyError
from labkit.llm import available_models, get_model
from labkit.llm.local.catalogue import GEMMA_3_270M, missing_package

SPEC = "local:gemma-3-270m"
needs_model = pytest.mark.skipif(missing_package(GEMMA_3_270M) is not None,
                                 reason="the local model needs: pip install 'labkit[local]'")


@pytest.fixture(scope="module")
def engine():
    from labkit.llm.local.runtime import load_engine

    return load_engine(GEMMA_3_270M.name)


def test_missing_package_names_the_extra(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "gguf" else real(name, *a))
    with pytest.raises(MissingDependencyError) as info:
        get_model(SPEC)
    assert info.value.extra == "local" and "labkit[local]" in str(info.value)


@pytest.mark.parametrize("spec", ["local", "local:gpt-5", "local:gemma-3-270m-it"])
def test_unknown_local_models_are_configuration_errors(spec):
    with pytest.raises(ConfigurationError, match="local:gemma-3-270m"):
        get_model(spec)


def test_models_listing_gives_size_and_licence():
    row = next(r for r in available_models() if r["spec"] == SPEC)
    assert row["extra"] == "local" and "268M" in row["size"] and row["licence"] == "Gemma Terms of Use"
    if row["installed"]:
        assert row["licence_file"].endswith("GEMMA_TERMS.html")


@needs_model
def test_factory_and_environment_give_a_chat_model(monkeypatch):
    monkeypatch.setenv("LABKIT_MODEL", SPEC)
    model = get_model(max_tokens=4)
    assert isinstance(model, BaseChatModel) and model.model == "gemma-3-270m"


@needs_model
@pytest.mark.parametrize("options", [{"temperature": 3.0}, {"top_p": 0.0}, {"max_tokens": 0}, {"beam": 4}])
def test_bad_options_are_rejected(options):
    with pytest.raises(ConfigurationError):
        get_model(SPEC, **options)


@needs_model
def test_unknown_call_option_is_a_clear_error():
    with pytest.raises(InvalidInputError, match="Unknown option"):
        get_model(SPEC).invoke("Hello", beam=4)


@needs_model
def test_greedy_is_repeatable_and_usage_counts_tokens(engine):
    model = get_model(SPEC, max_tokens=5)
    first, second = model.invoke("The capital of France is"), model.invoke("The capital of France is")
    assert first.content == second.content and first.content.strip()
    usage = first.usage_metadata
    assert usage["input_tokens"] == len(engine.encode("The capital of France is"))
    assert usage["output_tokens"] == 5 and usage["total_tokens"] == usage["input_tokens"] + 5
    assert first.response_metadata["finish_reason"] == "length"


@needs_model
def test_stop_sequences_cut_the_text():
    model = get_model(SPEC, max_tokens=8)
    free = model.invoke("1, 2, 3, 4,").content
    stopped = model.invoke("1, 2, 3, 4,", stop=[","])
    assert "," in free and "," not in stopped.content and free.startswith(stopped.content)
    assert stopped.response_metadata["finish_reason"] == "stop"


@needs_model
def test_transcript_rendering_stops_before_the_next_user_turn():
    reply = get_model(SPEC, max_tokens=24).invoke(
        [SystemMessage("A short conversation."), HumanMessage("Hi"), AIMessage("Hello."), HumanMessage("How are you?")])
    assert "User:" not in reply.content


@needs_model
def test_seeds_make_samples_reproducible():
    model = get_model(SPEC, temperature=1.0, max_tokens=6)
    prompt = "My favourite animal is the"
    assert model.invoke(prompt, seed=7).content == model.invoke(prompt, seed=7).content
    assert len({model.invoke(prompt, seed=s).content for s in range(4)}) > 1


@needs_model
def test_tiny_top_p_keeps_only_the_most_likely_token():
    prompt = "The capital of France is"
    greedy = get_model(SPEC, max_tokens=4).invoke(prompt).content
    assert get_model(SPEC, temperature=1.5, top_p=0.01, max_tokens=4).invoke(prompt, seed=3).content == greedy


@needs_model
def test_streaming_yields_the_same_text_in_pieces():
    model = get_model(SPEC, max_tokens=6)
    chunks = list(model.stream("One, two, three,"))
    assert sum(bool(c.content) for c in chunks) > 1
    assert "".join(c.content for c in chunks) == model.invoke("One, two, three,").content
    assert sum(chunks[1:], chunks[0]).usage_metadata["output_tokens"] == 6  # chunks add up to the whole message


@needs_model
def test_likely_continuations_score_higher(engine):
    from labkit.llm.local import classify, continuation_logprob

    likely = continuation_logprob("The capital of France is", " Paris")
    assert likely < 0 and likely > continuation_logprob("The capital of France is", " banana") + 5
    scored = classify("Review: Dreadful, a waste of money.\nSentiment:", [" positive", " negative"])
    assert scored.label == " negative" and abs(sum(scored.probabilities.values()) - 1) < 1e-9


@needs_model
def test_constrained_choice_returns_an_option():
    from labkit.llm.local import choose

    assert choose("Two plus two equals", [" four", " fourteen", " seven"]) in {" four", " fourteen", " seven"}
    with pytest.raises(InvalidInputError):
        choose("Anything", [])


@needs_model
def test_the_cache_is_stored_in_the_format_it_runs_in_and_reused(engine, monkeypatch):
    from labkit.llm.local import runtime

    folder = runtime.cache_dir(GEMMA_3_270M)
    assert json.loads((folder / "labkit-source.json").read_text())["format"] == "bfloat16"
    monkeypatch.setattr(runtime, "_convert", lambda *a: pytest.fail("a current cache must not be converted again"))
    assert runtime.ensure_weights(GEMMA_3_270M) == folder


def test_a_cache_in_another_format_is_rebuilt(tmp_path, monkeypatch):
    from labkit.llm.local import runtime

    monkeypatch.setenv("LABKIT_MODEL_CACHE", str(tmp_path))
    monkeypatch.setattr(runtime, "require", lambda model: None)
    old = tmp_path / GEMMA_3_270M.name
    old.mkdir()
    (old / "labkit-source.json").write_text('{"sha256": "x"}')  # written before the format was recorded: float32
    rebuilt = []
    monkeypatch.setattr(runtime, "_convert", lambda model, target: rebuilt.append(target))
    runtime.ensure_weights(GEMMA_3_270M)
    assert rebuilt == [old]


@needs_model
def test_linear_layers_run_packed_in_bfloat16_and_match_float32(engine):
    import torch

    from labkit.llm.local.speed import PackedLinear, packing_supported

    if not packing_supported():
        pytest.skip("this torch build has no oneDNN bfloat16")
    assert engine.packed_layers == 18 * 7 + 1  # every projection of the 18 layers, and the output layer
    weight = torch.randn(96, 64)
    x = torch.randn(3, 64)
    packed = PackedLinear(weight)(x).float()
    assert packed.shape == (3, 96) and torch.allclose(packed, x @ weight.T, rtol=0.05, atol=0.2)


@needs_model
def test_the_forward_pass_runs_on_its_own_thread_count_and_restores_the_callers(engine):
    import torch

    before = torch.get_num_threads()
    seen = []
    real = engine.model.forward
    engine.model.forward = lambda *a, **k: seen.append(torch.get_num_threads()) or real(*a, **k)
    engine.threads = 1
    try:
        engine.next_token_logprobs("Hello")
    finally:
        del engine.model.forward
        engine.threads = "auto"
    assert seen == [1] and torch.get_num_threads() == before


@needs_model
def test_the_thread_count_changes_speed_never_the_numbers(engine):
    """One thread or two give bit-identical log-probabilities, so "auto" may switch between them mid-generation."""
    import torch

    prompt = "The capital of Norway is"
    scores = {}
    for count in (1, 2):
        engine.threads = count
        try:
            scores[count] = engine.next_token_logprobs(prompt)
        finally:
            engine.threads = "auto"
    assert torch.equal(scores[1], scores[2])


def test_the_thread_chooser_tries_each_count_then_keeps_the_faster_and_probes_less_while_it_holds():
    from labkit.llm.local.speed import ThreadChooser

    chooser = ThreadChooser((1, 2), run_length=3, probe_every=8, max_probe_every=64, probe_budget=1.0)
    step_seconds = {1: 0.05, 2: 0.03}

    def step(picked, wake_up=0.5):
        count = chooser.choose()
        switched = bool(picked) and picked[-1] != count
        chooser.record(count, step_seconds[count] + (wake_up if switched else 0.0))  # a woken pool is slow once
        picked.append(count)

    picked = []
    for _ in range(300):
        step(picked)
    assert picked[:6] == [1, 1, 1, 2, 2, 2]  # warm-up: a short run of each count
    assert chooser.preferred == 2  # the slow wake-up steps were not held against two threads
    probe_starts = [i for i in range(6, len(picked)) if picked[i] == 1 and picked[i - 1] == 2]
    gaps = [later - earlier for earlier, later in zip(probe_starts, probe_starts[1:])]
    assert gaps == sorted(gaps) and gaps[0] < gaps[-1] <= 64 + 3  # each confirming probe doubles the wait, capped
    step_seconds[2] = 0.2  # the machine got busy: two threads now wait on each other
    after = []
    for _ in range(100):
        step(after)
    assert chooser.preferred == 1 and after[-10:] == [1] * 10  # the choice followed
    assert chooser.interval == 64  # and probes of a count now 4x slower wait as long as the cap allows
    assert ThreadChooser((1, 2)).preferred == 2  # nothing timed yet: a prompt is one big step, use every core


@needs_model
def test_streamed_text_is_exactly_the_decoded_tokens(engine):
    prompt = engine.encode("Café menu in French, with accents and an emoji: crème brûlée 🍮,")
    for seed in range(3):
        samples = list(engine.sample(prompt, max_tokens=24, temperature=1.2, top_p=1.0, seed=seed))
        assert "".join(s.text for s in samples) == engine.decode([s.token_id for s in samples])


@needs_model
def test_a_seed_gives_the_same_tokens_in_a_fresh_engine(engine):
    from labkit.llm.local.runtime import Engine

    prompt = engine.encode("My favourite animal is the")
    first = [s.token_id for s in engine.sample(prompt, max_tokens=8, temperature=1.0, top_p=0.9, seed=11)]
    again = [s.token_id for s in Engine(GEMMA_3_270M).sample(prompt, max_tokens=8, temperature=1.0, top_p=0.9,
                                                               seed=11)]
    assert first == again


def test_detokenizer_matches_whole_decoding_and_waits_for_complete_characters():
    from labkit.llm.local.runtime import _Detokenizer

    pieces = {1: b" caf", 2: b"\xc3", 3: b"\xa9", 4: b" ok"}  # a byte-level vocabulary: token 2 + 3 spell an e-acute

    def decode(ids):
        return b"".join(pieces[i] for i in ids).decode("utf-8", errors="replace")

    text = _Detokenizer(decode)
    shown = [text.push(t) for t in (1, 2, 3, 4)]
    assert shown == [" caf", "", "é", " ok"] and "".join(shown) == decode([1, 2, 3, 4])
