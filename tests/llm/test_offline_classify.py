"""The offline model's classification rules, each a general principle tried on sentences written for this file
(archery ranges, laundromats, dental clinics, allotments, escape rooms, parrots): none of these topics is in the
probe suites, so a rule that passes here is not a patch for a probe.

Every abstention must say why in one sentence and name none of the offered labels (a refusal that names a label
reads as an answer).
"""

from __future__ import annotations

import pytest

from labkit.llm import OfflineChatModel
from labkit.llm.offline import classify as C


@pytest.fixture(scope="module")
def model() -> OfflineChatModel:
    return OfflineChatModel()


def ask(model, prompt: str) -> str:
    return model.invoke(prompt).content


def refuses_without_naming(reply: str, labels: list[str]) -> bool:
    low = reply.lower()
    return reply.startswith("I cannot classify") and not any(label.lower() in low for label in labels)


# --- contrast and concession: the clause after "but" states the verdict ------------------------------------------

def test_the_clause_after_but_dominates(model):
    prompt = ('Positive or negative? "I dreaded the escape room all week, but it turned out to be the most fun '
              'evening of the year."')
    assert ask(model, prompt) == "Positive"
    prompt = ('Positive or negative? "The escape room looked lovely in the photos, but the locks were broken and '
              'the staff were rude."')
    assert ask(model, prompt) == "negative"


def test_an_expectation_is_not_an_opinion_so_the_text_is_not_mixed():
    o = C.opinion("I dreaded the escape room all week, but it turned out to be the most fun evening of the year.")
    assert o.polarity > 0 and not C.is_mixed(o)


# --- negation scope ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("clause, sign", [
    ("the laundromat was not dirty", 1),           # plain negation flips
    ("I wouldn't call the laundromat dirty", 1),    # neg-raising: reaches over the clause after 'call'
    ("I don't think the archery lesson was boring", 1),
    ("not slow and the coffee was great", 2),       # 'and' closes the scope: 'great' keeps its sign
    ("a rule nobody will follow is pointless", -1),  # the negation stays in its relative clause
    ("never again", -1),
    ("the happiest hour of the week", 1),           # superlatives read as their base word
])
def test_negation_scope(clause, sign):
    assert C.clause_opinion(clause) == sign


@pytest.mark.parametrize("clause, parts", [
    ("never had a rude waiter in ten years", (1.0, 0.0)),   # 'never' spent on flipping 'rude' is not criticism
    ("never again", (0.0, 1.0)),
    ("I couldn't be happier with the allotment", (1.0, 0.0)),  # an idiom, not a negation
    ("can't believe how good the planetarium show was", (1.0, 0.0)),
    ("nothing about the workshop was useful", (0.0, 1.0)),  # a negative subject negates its clause
    ("the climb was not as easy as promised", (0.0, 1.0)),
    ("the starters were superb, the mains were bland", (1.0, 1.0)),  # praise and criticism both counted
])
def test_clause_parts(clause, parts):
    assert C.clause_parts(clause) == parts


def test_negated_opinion_in_a_full_prompt(model):
    prompt = ('Sentiment (positive / negative / neutral) of this note: "I would not say the dental clinic was '
              'unpleasant. Honestly it was the calmest check-up I have had."')
    assert ask(model, prompt) == "positive"


def test_ironic_praise_around_a_complaint_reads_as_criticism(model):
    prompt = ('Sentiment, positive or negative? "Oh great, the laundromat change machine is broken again. Just what '
              'I needed on a Monday."')
    assert ask(model, prompt) == "negative"
    assert C.opinion("Great, thanks for the quick fix, the broken tap works again.").polarity > 0  # no frame


@pytest.mark.parametrize("text, sentiment", [
    ("Loved waiting fifty minutes for the tram, then standing the whole way. Best commute ever.", "negative"),
    ("Oh wonderful. The printer ate my thesis. Truly a great start to the week.", "negative"),
    ("Great, another weekend where the heating was broken and nobody answered the phone.", "negative"),
    ("Great, another sell-out night for the choir, and the soloist was superb.", "positive"),  # meant
    ("Loved sitting by the fire for hours with a hot chocolate.", "positive"),  # no wait
])
def test_sarcastic_frames_turn_the_rest_of_the_praise(model, text, sentiment):
    assert ask(model, f'Positive, negative or mixed? "{text}"').lower() == sentiment


# --- mixed opinions ----------------------------------------------------------------------------------------------

