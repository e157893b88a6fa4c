"""The offline model's capabilities, each on several phrasings, plus determinism and LangChain round-trips."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys

import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.output_parsers import StrOutputParser
from langchain_core.tools import tool
from pydantic import BaseModel, Field

from labkit.errors import ConfigurationError, InvalidInputError
from labkit.llm import NO_KNOWLEDGE, NOT_IN_CONTEXT, OfflineChatModel, get_model


@pytest.fixture(scope="module")
def model() -> OfflineChatModel:
    return OfflineChatModel()


def ask(model, prompt, **kw) -> str:
    return model.invoke(prompt, **kw).content


# --- arithmetic -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "prompt, expected",
    [
        ("What is 23 * 47?", "1081"),
        ("Calculate (15 + 27) / 6 for me.", "7"),
        ("how much is 2^10 minus 24", "1000"),
        ("Compute 3.5 times 4", "14"),
        ("A baker makes 8 trays with 12 cookies each. How many cookies in total?", "96"),
        ("Tom had 30 marbles, lost 7 and then found 4 more. How many marbles does Tom have?", "27"),
        ("If 48 sweets are shared equally among 6 children, how many does each child get?", "8"),
    ],
)
def test_arithmetic_is_correct_with_steps(model, prompt, expected):
    reply = ask(model, prompt)
    assert reply.splitlines()[-1] == f"Answer: {expected}"
    assert reply.startswith("Step 1: ")


def test_arithmetic_never_evaluates_code(model):
    reply = ask(model, "What is __import__('os').system('echo hacked')?")
    assert "hacked" not in reply and "Answer:" not in reply


# --- extractive answers ---------------------------------------------------------------------------------------

CONTEXT = (
    "The Amazon river flows through Brazil, Peru and Colombia. It discharges more water than any other river. "
    "Its basin covers about 7 million square kilometres. The river was named by Francisco de Orellana in 1542."
)


@pytest.mark.parametrize(
    "prompt, must_contain",
    [
        (f"Context: {CONTEXT}\nQuestion: Which countries does the Amazon flow through?", "Brazil"),
        (f"Use only these notes to answer.\nNotes: {CONTEXT}\nQuestion: How large is its basin?", "7 million"),
        (f"```{CONTEXT}```\nWho gave the river its name?", "Orellana"),
        (f"Documents:\n{CONTEXT}\n\nQuery: when was the river named?", "1542"),
    ],
)
def test_extractive_answer_from_context(model, prompt, must_contain):
    assert must_contain in ask(model, prompt)


@pytest.mark.parametrize("question, why", [("What is the population of Lima?", "does not mention Lima"),
                                           ("Who won the 1998 World Cup?", "does not mention 1998")])
def test_unsupported_question_says_not_in_context_and_why(model, question, why):
    reply = ask(model, f"Context: {CONTEXT}\nQuestion: {question}")
    assert reply.startswith(NOT_IN_CONTEXT) and why in reply


def test_a_compound_question_is_answered_part_by_part(model):
    context = ("The Kessel mill was built by the miller Anna Brandt. Its wheel first turned in 1764. "
               "It holds 2,400 litres in its pond.")
    reply = ask(model, f"Context: {context}\nQuestion: Who built the Kessel mill and in which year did its wheel "
                       "first turn?")
    assert "Anna Brandt" in reply and "1764" in reply
    partial = ask(model, f"Context: {context}\nQuestion: Who built the Kessel mill and how many workers did it have?")
    assert "Anna Brandt" in partial and "does not say" in partial  # the part it cannot find is named, not invented


def test_how_much_is_answered_by_an_amount_in_a_unit_of_measure(model):
    context = "The school installed a rainwater tank behind the gym. It holds 5,000 litres. The water flushes toilets."
    assert "5,000 litres" in ask(model, f"Context: {context}\nQuestion: How much water does the tank hold?")


def test_a_critique_handed_to_a_writer_is_not_a_request_for_another_critique(model):
    reply = ask(model, "Context: The bridge was designed by Lea Marsh. It opened in 1931.\n"
                       "Question: Who designed the bridge?\nDraft: It opened in 1931.\n"
                       "Critique: Score: 4/10\nWeaknesses: It does not name the designer.\n"
                       "Rewrite the draft so that it answers the question. Reply with the revised answer only.")
    assert "Score:" not in reply and "Lea Marsh" in reply


@pytest.mark.parametrize("prompt, label", [
    ('Triage this report as "urgent" or "not urgent": "A gate hinge squeaks; nothing is broken."', "not urgent"),
    ('Answer with one word, "routine" or "emergency": the boiler is leaking gas into the kitchen.', "emergency"),
])
def test_label_sets_offered_in_less_common_wordings_are_read(model, prompt, label):
    assert ask(model, prompt) == label


def test_a_sentence_of_two_facts_answers_with_the_asked_one(model):
    reply = ask(model, "Context: On trip 7, Mira Holt steered the boat and Jon Ask read the charts.\n"
                       "Question: Who steered the boat on trip 7?")
    assert "Mira Holt" in reply and "Jon Ask" not in reply


def test_answer_cites_chunk_ids(model):
    prompt = ("Context:\n[doc-1] Paris is the capital of France.\n[doc-2] Berlin is the capital of Germany.\n"
              "Question: What is the capital of Germany?")
    assert ask(model, prompt) == "Berlin is the capital of Germany. [doc-2]"


def test_no_material_means_no_knowledge(model):
    assert ask(model, "What is the boiling point of ethanol?") == NO_KNOWLEDGE


def test_memory_from_earlier_turns(model):
    history = [HumanMessage("Hello! I'm Priya and I love rock climbing."), AIMessage("Nice to meet you.")]
    assert "rock climbing" in ask(model, history + [HumanMessage("What do I love?")])
    assert ask(model, history + [HumanMessage("Do you remember my name?")]) == "Your name is Priya."


# --- classification -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "prompt, label",
    [
        ("Classify the sentiment as positive, negative or neutral: The food was cold and the waiter was rude.", "negative"),
        ("Which category fits this ticket? Categories: billing, shipping, technical\nTicket: I was charged twice on my invoice.", "billing"),
        ("Label this message as spam or not_spam.\nMessage: You WON a free prize, click now to claim your lottery reward!", "spam"),
        ("Sort the review into one of [positive, negative].\nReview: Absolutely wonderful, would recommend to anyone.", "positive"),
    ],
)
def test_zero_shot_classification(model, prompt, label):
    assert ask(model, prompt) == label


def test_classification_json_has_label_and_confidence(model):
    reply = ask(model, 'Classify into one of: urgent, routine. Respond in JSON with keys "category" and "confidence".\n'
                       "Email: Server outage, customers cannot pay, fix immediately!")
    data = json.loads(reply)
    assert data["category"] == "urgent" and 0 < data["confidence"] <= 1


# --- structured output and extraction -------------------------------------------------------------------------

class Contact(BaseModel):
    name: str = Field(description="full name of the person")
    email: str
    age: int


def test_with_structured_output_returns_pydantic(model):
    structured = model.with_structured_output(Contact)
    result = structured.invoke("Please register Alan Turing, reachable at alan@bletchley.org, aged 41.")
    assert result == Contact(name="Alan Turing", email="alan@bletchley.org", age=41)


def test_json_keys_requested_in_prompt(model):
    reply = ask(model, "Pull out the meeting details as JSON with fields date, city.\n"
                       "Text: The board meets in Lisbon on 2025-03-14 to review the budget.")
    assert json.loads(reply) == {"date": "2025-03-14", "city": "Lisbon"}


# --- tools ----------------------------------------------------------------------------------------------------

@tool
def get_weather(city: str) -> str:
    """Look up the current weather for a city."""
    return f"Sunny in {city}"


@tool
def calculator(expression: str) -> str:
    """Evaluate an arithmetic expression."""
    return "391"


def test_tool_calls_are_native_and_have_extracted_arguments(model):
    bound = model.bind_tools([get_weather, calculator])
    reply = bound.invoke("Could you check the weather in Oslo?")
    assert [(c["name"], c["args"]) for c in reply.tool_calls] == [("get_weather", {"city": "Oslo"})]
    reply = bound.invoke("what's 17 * 23")
    assert [(c["name"], c["args"]) for c in reply.tool_calls] == [("calculator", {"expression": "17 * 23"})]


def test_tool_result_becomes_the_answer(model):
    bound = model.bind_tools([calculator])
    messages = [HumanMessage("What is 17 * 23?")]
    call = bound.invoke(messages)
    messages += [call, ToolMessage("391", tool_call_id=call.tool_calls[0]["id"], name="calculator")]
    assert bound.invoke(messages).content == "17 * 23 = 391"


def test_no_tool_call_when_no_tool_fits(model):
    reply = model.bind_tools([get_weather]).invoke("Hello there!")
    assert reply.tool_calls == []


# --- summaries, critique, plans -------------------------------------------------------------------------------

ARTICLE = ("Remote work rose sharply after 2020. Many firms found productivity held steady. "
           "Commuting time fell for millions of workers. Some managers worry about weaker team cohesion. "
           "Hybrid schedules are now the most common arrangement.")


def test_summary_respects_sentence_count(model):
    reply = ask(model, f"Summarize the following in two sentences.\nText: {ARTICLE}")
    assert len([s for s in reply.split(". ") if s]) == 2
    # the text's own words: each sentence, or each short sentence joined to another by a semicolon, is in it
    clauses = [c.strip(". ") for sentence in reply.split(". ") for c in sentence.split("; ")]
    assert all(c in ARTICLE or c[:1].upper() + c[1:] in ARTICLE for c in clauses), reply


def test_summary_as_bullets(model):
    reply = ask(model, f"Give me the key points as 3 bullet points.\nArticle: {ARTICLE}")
    assert len(reply.splitlines()) == 3 and all(line.startswith("- ") for line in reply.splitlines())


def test_critique_checks_answers_against_the_context_on_the_requested_scale(model):
    template = ("Evaluate the answer on a scale of 1 to 5.\nContext: The Halden orchestra was founded in 1921 by "
                "Ivar Lunde.\nQuestion: When was the Halden orchestra founded?\nAnswer: {a}")
    good = ask(model, template.format(a="The orchestra was founded in 1921 by the conductor Ivar Lunde."))
    wrong = ask(model, template.format(a="It was founded in 1935 by Ivar Lunde, a famous Norwegian conductor."))
    score = lambda r: float(r.splitlines()[0].split(":")[1].split("/")[0])
    assert good.splitlines()[0].endswith("/5") and score(wrong) <= 2 < 4 <= score(good)
    assert "The context says 1921" in wrong


def test_critique_recomputes_arithmetic_claims(model):
    prompt = "Rate the response from 1 to 10.\nQuestion: What is 12 times 7?\nResponse: 12 x 7 = {v}, so the answer is {v}."
    assert float(ask(model, prompt.format(v=82)).split("/")[0].split(":")[1]) <= 3
    assert float(ask(model, prompt.format(v=84)).split("/")[0].split(":")[1]) >= 8


def test_critique_of_an_unverifiable_answer_says_so_and_gives_no_score(model):
    template = "Evaluate the answer on a scale of 1 to 10.\nQuestion: Who painted the Tessaro frescoes?\nAnswer: {a}"
    names = ask(model, template.format(a="Giovanni Bellamonte and Lucia Ferraro painted them for Pope Aurelio in "
                                         "Florence under the Medici Foundation, as the Vasari Archive records."))
    assert names.startswith("Score: none\n") and "cannot verify" in names and "no context or arithmetic" in names


def test_a_free_standing_text_with_no_question_keeps_a_mid_scale_score(model):
    # Nothing claims to answer anything: the score rates what can be seen (relevance, detail, length) and stays
    # in the middle band, never high or low.
    reply = ask(model, "Rate this paragraph from 1 to 10.\nResponse: The harbour wall was rebuilt in granite after the "
                       "storm, and the new steps give boats a safer landing at low water.")
    assert "cannot verify" in reply and 4 <= float(reply.split("/")[0].split(":")[1]) <= 7


def test_plan_follows_the_request_clauses(model):
    reply = ask(model, "Break this down into steps: back up the database, upgrade the server and then run the smoke tests.")
    assert reply.splitlines() == ["1. Back up the database", "2. Upgrade the server", "3. Run the smoke tests"]


def test_a_one_clause_plan_is_one_step_not_a_template(model):
    reply = ask(model, "Make a plan to repaint the garden fence.")
    assert reply.splitlines()[0] == "1. Repaint the garden fence" and "single step" in reply
    assert "2." not in reply


# --- sampling, determinism, usage -----------------------------------------------------------------------------

PROBLEM = "What is 17 * 23 + 4 * 9?"


def test_temperature_zero_is_deterministic_across_processes():
    code = ("from labkit.llm import OfflineChatModel as M; m=M(semantic=False); "
            f"print(m.invoke({PROBLEM!r}).content)")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout for _ in range(2)}
    assert len(runs) == 1 and runs.pop().strip().endswith("Answer: 427")


def test_temperature_with_seed_varies_reproducibly():
    def samples(seed):
        m = OfflineChatModel(temperature=1.0, seed=seed, semantic=False)
        return [m.invoke(PROBLEM).content.splitlines()[-1] for _ in range(12)]

    first = samples(3)
    assert first == samples(3)
    assert len(set(first)) > 1, "temperature > 0 must produce different samples"
    assert first.count("Answer: 427") > len(first) / 2, "the correct answer stays the most likely"


def test_async_and_batch_match_invoke(model):
    prompts = ["What is 2 + 2?", "What is 3 * 3?"]
    expected = [model.invoke(p).content for p in prompts]
    assert [m.content for m in model.batch(prompts)] == expected
    assert [m.content for m in asyncio.run(model.abatch(prompts))] == expected


def test_stream_reassembles_to_invoke(model):
    prompt = f"Context: {CONTEXT}\nQuestion: How large is the basin?"
    assert "".join(chunk.content for chunk in model.stream(prompt)) == model.invoke(prompt).content


def test_lcel_pipe(model):
    chain = ChatPromptTemplate.from_messages([("system", "Answer from the notes."), ("human", "Notes: {notes}\nQuestion: {q}")]) | model | StrOutputParser()
    assert "1542" in chain.invoke({"notes": CONTEXT, "q": "When was the river named?"})


def test_usage_metadata_counts_tokens(model):
    reply = model.invoke([SystemMessage("Be brief."), HumanMessage("What is 2 + 2?")])
    usage = reply.usage_metadata
    assert usage["input_tokens"] > 0 and usage["output_tokens"] > 0
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]


def test_max_tokens_truncates_and_says_so():
    reply = OfflineChatModel(max_tokens=3, semantic=False).invoke("What is 123 * 456?")
    assert reply.usage_metadata["output_tokens"] <= 3 + 0 or reply.response_metadata["finish_reason"] == "length"
    assert reply.response_metadata["finish_reason"] == "length"


# --- bad input ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", [[], "", "   ", [HumanMessage("")]])
def test_empty_prompts_are_clear_errors(model, bad):
    with pytest.raises(InvalidInputError, match="(?i)empty|no messages"):
        model.invoke(bad)


def test_non_text_content_is_a_clear_error(model):
    with pytest.raises(InvalidInputError, match="text only"):
        model.invoke([HumanMessage(content=[{"type": "image_url", "image_url": {"url": "x.png"}}])])
    with pytest.raises(InvalidInputError, match="Cannot use int"):
        model.invoke(42)


def test_unknown_options_are_clear_errors(model):
    with pytest.raises(ConfigurationError, match="temprature"):
        get_model("offline", temprature=0.5)
    with pytest.raises(InvalidInputError, match="Unknown option"):
        model.invoke("hi", frobnicate=True)


# --- honest abstention and the skill contract ----------------------------------------------------------------

FERRY = "The ferry Nordlys departs Tromso at 18:30. The crossing takes 2 hours and 15 minutes."
BRIDGE = ("The Tamsworth bridge closed in March 2021 for repairs. After an 18-month rebuild it reopened in "
          "September 2022. Traffic is now limited to 20 mph.")


def test_one_arithmetic_step_over_the_context(model):
    reply = ask(model, f"Context: {FERRY}\nQuestion: At what time does the Nordlys arrive?")
    assert reply.startswith("20:45")


def test_the_asked_event_wins_over_a_look_alike_sentence(model):
    assert "September 2022" in ask(model, f"Using only the notes below, when did the Tamsworth bridge reopen? "
                                          f"Notes: {BRIDGE}")
    assert "March 2021" in ask(model, f"Notes: {BRIDGE}\nQuestion: When did the bridge close?")


def test_a_question_about_what_the_context_lacks_is_declined_with_the_reason(model):
    context = "The Storbreen glacier retreated 40 metres in 2019 and 55 metres in 2020."
    assert ask(model, f"Context: {context}\nQuestion: How much did the glacier retreat in 2020?") == "55 metres in 2020"
    reply = ask(model, f"Context: {context}\nQuestion: How much did the glacier retreat in 2021?")
    assert reply.startswith(NOT_IN_CONTEXT) and "2021" in reply
    reply = ask(model, f"Notes: {BRIDGE}\nQuestion: When did the bridge get its new name?")
    assert reply.startswith(NOT_IN_CONTEXT)


def test_contrast_decides_the_sentiment(model):
    prompt = "Is this review positive or negative?\n\"I expected to hate it, but honestly it was the best concert of my life.\""
    assert ask(model, prompt) == "positive"


def test_abstention_in_json_is_null_with_a_reason(model):
    reply = json.loads(ask(model, f"Context: {FERRY}\nQuestion: Who is the captain?\nRespond in JSON with keys "
                                  f'"answer" and "source".'))
    assert reply["answer"] is None and reply["reason"]


def test_response_metadata_names_the_skill_and_support(model):
    reply = model.invoke("What is 6 * 7?")
    assert reply.response_metadata["skill"] == "arithmetic" and reply.response_metadata["supported"] is True
    reply = model.invoke("What is the boiling point of ethanol?")
    assert reply.response_metadata["skill"] == "unknown" and reply.response_metadata["supported"] is False


def test_a_new_skill_is_one_class_and_one_registry_line():
    from labkit.llm.offline.prompt import read_prompt
    from labkit.llm.offline.registry import SKILLS, route
    from labkit.llm.offline.skill import Result, Turn

    class Echo:
        name = "echo"

        def applies(self, turn):
            return 1.0 if turn.view.user.startswith("echo:") else 0.0

        def run(self, turn):
            return Result(text=turn.view.user[5:].strip())

    skill, result = route(Turn(read_prompt([("human", "echo: hello")])), [Echo(), *SKILLS])
    assert skill.name == "echo" and result.text == "hello"
    skill, _ = route(Turn(read_prompt([("human", "What is 2 + 2?")])), [Echo(), *SKILLS])
    assert skill.name == "arithmetic"


def test_critique_of_a_claim_the_context_is_silent_on_is_unverifiable_not_wrong(model):
    reply = ask(model, "Context: The Kilbride Observatory houses a 60-centimetre reflecting telescope.\n"
                       "Question: Who founded the observatory?\nAnswer: It was founded by Helen Gray in 1952.\n"
                       "Rate this answer from 1 to 10 against the context.")
    assert "cannot verify" in reply and reply.startswith("Score: none")  # no number for a claim nobody checked


def test_summary_fits_the_word_limit_and_comes_from_the_text(model):
    text = ("The city's bike scheme passed one million rides in its first year. Electric bikes are a third of the "
            "fleet but half of all trips. A monthly pass costs 15 euros. The council plans 40 new stations.")
    reply = ask(model, f"Give me a summary of the following in under 30 words:\n{text}")
    assert len(reply.split()) < 30 and reply.startswith("The city's bike scheme passed one million rides")


@pytest.mark.parametrize(
    "prompt, labels",
    [
        ("Is this comment helpful or unhelpful?\n\"Thanks, the map was exactly what I needed.\"", ["helpful", "unhelpful"]),
        ("Pick the department from: kitchen, garden, garage.\nItem: a rake", ["kitchen", "garden", "garage"]),
        ("Which season fits best? spring, summer, autumn, winter.\n\"Snow on the roofs\"", ["spring", "summer", "autumn", "winter"]),
        ("Tag the request (refund / repair / other): my kettle leaks", ["refund", "repair", "other"]),
        ("What is the distance between Leeds and York?", []),
        ("Reply with the name, age and city of the guest.", []),
    ],
)
def test_label_lists_in_many_phrasings(prompt, labels):
    from labkit.llm.offline.prompt import read_prompt

    assert read_prompt([("human", prompt)]).labels == labels


def test_material_written_without_a_header_is_the_context():
    from labkit.llm.offline.prompt import read_prompt

    view = read_prompt([("human", "Opening hours of the pool.\nWeekdays: 06:30 to 21:00.\nWhen does it open on weekdays?")])
    assert view.context == "Opening hours of the pool.\nWeekdays: 06:30 to 21:00." and view.material_inferred
    assert view.question == "When does it open on weekdays?"
    word_problem = read_prompt([("human", "A team scores 27 points and then 18 more. What is the total?")])
    assert word_problem.format.bullets is None  # "27 points" is not a bullet count


# --- calibrated abstention and the checks behind it (general capabilities, phrasings unlike the probes) ----------

FARM = ("Context: The Eastwick farm keeps 140 goats. Its cheese dairy opened in 2004. The manager, Ilse Drummond, "
        "studied in Utrecht. The last milk van leaves at 16:40.\n")


@pytest.mark.parametrize("question, why", [
    ("How many sheep does the farm keep?", "sheep"),          # a near-miss quantity
    ("Who built the dairy?", "built"),                        # a relation the context never states
    ("When does the first milk van leave?", "cannot find"),   # "last" is not "first"
    ("Why did the dairy open?", "cannot find"),               # no cause is stated
    ("How tall is the dairy?", "cannot find"),                # no height is stated
])
def test_near_miss_questions_are_refused_with_a_reason(model, question, why):
    reply = ask(model, FARM + f"Question: {question}")
    assert reply.startswith(NOT_IN_CONTEXT) and why in reply


def test_answer_picks_the_clause_of_the_asked_event(model):
    reply = ask(model, "Context: On weekdays the pool opens at 7 am and closes at 9 pm; on Sundays it opens at 10 am "
                       "and closes at 6 pm.\nQuestion: When does the pool close on weekdays?")
    assert "9 pm" in reply and "7 am" not in reply and "6 pm" not in reply


@pytest.mark.parametrize("prompt, expected", [
    ("Classify the priority as low, medium or high: \"The boiler is leaking onto the wiring, come now!\"", "high"),
    ("Classify the priority as low, medium or high: \"Whenever you get a chance, tidy the shared drive. No rush.\"",
     "low"),
    ("Junk or not junk? \"Congratulations, you won a prize! Click here to claim it.\"", "Junk"),
    ("Soil moisture bands: dry (below 20%), moist (20% to 40%), wet (above 40%).\nSensor 3 reads 33%. Which band?",
     "moist"),
    ("Faults: rattle = a loose part knocks when driving; squeal = a high noise when braking.\n"
     "Which fault is this? \"There is a high noise every time I brake.\"", "squeal"),
])
def test_classification_from_cues_bands_and_definitions(model, prompt, expected):
    assert ask(model, prompt) == expected


def test_classification_abstains_without_support_and_names_no_label(model):
    reply = ask(model, "Classify this as alpha, beta or gamma: \"The meeting is on Thursday.\"")
    assert reply.startswith("I cannot classify") and not any(w in reply for w in ("alpha", "beta", "gamma"))
    knowledge = ask(model, "Which family does the bassoon belong to? Choose one: strings, woodwind, brass.")
    assert knowledge.startswith("I cannot classify") and "knowledge" in knowledge


def test_critique_checks_yes_no_against_the_context(model):
    prompt = ("Context: The survey found no otters on the upper river, but two on the estuary.\n"
              "Question: Were otters found on the upper river?\nAnswer: Yes, several.\nRate the answer from 1 to 10.")
    assert ask(model, prompt).startswith("Score: 1/10")


def test_critique_gives_no_score_when_the_context_cannot_settle_it(model):
    prompt = ("Context: The bridge is 340 metres long.\nQuestion: Who designed the bridge?\n"
              "Answer: It was designed by Anna Berg.\nRate the answer from 1 to 10.")
    reply = ask(model, prompt)
    assert reply.startswith("Score: none") and "cannot verify" in reply and not re.search(r"\d+/10", reply)


def test_critique_caps_a_response_that_misses_a_listed_criterion(model):
    prompt = ("Question: Describe the new library.\nCriteria: opening hours, address, accessibility\n"
              "Response: The new library has three floors, a cafe and 40,000 books, with bright reading rooms for "
              "children and quiet study areas upstairs.\nRate the response from 1 to 10.")
    reply = ask(model, prompt)
    score = int(re.search(r"Score: (\d+)/10", reply).group(1))
    assert "Criteria not met" in reply and score <= 6


@pytest.mark.parametrize("prompt, steps", [
    ("Plan the move: pack the books, rent a van, and then clean the old flat.",
     ["Pack the books", "Rent a van", "Clean the old flat"]),
    ("First water the seedlings, then repot the basil, and finally sweep the greenhouse.",
     ["Water the seedlings", "Repot the basil", "Sweep the greenhouse"]),
    ("Make a plan: print 1,200 leaflets, fold them, but first check the proofs.",
     ["Check the proofs", "Print 1,200 leaflets", "Fold them"]),
])
def test_plans_follow_the_requests_own_clauses_and_order_words(model, prompt, steps):
    assert ask(model, prompt).splitlines() == [f"{i}. {s}" for i, s in enumerate(steps, 1)]


def test_one_action_plan_says_it_cannot_plan_sub_steps(model):
    reply = ask(model, "Plan a weekend in Bruges.")
    assert "cannot plan" in reply


def test_paraphrased_verbs_and_yes_no_adjectives_do_not_make_a_question_unanswerable():
    from labkit.llm import get_model

    model = get_model("offline")

    def ask(context, question):
        return model.invoke(f"Context: {context}\nQuestion: {question}").content

    docs = "HTTP/2 support arrived in v3.1 and is switched on with http2=True when you create the Client."
    assert "http2=True" in ask(docs, "How do I turn on HTTP/2?")
    law = "California treats most employee non-compete agreements as void. Leases need a signature."
    assert "void" in ask(law, "Are employee non-compete agreements enforceable?")
    assert "does not mention 'taxed'" in ask(law, "Are employee non-compete agreements taxed?")  # a verb, not loose


def _score(reply: str) -> str:
    return reply.splitlines()[0].split(":")[1].strip()


def test_critique_accepts_a_total_worked_out_from_a_rate_in_the_context(model):
    # "£85 a place" is a rate: the context does not state the total, the figures in it work out to it.
    template = ("Grade this answer on a scale of 1 to 5.\nContext: The pottery class costs £70 a place. All nine places "
                "were sold.\nQuestion: How much did the class take?\nAnswer: {a}")
    assert float(_score(ask(model, template.format(a="£630."))).split("/")[0]) >= 4
    assert _score(ask(model, template.format(a="£70."))) != "5/5"


def test_critique_compares_the_figure_not_the_unit_beside_it(model):
    # "ABV" is in both sentences; the figure the answer gives belongs to the other cider.
    reply = ask(model, "Grade this answer on a scale of 1 to 5.\nContext: The dry perry was bottled at 7.1% ABV. The "
                       "sweet perry, from the later pressing, is 3.9% ABV.\nQuestion: How strong is the dry perry?\n"
                       "Answer: 3.9% ABV.")
    assert float(_score(reply).split("/")[0]) <= 2


def test_critique_does_not_judge_a_figure_when_the_context_gives_several_of_its_kind(model):
    # Whose average is 91.5? The sentence holds several numbers; the loser's average is not stated.
    reply = ask(model, "Rate the answer from 1 to 10.\nContext: Okafor beat Lindgren 6 legs to 4, with a three-dart "
                       "average of 91.5.\nQuestion: What was Lindgren's three-dart average?\nAnswer: 84.7.")
    assert _score(reply) == "none" and "cannot verify" in reply


def test_a_worked_total_is_not_contradicted_by_an_operand_it_used(model):
    reply = ask(model, "Rate the answer from 1 to 10.\nContext: The farrier charges £30 an hour. Shoeing the mare takes "
                       "3 hours, and the new shoes cost £48 on top.\nQuestion: What will the shoeing cost in total?\n"
                       "Answer: £138, that is 30 x 3 = 90 plus 48.")
    assert "The context says £48 where" not in reply and not reply.startswith("Score: 1/10")


def test_a_summary_under_a_tight_limit_keeps_whole_clauses_not_a_cut_sentence(model):
    text = ("The Hollin Bridge mill turned under its own sails on Sunday for the first time since 1961, after the "
            "millwrights fitted four new sails and a rebuilt cap paid for by a grant and years of fundraising; the "
            "stones will not grind flour until next spring.")
    reply = ask(model, f"Summarise this in 30 words or fewer.\n{text}")
    assert not reply.endswith("...") and len(reply.split()) <= 30
    assert "since 1961" in reply and "spring" in reply


def test_facts_after_a_plan_request_are_conditions_not_steps(model):
    reply = ask(model, "Plan how the barge can clear all 90 km of the canal in one 6-hour shift. Her top speed is "
                       "6 km/h and she can't go faster in the locks.")
    assert "Her top speed" not in reply and "cannot plan" in reply


def test_tldr_without_a_limit_is_short_and_a_request_in_the_system_message_summarises_the_user_s_text(model):
    text = ("The rope tow at Fellside broke down twice on Sunday afternoon, so the slope closed at 2pm instead of 5pm; "
            "everyone booked after 2pm gets a free session, and the slope stays shut until Thursday.")
    assert len(ask(model, f"TL;DR please:\n{text}").split()) <= 25
    reply = model.invoke([("system", "Summarise the customer's email for the log in no more than 25 words."),
                          ("human", "Hi, I bought a drysuit from you on Monday, but it leaks at the left wrist seal, "
                                    "so I'd like a repair or a swap; I can bring it in on Friday.")]).content
    assert "Summarise" not in reply and "drysuit" in reply
