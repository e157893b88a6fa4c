"""The probe checkers label hand-written replies as a careful reader would, and the dev/heldout split never moves.

No model is called: each category gets a correct reply, an honest refusal and a wrong reply, written by hand, so a
checker that marks a good answer wrong (or a bad one right) fails here, not in the engine team's numbers.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
from pathlib import Path

import pytest

from labkit.errors import InvalidInputError
from labkit.llm.offline_probes import (
    CATEGORIES,
    CORRECT,
    REFUSAL,
    TUNE,
    WRONG,
    Probe,
    Reply,
    check,
    compare_value,
    field_model,
    field_schema,
    final_answer,
    in_split,
    is_refusal,
    load_probes,
    normalise,
    probe_folder,
    same_number,
    score_in,
    split_of,
    tuning_splits,
)

SUITE = Path(__file__).resolve().parents[2] / "benchmarks" / "offline_probes"


def probe(category: str, prompt: str, **spec) -> Probe:
    return Probe(f"{category}/t", category, (("user", prompt),), spec)


FERRY = probe("qa_answerable", "Context: The ferry leaves at 18:30. The crossing takes 2 hours and 15 minutes.\n"
              "Question: When does it arrive?", expect=["20:45"])
GLACIER = probe("qa_answerable", "Context: It retreated 40 metres in 2019 and 55 metres in 2020.\nQuestion: 2020?",
                expect=["55 metres", "55"], forbid=["40"])
UNANSWERABLE = probe("qa_unanswerable", "Context: It retreated 55 metres in 2020.\nQuestion: And in 2021?")
SENTIMENT = probe("classification", "Positive or negative? I expected to hate it, but it was the best concert.",
                  labels=["positive", "negative"], expect="positive")
URGENCY = probe("classification", "low, medium, high or not urgent?", labels=["urgent", "not urgent"],
                expect="not urgent")
TAMBORA = probe("structured", "The 1815 eruption of Mount Tambora killed about 71,000 people.", via="pydantic",
                fields={"volcano": "str", "year": "int", "fatalities": "int", "vei": "int?"},
                expect={"volcano": {"$any": ["Mount Tambora", "Tambora"]}, "year": 1815, "fatalities": 71000,
                        "vei": None})
JSON_PROMPT = probe("structured", "Return JSON with hut and beds.", via="prompt", fields={"hut": "str", "beds": "int"},
                    expect={"hut": "Glen Feshie bothy", "beds": 8})
BOOKING = probe("tools", "Reserve a table at Maaemo for 4 people at 19:30.", tools=["book_table"],
                expect={"name": "book_table", "args": {"restaurant": "Maaemo", "people": 4, "time": "19:30"}})
NO_TOOL = probe("tools", "Write a poem about a lighthouse.", tools=["get_weather"], expect=None)
DISCOUNT = probe("arithmetic", "A jacket costs 80 dollars, discounted by 25%. Sale price?", expect=60)
CLOCK = probe("arithmetic", "Leaves at 18:30, takes 2 h 15 min. Arrival?", expect="20:45")
UNSOLVABLE = probe("arithmetic", "Anna buys 3 tickets and a programme. How much?", expect=None)
SUMMARY = probe("summaries", "Summarise in one sentence.\n\nThe Stavanger ferry did not run on Monday because the "
                "crew went on strike. About 2,000 commuters had to drive around the fjord. Talks resume on Thursday.",
                max_sentences=1, key_facts=[["strike"], ["ferry"]])
CRITIQUE_FALSE = probe("critiques", "Q: 80 less 25%? Answer: 105. Rate 1-10.", scale=[1, 10], truth=False)
CRITIQUE_TRUE = probe("critiques", "Q: 80 less 25%? Answer: 60. Rate 1-5.", scale=[1, 5], truth=True)
UNCHECKABLE = probe("critiques", "Q: When was Skerryvore first lit? A: 1844. Rate 1-10.", scale=[1, 10],
                    truth="uncheckable")
PLAN = probe("plans", "Break this into steps: check the ferry timetable, book two tickets, then pack the car.",
             steps=[["timetable"], ["book", "ticket"], ["pack"]])
ONE_CLAUSE = probe("plans", "Make a plan to buy a ferry ticket to Tau.", steps=[["ticket", "buy"]])

CASES = [
    # (probe, reply, label): one correct, one refusal and one wrong reply per category, and the tricky edges.
    (FERRY, Reply("It arrives at 8:45 pm (18:30 + 2 h 15 min)."), CORRECT),
    (FERRY, Reply("The context does not say when it arrives."), REFUSAL),
    (FERRY, Reply("The ferry leaves at 18:30."), WRONG),
    (GLACIER, Reply("55 metres."), CORRECT),
    (GLACIER, Reply("It retreated 550 metres."), WRONG),
    (GLACIER, Reply("It retreated 40 metres in 2019 and 55 metres in 2020."), WRONG),
    (UNANSWERABLE, Reply("The notes do not mention 2021."), CORRECT),
    (UNANSWERABLE, Reply("I cannot find the answer in the provided context."), CORRECT),
    (UNANSWERABLE, Reply("It retreated 55 metres in 2020."), WRONG),
    (SENTIMENT, Reply("Positive.\nThe reviewer expected something negative but loved it."), CORRECT),
    (SENTIMENT, Reply("I cannot tell from this text."), REFUSAL),
    (SENTIMENT, Reply("negative"), WRONG),
    (SENTIMENT, Reply("positive or negative"), WRONG),
    (URGENCY, Reply("Not urgent"), CORRECT),
    (URGENCY, Reply("Urgent"), WRONG),
    (TAMBORA, Reply(data={"volcano": "Mount Tambora", "year": 1815, "fatalities": 71000, "vei": None}), CORRECT),
    (TAMBORA, Reply(data={"volcano": "tambora", "year": "1815", "fatalities": "71,000"}), CORRECT),
    (TAMBORA, Reply(data={"volcano": "Mount Tambora", "year": 1815, "fatalities": None, "vei": None}), REFUSAL),
    (TAMBORA, Reply(error="ExtractionError: no fatalities found", labkit_error=True), REFUSAL),
    (TAMBORA, Reply(data={"volcano": "The 1815 eruption of Mount Tambora killed about 71,000 people.",
                          "year": 1815, "fatalities": 1815, "vei": None}), WRONG),
    (TAMBORA, Reply(data={"volcano": "Tambora", "year": 1815, "fatalities": 71000, "vei": 7}), WRONG),
    (TAMBORA, Reply(error="KeyError: 'volcano'"), WRONG),
    (JSON_PROMPT, Reply('```json\n{"hut": "Glen Feshie Bothy", "beds": "8"}\n```'), CORRECT),
    (JSON_PROMPT, Reply("I cannot find the answer in the provided context."), REFUSAL),
    (JSON_PROMPT, Reply("Glen Feshie bothy sleeps 8."), WRONG),
    (BOOKING, Reply(tool_calls=({"name": "book_table", "args": {"restaurant": "maaemo", "people": "4",
                                                                 "time": "7:30 pm"}},)), CORRECT),
    (BOOKING, Reply("I need the restaurant's name to book."), REFUSAL),
    (BOOKING, Reply(tool_calls=({"name": "book_table", "args": {"restaurant": "Reserve a table at Maaemo",
                                                                 "people": 4, "time": "19:30"}},)), WRONG),
    (BOOKING, Reply("Booked Maaemo for 4 at 19:30."), WRONG),
    (NO_TOOL, Reply("A lamp on the rock, a ship home safe."), CORRECT),
    (NO_TOOL, Reply(tool_calls=({"name": "get_weather", "args": {"city": "lighthouse"}},)), WRONG),
    (DISCOUNT, Reply("25% of 80 = 20\n80 - 20 = 60\nAnswer: $60.00"), CORRECT),
    (DISCOUNT, Reply("I could not read the quantities in this problem, so I cannot solve it."), REFUSAL),
    (DISCOUNT, Reply("Step 1: 80 + 25 = 105\nAnswer: 105"), WRONG),
    (CLOCK, Reply("It arrives at 8:45 PM."), CORRECT),
    (CLOCK, Reply("Answer: 20:15"), WRONG),
    (UNSOLVABLE, Reply("The problem does not give the ticket prices, so it cannot be solved."), CORRECT),
    (UNSOLVABLE, Reply("Answer: 3"), WRONG),
    (SUMMARY, Reply("A crew strike stopped the Stavanger ferry on Monday, forcing 2,000 commuters to drive."), CORRECT),
    (SUMMARY, Reply("I cannot summarise this; the text does not say enough."), REFUSAL),
    (SUMMARY, Reply("The Stavanger ferry did not run on Monday because the crew went on strike. Talks resume."), WRONG),
    (SUMMARY, Reply("Summarise in one sentence."), WRONG),
    (SUMMARY, Reply("Ferry strikes are common across Europe whenever unions demand bonuses."), WRONG),
    (CRITIQUE_FALSE, Reply("Score: 2/10. 25% off 80 is 60, not 105."), CORRECT),
    (CRITIQUE_FALSE, Reply("I cannot judge this answer."), REFUSAL),
    (CRITIQUE_FALSE, Reply("Score: 10/10. Clear and concrete."), WRONG),
    (CRITIQUE_TRUE, Reply("Rating: 5 - the working is right."), CORRECT),
    (CRITIQUE_TRUE, Reply("Score: 4/10"), WRONG),
    (UNCHECKABLE, Reply("Nothing given lets me verify the year, so I cannot judge it; 5/10 at most."), CORRECT),
    (UNCHECKABLE, Reply("I don't know whether 1844 is right."), CORRECT),
    (UNCHECKABLE, Reply("Score: 9/10, precise and direct."), WRONG),
    (UNCHECKABLE, Reply("I cannot verify it. Score: 1/10"), WRONG),
    (PLAN, Reply("1. Check the ferry timetable\n2. Book two tickets online\n3. Pack the car the night before"),
     CORRECT),
    (PLAN, Reply("I cannot plan this without more details."), REFUSAL),
    (PLAN, Reply("1. Book two tickets\n2. Check the timetable\n3. Pack the car"), WRONG),
    (PLAN, Reply("1. Understand the goal\n2. Gather resources\n3. Check the timetable\n4. Book tickets\n5. Pack\n"
                 "6. Review the result\n7. Reflect on lessons learned"), WRONG),
    (ONE_CLAUSE, Reply("1. Buy a ferry ticket to Tau at the harbour office or online."), CORRECT),
    (ONE_CLAUSE, Reply("1. Define the goal\n2. Research options\n3. Buy the ticket\n4. Review the outcome"), WRONG),
    (ONE_CLAUSE, Reply("1. Clarify the goal for: buy a ferry ticket to Tau\n2. Gather what you need to buy a ferry ticket"
                       " to Tau\n3. Carry out: buy a ferry ticket to Tau\n4. Check the result"), WRONG),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0].category}-{c[2]}-{c[1].text[:24] or c[1].error}")
def test_checker_labels_hand_written_replies(case):
    test_probe, reply, label = case
    assert check(test_probe, reply).label == label


def test_every_category_has_a_correct_and_a_wrong_case_and_refusal_where_it_is_not_correct():
    seen = {(p.category, label) for p, _, label in CASES}
    for category in CATEGORIES:
        assert (category, CORRECT) in seen and (category, WRONG) in seen, category
        if category not in ("qa_unanswerable",):  # there a refusal is the correct label
            assert (category, REFUSAL) in seen or category == "tools", category


def test_an_exception_is_a_wrong_reply_outside_structured_output():
    assert check(FERRY, Reply(error="TypeError: boom")).label == WRONG
    assert check(FERRY, Reply(error="ModelError: boom", labkit_error=True)).label == WRONG


@pytest.mark.parametrize("text, canonical", [
    ("8:45 pm", "20:45"), ("8.45 p.m.", "20:45"), ("7 am", "07:00"), ("12 am", "00:00"), ("12:30 PM", "12:30"),
    ("9:05", "09:05"), ("1,250", "1250"), ("1,250,000", "1250000"), ("$7.50", "7.5"), ("forty-two", "42"),
    ("twelve", "12"), ("3.0", "3"), ("1,250,000.00", "1250000"), ("84.50", "84.5"),
])
def test_normalise_gives_one_spelling_per_number_and_time(text, canonical):
    assert normalise(text).strip() == canonical


def test_numbers_and_times_compare_by_value():
    assert same_number("20:45", "8:45 pm") and same_number("1250", 1250) and same_number("4.5", 4.50)
    assert not same_number("1", 1250) and not same_number("20:15", "20:45") and not same_number("2045", "20:45")
    assert final_answer("1,250 - 375 = 875 bikes") == "875"
    assert final_answer("No numbers here") is None


def test_structured_comparison_normalises_but_never_forgives_a_wrong_value():
    assert compare_value({"date": "2022-09-14"}, {"date": "14 September 2022"}) == []
    assert compare_value({"t": -12.5}, {"t": "-12.5"}) == [] and compare_value({"t": -12.5}, {"t": 12.5})
    assert compare_value({"xs": ["viola", "harp"]}, {"xs": ["Harp", "viola"]}) == []
    assert compare_value({"xs": ["viola", "harp"]}, {"xs": ["viola"]}) == [("xs", "mismatch")]
    assert compare_value({"a": {"city": "Porto"}}, {"a": {"city": "Lisbon"}}) == [("a.city", "mismatch")]
    assert compare_value({"free": True}, {"free": "yes"}) == []


def test_refusal_cues_are_explicit():
    for text in ("I cannot find the answer in the provided context.", "I don't know.", "Not enough information.",
                 "The notes don't mention the price.", "None of the tools can do that."):
        assert is_refusal(text), text
    for text in ("It arrives at 20:45.", "The answer is 60.", "Noted. How can I help?", "Score: 3/10"):
        assert not is_refusal(text), text


def test_scores_are_read_on_the_asked_scale_only():
    assert score_in("Score: 8 out of 10", (1, 10)) == 8
    assert score_in("Grade: 4/10", (1, 5)) is None
    assert score_in("1200 / 40 = 30", (1, 10)) is None


def test_field_specs_build_matching_schema_and_model():
    fields = {"name": "str", "when": "date", "crew": "list[str]", "place": {"city": "str"}, "fee": "float?"}
    schema = field_schema(fields)
    assert schema["required"] == list(fields) and schema["properties"]["crew"]["type"] == "array"
    model = field_model("Record", fields)
    record = model(name="x", when="2025-07-06", crew=["a"], place={"city": "Porto"})
    assert record.model_dump(mode="json")["when"] == "2025-07-06" and record.fee is None


def test_split_is_a_fixed_hash_of_the_id():
    # Pinned: sha256("a") starts 0xca, "b" 0x3e (even: dev), "qa_answerable/ferry-arrival" 0xb1 (odd: heldout).
    # Changing the rule would silently move probes between dev and heldout.
    assert [split_of(i) for i in ("a", "b", "qa_answerable/ferry-arrival")] == ["dev", "dev", "heldout"]


def test_the_suite_loads_with_enough_probes_in_both_splits():
    probes = load_probes(SUITE)
    assert len(probes) >= 240 and len({p.id for p in probes}) == len(probes)
    for category in CATEGORIES:
        splits = [p.split for p in probes if p.category == category]
        assert len(splits) >= 25 and {"dev", "heldout"} <= set(splits), category
    assert all(p.split == split_of(p.id) for p in probes if not p.tuning)


def test_malformed_suites_are_refused_with_a_clear_error(tmp_path):
    for category in CATEGORIES:
        (tmp_path / f"{category}.yaml").write_text("[]\n", encoding="utf-8")
    (tmp_path / "arithmetic.yaml").write_text("- {id: arithmetic/x, prompt: '2+2?'}\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="expect"):
        load_probes(tmp_path)
    (tmp_path / "arithmetic.yaml").write_text("- {id: plans/x, prompt: '2+2?', expect: 4}\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="must start with 'arithmetic/'"):
        load_probes(tmp_path)
    (tmp_path / "arithmetic.yaml").unlink()
    with pytest.raises(InvalidInputError, match="lacks arithmetic.yaml"):
        load_probes(tmp_path)


def test_replies_seen_from_the_old_engine_are_labelled_as_a_reader_would():
    probes = {p.id: p for p in load_probes(SUITE)}
    echo = ("Give me a summary of the following in under 30 words: The Stavanger to Tau ferry did not run on Monday "
            "because the crew went on strike.")
    assert check(probes["summaries/ferry-strike-words"], Reply(echo)).label == WRONG
    template = "\n".join(f"{i}. {step}: oil my bike chain" for i, step in
                         enumerate(["Clarify the goal for", "Gather what is needed to", "Carry out"], start=1))
    assert check(probes["plans/one-clause-bike"], Reply(template)).label == WRONG
    sentence = Reply("Context: The ferry leaves Bergen at 18:30.")
    assert check(probes["qa_answerable/ferry-arrival"], sentence).label == WRONG


# --- the tune splits (tune/, tune2/): fresh probes written after dev was tuned on ------------------------------------

TUNE_PROBES = [p for p in load_probes(SUITE) if p.split == TUNE]
TUNING_PROBES = [p for p in load_probes(SUITE) if p.tuning]  # every subfolder's: tune, tune2, ...


def _tune_tools(subset: str = TUNE):
    spec = importlib.util.spec_from_file_location(f"{subset}_probe_tools", SUITE / subset / "tools.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ideal_reply(probe: Probe) -> Reply:
    """The reply a perfect model gives, from the probe's ``ideal`` key, in the form the benchmark hands the checker."""
    ideal = probe.spec["ideal"]
    if probe.category == "structured":
        return Reply(text=json.dumps(ideal)) if probe.spec["via"] == "prompt" else Reply(data=ideal)
    if probe.category == "tools" and isinstance(ideal, dict):
        return Reply(tool_calls=(ideal,))
    return Reply(text=ideal)