def test_mixed_is_chosen_when_offered_and_praise_meets_criticism(model):
    prompt = ('Is this review positive, negative or mixed? "The archery range is spacious and the instructors are '
              'friendly, but the targets are worn out and the car park is dirty."')
    assert ask(model, prompt) == "mixed"


def test_a_verdict_clause_without_opinion_words_is_not_guessed(model):
    text = ('"The new dryers are quick and quiet - but the coin slot jams every other load and nobody '
            'answers the phone."')
    assert ask(model, f"Is this review positive, negative or mixed? {text}") == "mixed"
    reply = ask(model, f"Positive or negative? {text}")
    assert refuses_without_naming(reply, ["positive", "negative"]) and "verdict" in reply


# --- definitions given in the prompt -----------------------------------------------------------------------------

DEFINED = ("Classify the allotment report. Definitions: neglected = no watering and no weeding for weeks; "
           "tended = regular watering and weeding.\n")


def test_definition_words_count_only_when_said_the_same_way(model):
    assert ask(model, DEFINED + '"Watering and weeding are done every Saturday by the plot holder."') == "tended"
    assert ask(model, DEFINED + '"There has been no watering and no weeding on plot 9 since early June."') \
        == "neglected"


def test_scoped_stems_separate_what_is_denied():
    said, denied = C.scoped_stems("No watering this month, but the weeding was done.")
    assert "water" in denied and "weed" in said and "water" not in said


def test_a_definition_matching_only_denied_words_is_not_trusted():
    """With a stand-in similarity (word overlap), a definition that shares words only with what the text denies
    is flagged; one that shares words with what the text affirms is not; a definition by absence is not checked."""
    def overlap(query: str, texts: list[str]) -> list[float]:
        q = set(query.lower().replace(":", " ").split())
        return [len(q & set(t.lower().split())) / (len(t.split()) or 1) for t in texts]

    text = "The parrot sang all morning and ate its seeds, no feathers lost, no limping."
    assert C.resembles_what_is_denied(text, "ill", "feathers lost or limping", overlap)
    assert not C.resembles_what_is_denied(text, "healthy", "sang and ate seeds", overlap)
    assert not C.resembles_what_is_denied(text, "healthy", "no feathers lost and no limping", overlap)


def test_numbers_in_a_definition_match_numbers_written_in_words(model):
    prompt = ("Gear ratios: low = 1:4, middle = 1:2, high = 1:1.\n"
              "The rider is pedalling at a ratio of one to four. Which gear?")
    assert ask(model, prompt) == "low"
    assert C.number_terms("one to seventy-six") == C.number_terms("1:76") == {"#1", "#76"}


def test_comparative_bands(model):
    prompt = ("Wind bands: calm (slower than 5 km/h), breezy (5 to 30 km/h), gale (faster than 30 km/h).\n"
              "The anemometer on the pier reads 42 km/h. Which band?")
    assert ask(model, prompt) == "gale"
    assert C.band("deeper than 12 m")[:2] == (12.0, float("inf"))
    assert C.band("shallower than 3 m")[:2] == (float("-inf"), 3.0)


# --- speech acts (intent) ----------------------------------------------------------------------------------------

INTENTS = "Intent of this message? Options: booking, cancellation, question, complaint.\n"


@pytest.mark.parametrize("message, label", [
    ("Please call off my Thursday scale-and-polish appointment, something came up.", "cancellation"),
    ("I would like to reserve the archery lane for two hours on Friday.", "booking"),
    ("Is the laundromat open on public holidays?", "question"),
    ("The dryers were filthy and two of them were broken.", "complaint"),
])
def test_intent_from_general_phrasing(model, message, label):
    assert ask(model, INTENTS + f'"{message}"') == label


def test_intent_lexicon_only_names_acts():
    assert C.intent_of("cancel_lesson") == "cancel" and C.intent_of("equipment hire") is None
    assert C.message_intent("Can I cancel my archery lesson?") == "cancel"  # the purpose, asked as a question
    assert C.message_intent("There is a problem with my booking: the lane was double-booked.") == "complain"


# --- catch-all options and several labels ------------------------------------------------------------------------

def test_other_is_an_answer_when_offered(model):
    prompt = 'Classify the topic as billing, login or other: "Please fix the double charge on my billing statement."'
    assert ask(model, prompt) == "billing"
    prompt = 'Classify the topic as billing, login or other: "Our parrot learned to whistle a tune."'
    reply = ask(model, prompt)
    assert reply == "other" or refuses_without_naming(reply, ["billing", "login", "other"])


