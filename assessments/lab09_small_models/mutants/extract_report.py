import json

from labkit.small import FieldExtractor, FieldSpec


def extract_report(text, fields, reply):
    # Plausible mistake: rules first, then every open field is taken from the model's reply as it is, unchecked
    # (and the model is asked even for an email the pattern did not find).
    specs = [FieldSpec(name, kind, tuple(cues)) for name, kind, cues in fields]
    rules = FieldExtractor(specs).extract(text)
    values = dict(rules.values)
    open_fields = [s.name for s in specs if s.name not in values]
    calls = 1 if reply is not None and open_fields else 0
    try:
        data = json.loads(reply) if calls else {}
    except ValueError:
        data = {}
    for name in open_fields:
        if data.get(name) is not None:
            values[name] = data[name]
    found = [s.name for s in specs if s.name in values]
    return {"values": values, "found": found, "missing": [s.name for s in specs if s.name not in values],
            "ambiguous": [], "invalid": [], "by_rule": rules.by_rule, "model_calls": calls}
