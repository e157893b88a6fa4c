import json

from labkit.prompting import parse_json_object, validate


def check_reply(reply, schema):
    # Plausible mistake: json.loads on the whole reply, so any JSON wrapped in prose or a code fence
    # (which real models do all the time) is reported as "no JSON at all".
    try:
        value = json.loads(reply)
    except json.JSONDecodeError:
        return {"ok": False, "problem": "no-json", "value": None}
    try:
        validate(value, schema)
    except ValueError:
        return {"ok": False, "problem": "schema", "value": value}
    return {"ok": True, "problem": None, "value": value}