def test_other_wins_only_when_no_definition_fits():
    flat = lambda q, ts: [0.1] * len(ts)  # noqa: E731 - an embedding with no opinion
    defined = {"billing": "charges, invoices and refunds", "login": "passwords and sign-in problems"}
    c = C.classify("Our parrot whistles.", ["billing", "login", "other"], defined, similarity=flat)
    assert c.label == "other" and c.supported
    bare = C.classify("Our parrot whistles.", ["billing", "login", "other"], similarity=flat)
    assert not bare.supported  # without definitions, nothing shows that neither fits


def test_an_intent_needs_a_phrased_act(model):
    reply = ask(model, INTENTS + '"The kayak we rented on Saturday had a crack in the hull."')
    assert reply in ("complaint",) or refuses_without_naming(reply, ["booking", "cancellation", "question",
                                                                     "complaint"])
    assert C.classify("The kayak we rented had a crack.", ["booking", "cancellation", "question"],
                      similarity=lambda q, ts: [0.9, 0.1, 0.1][: len(ts)]).supported is False


def test_all_that_apply(model):
    prompt = ('Tag this support ticket with all labels that apply: billing, login, performance.\n'
              '"I was charged twice on my billing statement and now the login page rejects my password."')
    assert ask(model, prompt) == "billing, login"


# --- finding the options -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("prompt, labels", [
    ('Is this review positive, negative or mixed? "The parrot cage arrived dented."', ["positive", "negative",
                                                                                         "mixed"]),
    ('Tone: formal, casual or rude? "Cheers for the tip!"', ["formal", "casual", "rude"]),
    ("Sizes: S = 1:20, M = 1:10, L = 1:5.\nWhich size is this?", ["S", "M", "L"]),
])
def test_options_are_found_whole(prompt, labels):
    assert C.find_labels(prompt)[0] == labels


def test_a_quoted_message_is_what_gets_labelled_not_the_question(model):
    prompt = ("Intent of this email? Options: booking, complaint, question, cancellation.\n"
              '"We have to call off the pottery workshop on the 9th because the hall is flooded."')
    assert ask(model, prompt) == "cancellation"


def test_options_listed_with_their_measures_in_a_system_prompt(model):
    from langchain_core.messages import HumanMessage, SystemMessage
    reply = model.invoke([
        SystemMessage("You place boats in berths. Berths: dinghy 2-4 m, keelboat 6-8 m, cruiser 9-12 m. "
                      "Reply with the berth only."),
        HumanMessage("New arrival: a 7 m keel sloop with a fixed fin."),
    ]).content
    assert reply == "keelboat"
    assert C.measured_items(["lost property", "fares"]) == (["lost property", "fares"], {})


@pytest.mark.parametrize("prompt, expected", [
    ('Sentiment (positive or negative): "Nothing about the pottery workshop was useful."', "negative"),
    ('Review: "Not the cheapest planetarium, but the shows are superb." Sentiment?', "positive"),
    ('Label the complaint by department: kitchen, housekeeping, front desk.\n'
     '"The towels in the allotment cabin were not changed for three days."', "housekeeping"),
])
def test_options_in_more_phrasings(model, prompt, expected):
    assert ask(model, prompt) == expected


def test_an_act_label_needs_the_act(model):
    reply = ask(model, 'Is this a question or a statement? "The archery range closes at six."')
    assert refuses_without_naming(reply, ["question", "statement"])


def test_a_conceded_although_clause_weighs_less(model):
    prompt = 'Positive or negative? "Although the archery instructor was late, the lesson was excellent."'
    assert ask(model, prompt) == "Positive"


@pytest.mark.parametrize("prompt, labels", [
    ('Positive, negative or mixed? "The planetarium dome leaks."', ["Positive", "negative", "mixed"]),
])
def test_a_first_option_is_not_taken_for_the_task(prompt, labels):
    assert C.find_labels(prompt)[0] == labels


def test_question_residue_is_trimmed_from_the_first_option(model):
    prompt = ('Is the tone of this email formal or informal? "Dear Dr Mensah, please find attached the signed '
              'allotment lease. Kind regards, the committee"')
    reply = ask(model, prompt)
    assert "this email" not in reply


