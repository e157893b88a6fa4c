import pytest

from labkit.errors import InvalidInputError, TemplateVariableError
from labkit.reasoning.templates import TEMPLATES, Template, get_template, register, template_variables


def test_variables_in_order_without_duplicates_or_escaped_braces():
    assert template_variables("{b} {a} {b} {{c}}") == ("b", "a")


def test_render_reports_every_missing_and_unknown_variable_at_once():
    t = Template("Dear {name}, your {item} ships on {date}.", name="ship")
    with pytest.raises(TemplateVariableError) as info:
        t.render(name="Ada", dat="Monday", colour="red")
    err = info.value
    assert err.missing == ["item", "date"] and err.unexpected == ["colour", "dat"]
    assert "'ship'" in str(err) and "['name', 'item', 'date']" in str(err)


def test_partial_fills_some_variables():
    t = Template("{greeting}, {name}!").partial(greeting="Hello")
    assert t.required == ("name",)
    assert t.render(name="Ada") == "Hello, Ada!"
    with pytest.raises(TemplateVariableError):
        t.partial(nme="x")


@pytest.mark.parametrize("text", ["{0}", "{a.b}", "{a[0]}", "{a!r}", "{a:>10}", "{unclosed", ""])
def test_malformed_templates_are_rejected(text):
    with pytest.raises(InvalidInputError):
        Template(text)


def test_registry_has_the_three_library_templates_and_rejects_duplicates():
    assert {"analysis", "creative", "technical"} <= set(TEMPLATES)
    values = {v: f"<{v}>" for v in get_template("technical").variables}
    text = get_template("technical").render(**values)
    assert "<technical_role>" in text and "{" not in text
    with pytest.raises(InvalidInputError, match="Known templates"):
        get_template("nope")
    with pytest.raises(InvalidInputError):
        register(Template("x {y}", name="technical"))


def test_to_langchain_renders_the_same():
    t = Template("Hi {name}, about {topic}.").partial(topic="tokens")
    assert t.to_langchain().format(name="Ada") == t.render(name="Ada")
