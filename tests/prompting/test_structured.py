import pytest
from pydantic import BaseModel

from labkit.errors import InvalidInputError, StructuredOutputError
from labkit.llm import MalformedJSON, ScriptedChatModel, get_model
from labkit.prompting.anatomy import Prompt
from labkit.prompting.structured import extract_structured, format_instructions, schema_keys, validate


class Person(BaseModel):
    name: str
    age: int


def test_first_valid_reply_is_returned_after_one_attempt():
    model = ScriptedChatModel(replies=['{"name": "Ada", "age": 36}'])
    result = extract_structured(model, "Ada is 36.", Person)
    assert result.value == Person(name="Ada", age=36)
    assert len(result.attempts) == 1 and result.attempts[0].error is None
    assert 'keys "name", "age"' in model.calls[0].messages[-1].content


def test_repair_loop_shows_the_error_to_the_model():
    model = ScriptedChatModel(replies=[MalformedJSON(), '{"name": "Ada", "age": "old"}', '{"name": "Ada", "age": 36}'])
    result = extract_structured(model, "Ada is 36.", Person, max_attempts=3)
    assert result.value.age == 36
    assert [a.error is None for a in result.attempts] == [False, False, True]
    assert "no parseable JSON" in result.attempts[0].error
    second, third = (c.messages[-1].content for c in model.calls[1:])
    assert "no parseable JSON" in second and "Ada is 36." in second
    assert "age" in third and "integer" in third


def test_gives_up_after_max_attempts_with_every_attempt():
    model = ScriptedChatModel(replies=['{"name": "Ada"}'], repeat_last=True)
    with pytest.raises(StructuredOutputError) as info:
        extract_structured(model, "Ada is 36.", Person, max_attempts=2)
    assert len(info.value.attempts) == 2 and len(model.calls) == 2
    assert "age" in str(info.value) and info.value.raw == '{"name": "Ada"}'


def test_json_schema_dicts_validate_with_jsonschema():
    schema = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
    assert validate({"city": "Paris"}, schema) == {"city": "Paris"}
    with pytest.raises(ValueError, match="city"):
        validate({"town": "Paris"}, schema)
    assert schema_keys(schema) == ["city"]


def test_offline_model_fills_a_string_schema():
    class Contact(BaseModel):
        name: str
        email: str
        city: str

    prompt = Prompt(task="Extract the contact details.", context="My name is Maya Lopez and I live in Lisbon. "
                    "Reach me at maya.lopez@example.com.", context_label="Text")
    result = extract_structured(get_model(), prompt, Contact)
    assert result.value == Contact(name="Maya Lopez", email="maya.lopez@example.com", city="Lisbon")


def test_format_instructions_list_types_and_enums():
    schema = {"type": "object", "properties": {"mood": {"enum": ["happy", "sad"]}, "n": {"type": "integer",
              "description": "how many"}}}
    text = format_instructions(schema)
    assert text.splitlines()[0] == 'Respond in JSON with keys "mood", "n".'
    assert "one of happy, sad" in text and "integer (how many)" in text


@pytest.mark.parametrize("kwargs", [{"max_attempts": 0}, {"prompt": ""}, {"schema": {"type": "string"}},
                                    {"schema": int}])
def test_bad_arguments(kwargs):
    args = {"model": ScriptedChatModel(replies=["{}"]), "prompt": "x", "schema": Person, **kwargs}
    with pytest.raises(InvalidInputError):
        extract_structured(**args)
