from pydantic import BaseModel

from labkit.errors import StructuredOutputError
from labkit.llm import ScriptedChatModel
from labkit.prompting import extract_structured


class Person(BaseModel):
    name: str
    age: int


def structured_attempts(replies, max_attempts):
    # Plausible mistake: the attempt bound is never passed on, so the loop always uses the library default.
    model = ScriptedChatModel(replies=replies, repeat_last=True)
    prompt = "Extract the person described in the text.\nText: Ada Lovelace is 36 years old."
    try:
        result = extract_structured(model, prompt, Person)
    except StructuredOutputError as exc:
        return {"ok": False, "attempts": len(exc.attempts), "calls": len(model.calls), "value": None}
    return {"ok": True, "attempts": len(result.attempts), "calls": len(model.calls),
            "value": result.value.model_dump()}
