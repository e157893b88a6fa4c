import pytest

from labkit.errors import InvalidInputError
from labkit.llm import ScriptedChatModel, get_model
from labkit.prompting.anatomy import (
    CONTACT_KEYS, EVOLUTION, Prompt, complies, format_compliance, load_contacts, parse_json_object,
)


def test_render_orders_parts_and_leaves_out_empty_ones():
    p = Prompt(task="Extract the city.", role="You are a clerk.", context="Ada lives in Paris.",
               context_label="Text", format='Respond in JSON with keys "city".', constraints=("Be exact.",))
    text = p.render()
    assert text.startswith("You are a clerk.\n\nTask: Extract the city.")
    assert text.index("Format:") < text.index("Constraints:") < text.index("Text: Ada lives in Paris.")
    assert "Examples" not in text
    assert set(p.parts()) == {"role", "task", "context", "format", "constraints"}


def test_prompt_is_frozen_and_with_context_copies():
    p = Prompt(task="Summarise.")
    q = p.with_context("Some text.")
    assert p.context == "" and q.context == "Some text."
    with pytest.raises(AttributeError):
        p.task = "other"  # type: ignore[misc]


@pytest.mark.parametrize("kwargs", [{"task": ""}, {"task": "   "}, {"task": "x", "constraints": "one string"}])
def test_bad_prompts_are_rejected(kwargs):
    with pytest.raises(InvalidInputError):
        Prompt(**kwargs)


@pytest.mark.parametrize("text,expected", [
    ('{"a": 1}', {"a": 1}),
    ('Here you go: {"a": {"b": 2}} hope it helps', {"a": {"b": 2}}),
    ("```json\n{\"k\": [1, 2]}\n```", {"k": [1, 2]}),
    ('{broken {"ok": true}', {"ok": True}),
    ("[1, 2, 3]", None),
    ('{"answer": "unterminated', None),
])
def test_parse_json_object(text, expected):
    assert parse_json_object(text) == expected


def test_complies_requires_every_key_non_empty():
    assert complies('{"name": "A", "city": "B"}', ["name", "city"])
    assert not complies('{"name": "A"}', ["name", "city"])
    assert not complies('{"name": null, "city": "B"}', ["name", "city"])
    assert not complies("name: A", ["name"])


def test_format_compliance_counts_with_a_scripted_model():
    model = ScriptedChatModel(replies=['{"name": "A", "city": "X"}', "not json", '{"name": "B", "city": "Y"}'])
    report = format_compliance(model, lambda t: f"Extract: {t}", ["a", "b", "c"], ["name", "city"], "s",
                               expected=[{"name": "A", "city": "X"}, {"name": "B", "city": "Y"}, {"name": "B", "city": "Z"}],
                               concurrency=1)
    assert [r.compliant for r in report.rows] == [True, False, True]
    assert report.rate == pytest.approx(2 / 3)
    assert report.field_accuracy == pytest.approx((2 + 0 + 1) / 6)
    assert report.summary()["compliant"] == 2


def test_format_compliance_bad_inputs():
    model = ScriptedChatModel(replies=["{}"], repeat_last=True)
    with pytest.raises(InvalidInputError):
        format_compliance(model, str, [], ["a"])
    with pytest.raises(InvalidInputError):
        format_compliance(model, str, ["x"], [])
    with pytest.raises(InvalidInputError):
        format_compliance(model, str, ["x"], ["a"], expected=[])


def test_the_evolution_is_measurable_on_the_offline_model():
    texts, expected = load_contacts()
    model = get_model()
    rates = {name: format_compliance(model, build, texts, CONTACT_KEYS, name, expected=expected)
             for name, build in EVOLUTION.items()}
    assert rates["poor"].rate == 0.0
    assert rates["good"].rate >= 0.8
    assert rates["good"].rate > rates["better"].rate
    assert rates["good"].field_accuracy > rates["poor"].field_accuracy
