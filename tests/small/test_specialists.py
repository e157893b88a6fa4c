"""Specialist templates: a registry by domain/task, prompts that fit a budget, answers whose shape is checked."""

from __future__ import annotations

import pytest

from labkit.errors import InvalidInputError, PromptTooLongError, TemplateVariableError, UnknownNameError
from labkit.llm import ScriptedChatModel, get_model
from labkit.llm.tokens import count_tokens
from labkit.small import (
    TASK_TEMPLATES,
    OutputFormat,
    Specialist,
    TaskTemplate,
    get_task_template,
    register_task_template,
    verbose_prompt,
)
from labkit.small.specialists import domains

LONG = " ".join(f"Sentence {i} is about nothing in particular." for i in range(120))


def test_the_registry_holds_general_tasks_and_three_domains():
    assert domains() == ["general", "content_moderation", "customer_service", "data_entry"]
    for task in ("classify", "extract", "summarize", "qa", "reason"):
        assert f"general/{task}" in TASK_TEMPLATES
    with pytest.raises(UnknownNameError, match="customer_service/intent"):
        get_task_template("customer_service/intnet")


def test_a_specialist_prefers_its_domain_then_falls_back_to_general():
    specialist = Specialist("customer_service", ScriptedChatModel(replies=[]))
    assert specialist.pick("intent").key == "customer_service/intent"
    assert specialist.pick("summarize").key == "general/summarize"
    assert "intent" in specialist.tasks() and "summarize" in specialist.tasks()
    with pytest.raises(InvalidInputError, match="no template for task 'violation'"):
        specialist.pick("violation")   # another domain's task is not borrowed
    with pytest.raises(InvalidInputError, match="Unknown domain"):
        Specialist("legal")


@pytest.mark.parametrize("fmt, raw, value", [
    (OutputFormat("label", labels=("refund", "other")), "Refund", "refund"),
    (OutputFormat("label", labels=("refund", "other")), "Intent: other.", "other"),
    (OutputFormat("yes_no"), "no, it is fine", False),
    (OutputFormat("yes_no"), "Yes.", True),
    (OutputFormat("number"), "Step 1: 3 * 4 = 12\nAnswer: 12", 12),
    (OutputFormat("number"), "2.5", 2.5),
    (OutputFormat("json", keys=("a",)), 'Here: {"a": 1, "b": 2}', {"a": 1}),
    (OutputFormat("text", max_words=3), "short answer", "short answer"),
])
def test_formats_read_well_shaped_answers(fmt, raw, value):
    assert fmt.parse(raw) == (value, None)


@pytest.mark.parametrize("fmt, raw, problem", [
    (OutputFormat("label", labels=("refund", "other")), "one of", "not one of"),
    (OutputFormat("yes_no"), "Maybe later", "yes or no"),
    (OutputFormat("number"), "about 12", "single number"),
    (OutputFormat("json", keys=("a",)), '{"b": 1}', "no value for ['a']"),
    (OutputFormat("json", keys=("a",)), "a is 1", "not a JSON object"),
    (OutputFormat("text", max_words=3), "one two three four", "4 words"),
    (OutputFormat("text"), "I don't know.", "declined"),
    (OutputFormat("text"), "   ", "empty"),
])
def test_formats_reject_the_wrong_shape_with_a_reason(fmt, raw, problem):
    value, found = fmt.parse(raw)
    assert value is None and problem in found


def test_labels_and_keys_can_come_from_the_prompts_variables():
    assert OutputFormat("label", labels_from="labels").parse("ham", {"labels": "spam, ham"}) == ("ham", None)
    assert OutputFormat("json", keys_from="key").parse('{"email": "a@b.co"}', {"key": "email"}) == (
        {"email": "a@b.co"}, None)


def test_a_wrong_shape_is_asked_again_once_with_the_allowed_answers():
    model = ScriptedChatModel(replies=["one of", "refund"])
    answer = Specialist("customer_service", model).run("intent", message="I was charged twice, money back please")
    assert answer.valid and answer.value == "refund" and answer.calls == 2
    assert model.calls[1].messages[0].content.endswith(
        "Reply with only one of: refund, delivery, account, complaint, other.")


def test_a_still_wrong_answer_is_invalid_and_retries_can_be_off():
    model = ScriptedChatModel(replies=["perhaps", "perhaps"])
    answer = Specialist("content_moderation", model).run("safe", content="Hello there")
    assert not answer.valid and answer.value is None and "yes or no" in answer.problem and answer.calls == 2
    once = ScriptedChatModel(replies=["perhaps"])
    assert Specialist("content_moderation", once, retries=0).run("safe", content="Hi").calls == 1


def test_a_long_material_is_shortened_to_the_budget_and_the_answer_has_room():
    model = ScriptedChatModel(replies=["spam"])
    answer = Specialist("content_moderation", model, context_limit=64).run("violation", content=LONG)
    template = get_task_template("content_moderation/violation")
    assert answer.shortened and answer.prompt_tokens <= 64 - template.reserve
    assert count_tokens(model.calls[0].messages[0].content) == answer.prompt_tokens
    assert answer.prompt.startswith("Classify into one of: spam, harassment")   # the instruction is never cut


def test_a_template_that_cannot_fit_is_an_error_not_a_cut():
    with pytest.raises(PromptTooLongError):
        Specialist("customer_service", ScriptedChatModel(replies=[]), context_limit=20).run("intent", message=LONG)


def test_missing_and_unexpected_variables_are_named():
    with pytest.raises(TemplateVariableError, match="missing \\['message'\\]"):
        Specialist("customer_service", ScriptedChatModel(replies=[])).run("intent", text="hi")


def test_compact_templates_are_much_smaller_than_a_verbose_prompt():
    for key in TASK_TEMPLATES.names():
        template = get_task_template(key)
        values = {v: "x" for v in template.template.variables}
        compact = count_tokens(template.template.render(**values))
        domain, task = key.split("/")
        assert compact * 2 < count_tokens(verbose_prompt(task, domain, **values)), key


def test_the_offline_model_through_a_specialist_gives_a_label_or_a_reported_problem():
    # The offline engine's classifier changes; the contract does not: a listed label, or invalid with a reason.
    template = get_task_template("customer_service/intent")
    answer = Specialist("customer_service", get_model(), context_limit=128).run(
        "intent", message="My parcel has not arrived and the tracking page is stuck.")
    assert answer.prompt_tokens <= 128 - template.reserve and 1 <= answer.calls <= 2
    if answer.valid:
        assert answer.value in template.output.labels and answer.problem == ""
    else:
        assert answer.value is None and answer.problem and answer.calls == 2


def test_registering_a_template_checks_it():
    with pytest.raises(InvalidInputError, match="material"):
        TaskTemplate("hr", "leave", "Leave request: {text}", OutputFormat("yes_no"), material="body")
    with pytest.raises(InvalidInputError, match="lower-case"):
        TaskTemplate("HR", "leave", "Leave request: {text}", OutputFormat("yes_no"))
    with pytest.raises(InvalidInputError, match="labels="):
        OutputFormat("label")
    mine = TaskTemplate("hr_test", "approve", "Approve this leave request? Answer yes or no.\nRequest: {text}",
                        OutputFormat("yes_no"), "text")
    register_task_template(mine)
    try:
        with pytest.raises(InvalidInputError, match="already registered"):
            register_task_template(mine)
        answer = Specialist("hr_test", ScriptedChatModel(replies=["yes"])).run("approve", text="Two days in May")
        assert answer.template == "hr_test/approve" and answer.value is True
    finally:
        TASK_TEMPLATES.remove("hr_test/approve")
