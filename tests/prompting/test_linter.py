import pytest

from labkit.errors import InvalidInputError
from labkit.prompting.anatomy import good_prompt
from labkit.prompting.linter import lint

SYLLABUS_GOOD = """You are a pet care expert writing for new dog owners.

Task: Write a 300-word article about golden retriever care
Format: Include sections for feeding, exercise, and grooming
Constraints: Use simple language, include 2-3 specific tips per section"""


@pytest.mark.parametrize("prompt,rule", [
    ("Write about dogs", "vague-instruction"),
    ("Make this better", "vague-instruction"),
    ("Write an article about dogs", "no-format"),
    ("Format as JSON", "no-examples"),
    ("What should we do next?", "assumed-context"),
    ("Is this a good strategy?", "assumed-context"),
    ("Write an article about dogs", "unbounded-length"),
])
def test_flags_the_classic_mistakes(prompt, rule):
    findings = {f.rule: f for f in lint(prompt)}
    assert rule in findings
    assert findings[rule].reason and findings[rule].fix


@pytest.mark.parametrize("prompt,rule", [
    ("Improve readability by: shortening sentences, adding bullet points, removing jargon", "vague-instruction"),
    ("Format as JSON like this: {'name': 'John', 'age': 30, 'city': 'NYC'}", "no-examples"),
    ("Given our product launch failed, what should our startup do next? Consider pivoting, fundraising, or "
     "cost-cutting.", "assumed-context"),
    ("Write a 300-word article about dogs", "unbounded-length"),
])
def test_the_fixed_versions_are_not_flagged_for_that_rule(prompt, rule):
    assert rule not in {f.rule for f in lint(prompt)}


def test_good_prompts_are_clean():
    assert lint(SYLLABUS_GOOD) == []
    assert lint(good_prompt("Ada lives in Paris.")) == []


@pytest.mark.parametrize("bad", ["", "   ", None, 42])
def test_bad_input(bad):
    with pytest.raises(InvalidInputError):
        lint(bad)
