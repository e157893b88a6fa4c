"""Prompt compression: exact token limits (property-tested), required parts kept, low priority given up first."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labkit.errors import InvalidInputError, PromptTooLongError
from labkit.llm.tokens import count_tokens
from labkit.small.compression import CompressedPrompt, PromptPart, compress_prompt, compress_qa_prompt, shorten

WORDS = ["cat", "dog", "the", "river", "runs", "quickly", "unbelievable", "tokenisation", "v2.3", "42", "é", "naïve",
         "don't", "(x)", "[id]", "§", "a-b", "😀", "Question:", "Context:"]
sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(lambda ws: " ".join(ws) + ".")
paragraph = st.lists(sentence, min_size=0, max_size=6).map(" ".join)
noisy_text = st.one_of(paragraph, st.text(max_size=120))


@st.composite
def prompts(draw):
    n = draw(st.integers(1, 6))
    parts = []
    for i in range(n):
        parts.append(PromptPart(draw(noisy_text), name=f"p{i}", priority=draw(st.integers(-3, 3)),
                                required=draw(st.booleans()), compressible=draw(st.booleans())))
    return parts


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prompts(), st.integers(1, 120), st.sampled_from(["", "cat river", "v2.3 tokenisation"]))
def test_output_never_exceeds_the_limit_and_keeps_required_parts(parts, limit, query):
    required = "\n".join(p.text for p in parts if p.required and p.text)
    if count_tokens(required) > limit:
        with pytest.raises(PromptTooLongError) as info:
            compress_prompt(parts, limit, query=query)
        assert info.value.max_tokens == limit
        return
    fitted = compress_prompt(parts, limit, query=query)
    assert fitted.tokens == count_tokens(fitted.text) <= limit
    # Required parts survive verbatim and in their original order.
    position = 0
    for p in parts:
        if p.required and p.text:
            found = fitted.text.find(p.text, position)
            assert found >= 0, p.text
            position = found + len(p.text)
    # Every optional part is accounted for exactly once.
    optional = {p.name for p in parts if not p.required}
    outcome = [*fitted.kept, *fitted.compressed, *fitted.dropped]
    assert sorted(outcome) == sorted(optional)
    # Priority order: nothing is kept whole while a more valuable part was shortened or dropped.
    prio = {p.name: p.priority for p in parts}
    lost = [prio[n] for n in (*fitted.compressed, *fitted.dropped)]
    assert all(prio[n] >= max(lost) for n in fitted.kept) if lost else True
    assert len(fitted.compressed) <= 1


@settings(max_examples=80, deadline=None)
@given(noisy_text, st.integers(0, 40), st.sampled_from(["", "dog", "river runs"]))
def test_shorten_respects_the_budget(text, limit, query):
    short = shorten(text, limit, query)
    assert count_tokens(short) <= limit
    if count_tokens(text) <= limit:
        assert short == text


def test_low_priority_context_goes_first():
    parts = [
        PromptPart("Use the notes.", "instruction", required=True),
        PromptPart("Paris is the capital of France. It is on the Seine.", "best", priority=2),
        PromptPart("Lyon is known for food. It lies on the Rhone.", "middle", priority=1),
        PromptPart("Marseille is a port. It is in the south.", "worst", priority=0),
        PromptPart("Question: What is the capital of France?", "question", required=True),
    ]
    full = compress_prompt(parts, 1000)
    assert full.kept == ("best", "middle", "worst") and full.tokens == full.original_tokens
    tight = compress_prompt(parts, full.tokens - 5, query="capital of France")
    assert tight.kept == ("best", "middle") and tight.compressed == ("worst",) and tight.dropped == ()
    tight = compress_prompt(parts, full.tokens - 12, query="capital of France")
    assert tight.kept == ("best",) and tight.compressed == ("middle",) and tight.dropped == ("worst",)
    tighter = compress_prompt(parts, count_tokens("Use the notes.\nQuestion: What is the capital of France?") + 9,
                              query="capital of France")
    assert "Paris is the capital of France." in tighter.text and "Lyon" not in tighter.text
    assert tighter.compressed == ("best",) and tighter.dropped == ("middle", "worst")
    assert tighter.saved_tokens == tighter.original_tokens - tighter.tokens > 0


def test_shorten_keeps_query_sentences_and_the_citation_label():
    text = "[doc-7] Alpha is first. The refund window is 30 days. Omega is last."
    assert shorten(text, 13, "refund window") == "[doc-7] The refund window is 30 days."
    assert shorten(text, 10, "refund window") == "[doc-7] The refund window is"
    assert shorten(text, 2, "refund") == ""  # room for the label only: nothing worth keeping
    long_sentence = "[x] " + " ".join(["word"] * 50)
    cut = shorten(long_sentence, 10)
    assert cut.startswith("[x] word") and count_tokens(cut) <= 10


def test_incompressible_part_is_dropped_not_cut():
    parts = [PromptPart("Q?", required=True), PromptPart("one two three four five six", "table", compressible=False)]
    fitted = compress_prompt(parts, 5)
    assert fitted.dropped == ("table",) and fitted.text == "Q?"


def test_tiny_scraps_are_dropped():
    parts = [PromptPart("Question: why?", required=True), PromptPart("alpha beta gamma delta epsilon zeta", "ctx")]
    fitted = compress_prompt(parts, count_tokens("Question: why?") + 3, min_part_tokens=4)
    assert fitted.dropped == ("ctx",)


def test_qa_prompt_fits_and_keeps_the_convention():
    chunks = [f"[d{i}] Fact number {i} is about topic {i}. It has details {i}." for i in range(20)]
    fitted = compress_qa_prompt("What is fact number 3 about?", chunks, 80)
    assert isinstance(fitted, CompressedPrompt) and fitted.tokens <= 80
    assert fitted.text.startswith("Answer the question") and "\nContext:\n[d0]" in fitted.text
    assert fitted.text.endswith("Question: What is fact number 3 about?")
    assert fitted.dropped[-1] == "chunk-19"


@pytest.mark.parametrize(
    "call",
    [
        lambda: compress_prompt([], 10),
        lambda: compress_prompt(["text"], 10),
        lambda: compress_prompt([PromptPart("a")], 0),
        lambda: compress_prompt([PromptPart("a")], 2.5),
        lambda: compress_prompt([PromptPart("a")], True),
        lambda: compress_prompt([PromptPart("a", "x"), PromptPart("b", "x")], 10),
        lambda: compress_prompt([PromptPart("a")], 10, separator=" and "),
        lambda: PromptPart(b"bytes"),
        lambda: PromptPart("a", priority=1.5),
        lambda: shorten("text", -1),
        lambda: compress_qa_prompt("", ["a"], 10),
        lambda: compress_qa_prompt("why?", "a single string", 10),
    ],
)
def test_bad_inputs_raise_clear_errors(call):
    with pytest.raises(InvalidInputError):
        call()


def test_required_parts_too_long_is_an_error_with_numbers():
    with pytest.raises(PromptTooLongError) as info:
        compress_prompt([PromptPart("one two three four", required=True)], 2)
    assert info.value.required_tokens == 4 and info.value.max_tokens == 2
    assert "Raise the limit" in str(info.value)
