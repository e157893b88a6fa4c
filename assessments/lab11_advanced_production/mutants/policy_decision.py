from labkit.production.policy import EFFECT_RANK, PolicyEngine


def policy_decision(rules, default, context):
    engine = PolicyEngine({"default": default, "rules": rules})
    # Plausible mistake: "fail safe, the strictest effect always wins" -- priorities are ignored, so an explicit,
    # higher-priority exception can never override a general deny.
    context = engine.enrich(context)
    matched = [r for r in engine.policy.rules if r.matches(context)]
    if not matched:
        return {"effect": default, "rules": [], "overridden": [], "text": context.get("text")}
    effect = max((r.effect for r in matched), key=EFFECT_RANK.__getitem__)
    winners = [r for r in matched if r.effect == effect]
    text = context.get("text")
    if effect == "redact":
        from labkit.production.pii import redact
        text = redact(text, sorted({k for r in winners for k in r.redact})).text
    return {"effect": effect, "rules": [r.id for r in winners],
            "overridden": [r.id for r in matched if r not in winners], "text": text}
