from labkit.context.hierarchy import Layer, assemble
from labkit.errors import BudgetExceededError


def build_context(layers, budget):
    # Plausible mistake: "in the prompt" is taken as "not dropped", so empty layers are reported as sent.
    try:
        assembly = assemble([Layer(**layer) for layer in layers], budget)
    except BudgetExceededError as exc:
        return {"error": "over budget", "required_tokens": exc.required_tokens}
    return {
        "tokens": assembly.tokens,
        "within_budget": assembly.tokens <= budget,
        "in_prompt": [o.name for o in assembly.outcomes if o.status != "dropped"],
        "status": {o.name: o.status for o in assembly.outcomes},
    }