def test_tune_probes_have_their_own_split_and_leave_dev_and_heldout_as_they_were():
    probes = load_probes(SUITE)
    main = [p for p in probes if not p.tuning]
    assert all(p.split == split_of(p.id) for p in main) and all(p.tuning for p in TUNE_PROBES)
    assert len(TUNE_PROBES) >= 160 and {p.category for p in TUNE_PROBES} == set(CATEGORIES)
    assert {p.id for p in probes if in_split(p, "all")} == {p.id for p in main}
    assert not any(in_split(p, "dev") or in_split(p, "heldout") for p in TUNE_PROBES)
    assert all(probe_folder(SUITE, p) == SUITE / TUNE for p in TUNE_PROBES)


def test_every_subfolder_is_a_split_of_its_own_and_tune_keeps_its_meaning():
    assert tuning_splits(SUITE)[:2] == [TUNE, "tune2"]
    tune2 = [p for p in TUNING_PROBES if p.split == "tune2"]
    assert {p.category for p in tune2} == {"structured", "tools"}
    assert all(len([p for p in tune2 if p.category == c]) >= 26 for c in ("structured", "tools"))
    assert not any(in_split(p, split) for p in tune2 for split in ("dev", "heldout", "all", TUNE))
    assert all(in_split(p, "tune2") and probe_folder(SUITE, p) == SUITE / "tune2" for p in tune2)
    assert not any(in_split(p, "tune2") for p in TUNE_PROBES)


