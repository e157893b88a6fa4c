from labkit.errors import TemplateVariableError
from labkit.reasoning.templates import Template


def fill_template(text, defaults, values):
    # Plausible mistake: plain str.format, which names only the first missing variable and silently ignores
    # misspelt extra ones.
    try:
        return {"prompt": text.format(**{**defaults, **values})}
    except KeyError as exc:
        return {"missing": [exc.args[0]], "unexpected": []}
