from labkit.errors import InvalidInputError
from labkit.prompting import Prompt, lint

OPTIONAL_PARTS = ("role", "context", "format", "constraints")


def prompt_review(spec):
    # Plausible mistake: lints the task line alone, not the prompt the model will actually receive,
    # so the format, constraints and material that fix a finding are never seen by the linter.
    try:
        prompt = Prompt(**spec)
    except InvalidInputError:
        return {"error": "invalid"}
    filled = prompt.parts()
    return {
        "missing": [part for part in OPTIONAL_PARTS if part not in filled],
        "findings": [finding.rule for finding in lint(spec["task"])],
    }