def test_a_subfolder_may_hold_only_some_categories(tmp_path):
    for category in CATEGORIES:
        (tmp_path / f"{category}.yaml").write_text("[]\n", encoding="utf-8")
    (tmp_path / "fresh").mkdir()
    (tmp_path / "fresh" / "arithmetic.yaml").write_text("- {id: arithmetic/x, prompt: '2+2?', expect: 4}\n")
    assert [(p.id, p.split) for p in load_probes(tmp_path)] == [("arithmetic/x", "fresh")]
    (tmp_path / "arithmetic.yaml").write_text("- {id: arithmetic/x, prompt: '2+3?', expect: 5}\n")
    with pytest.raises(InvalidInputError, match="appears twice"):
        load_probes(tmp_path)


@pytest.mark.parametrize("subset", [s for s in tuning_splits(SUITE) if (SUITE / s / "tools.py").exists()])
def test_tune_tools_are_typed_and_documented_as_bind_tools_needs(subset):
    functions = [f for name, f in vars(_tune_tools(subset)).items() if inspect.isfunction(f)]
    assert len(functions) >= 10
    for function in functions:
        parameters = inspect.signature(function).parameters.values()
        assert function.__doc__ and all(p.annotation is not inspect.Parameter.empty for p in parameters), function


@pytest.mark.parametrize("probe", TUNING_PROBES, ids=lambda p: p.id)
def test_every_tune_probe_has_a_valid_spec(probe):
    spec = probe.spec
    assert isinstance(spec.get("ideal"), (str, dict)), "every tune probe carries the ideal reply"
    if probe.category == "structured":
        assert spec["via"] in ("pydantic", "json_schema", "prompt")
        assert set(spec["expect"]) == set(spec["fields"])
        field_schema(spec["fields"])
        field_model("Record", spec["fields"])(**spec["ideal"])  # the ideal object fits the schema the model is given
    if probe.category == "tools":
        tools = _tune_tools(probe.split)
        functions = [getattr(tools, name) for name in spec["tools"]]
        if spec["expect"] is not None:
            assert spec["expect"]["name"] in spec["tools"]
            bound = dict(zip(spec["tools"], functions))
            assert set(spec["expect"]["args"]) <= set(inspect.signature(bound[spec["expect"]["name"]]).parameters)
    if probe.category == "classification":
        assert spec["expect"] in spec["labels"]
    if probe.category == "critiques":
        assert spec["truth"] in (True, False, "uncheckable") and len(spec["scale"]) == 2
    if probe.category == "summaries":
        assert all(isinstance(phrase, str) for alternatives in spec["key_facts"] for phrase in alternatives)


def test_a_plan_for_a_goal_that_cannot_be_planned_is_wrong_and_saying_so_is_correct():
    impossible = probe("plans", "Plan how to row the Atlantic by tomorrow.", steps=None)
    assert check(impossible, Reply("1. Pack food.\n2. Row west.")).label == WRONG
    assert check(impossible, Reply("I cannot plan that: nobody rows the Atlantic in a day.")).label == CORRECT


@pytest.mark.parametrize("probe", TUNING_PROBES, ids=lambda p: p.id)
def test_every_tune_probe_labels_its_ideal_reply_correct(probe):
    verdict = check(probe, ideal_reply(probe))
    assert verdict.label == CORRECT, verdict.reason