SEVERITY = ("Severity levels: minor = no injury, no damage; moderate = damage to equipment only; "
            "major = someone injured.\nReport: ")


def test_defined_options_with_a_report_need_no_classify_verb(model):
    assert ask(model, SEVERITY + '"A volunteer at the allotment cut his hand on a rusty spade and needed stitches."') \
        == "major"


def test_a_definition_by_absence_is_not_picked_on_similarity_alone(model):
    reply = ask(model, SEVERITY + '"A wheelbarrow tipped over and bent the shed door; nobody was hurt."')
    assert reply != "minor"  # the text affirms damage in words the definition does not use: no guess
    assert C.defined_by_absence("nothing went wrong") and not C.defined_by_absence("the dive aborted")


EMOTIONS = "Which emotion fits best: joy, anger, fear or sadness?\n"


@pytest.mark.parametrize("message, label", [
    ("How dare they tow my car from outside my own house without a warning!", "anger"),
    ("If the farrier does not come by tonight I do not know what we will do with the lame pony.", "fear"),
    ("Our allotment neighbour passed away last week and the plot feels empty without her.", "sadness"),
    ("We won the archery league and I cannot wait to tell the whole club!", "joy"),
])
def test_emotion_cues(model, message, label):
    assert ask(model, EMOTIONS + f'"{message}"') == label


def test_an_emotion_is_not_guessed_from_topic(model):
    reply = ask(model, EMOTIONS + '"The laundromat on Elm Street now opens at seven on Sundays."')
    assert refuses_without_naming(reply, ["joy", "anger", "fear", "sadness"])


def test_a_cannot_tell_option_is_the_answer_when_no_words_decide(model):
    prompt = ('We sort fossil reports as: ammonite (a coiled shell with ribbed chambers), belemnite (a bullet-shaped '
              'guard), cannot tell (the report does not say enough to apply these).\nReport: "A grey stone from the '
              'beach at Lyme, about the size of my thumb."')
    assert ask(model, prompt).strip().lower().startswith("cannot tell")
    described = prompt.replace("A grey stone from the beach at Lyme, about the size of my thumb.",
                               "A coiled shell with ribbed chambers, found at Lyme.")
    assert ask(model, described).strip().lower().startswith("ammonite")


def test_quoted_labels_are_not_the_text_to_classify(model):
    prompt = ('Breaches are logged as "kitchen hygiene" (anything that could make food unsafe), "courtesy" (rude but '
              'harmless) or "no breach".\n"A waiter kept sighing loudly while taking the order."')
    from labkit.llm.offline.prompt import read_prompt
    from labkit.llm.offline.skill import Turn

    text = C.material(Turn(read_prompt([("human", prompt)])))
    assert "waiter kept sighing" in text and "kitchen hygiene" not in text


def test_a_parenthesised_list_closing_the_request_is_the_label_set(model):
    reply = ask(model, "Sentiment of this note from the inspector's report (positive, negative, neutral):\n"
                       "\"The rooms were spotless and the staff were lovely.\"")
    assert reply.strip().lower().startswith("positive")


@pytest.mark.parametrize("prompt, labels", [
    ("positive / negative / mixed?\n\"Lovely staff.\"", ["positive", "negative", "mixed"]),
    ("A note came in after the gig. Is it praise, a complaint, or a booking enquiry?",
     ["praise", "complaint", "booking enquiry"]),
])
def test_a_choice_after_a_sentence_or_with_slashes_is_the_label_set(prompt, labels):
    assert C.find_labels(prompt)[0] == labels


def test_x_means_y_takes_the_short_side_as_the_label():
    found = C.find_labels("Jobs: pruning means cutting branches off a tree; grafting means joining a cutting onto roots.")
    assert found[0] == ["pruning", "grafting"] and found[1]["grafting"] == "joining a cutting onto roots"
    assert C.find_labels("Flags: the N flag means abandonment; the AP flag means postponement.")[0] == [
        "abandonment", "postponement"]


def test_a_label_the_text_names_only_to_deny_it_is_not_named(model):
    prompt = ('Did this guest like the new sauna? Answer liked, disliked or no opinion.\n"I wouldn\'t say I disliked '
              'the new sauna - honestly, it is the best thing the spa has done in years."')
    assert ask(model, prompt).lower() != "disliked"  # liked, or no verdict; never the label it denies
    assert C._lexical({"dislik", "sauna"}, "disliked", "", C.scoped_stems("I wouldn't say I disliked the sauna")) == 0
