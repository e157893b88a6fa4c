import re

from labkit.reasoning.chain import check_steps, extract_answer, normalise_answer


def read_reasoning(reply):
    # Plausible mistake: "the answer is the last number in the reply", which breaks as soon as the model
    # adds a remark after its answer line or writes the number with a unit or thousands separator.
    numbers = re.findall(r"-?\d+(?:\.\d+)?", reply)
    steps = check_steps(reply)
    return {
        "answer": numbers[-1] if numbers else None,
        "steps": len(steps),
        "wrong_steps": [i for i, step in enumerate(steps) if not step.ok],
    }
