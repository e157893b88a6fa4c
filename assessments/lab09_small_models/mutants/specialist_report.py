from labkit.llm import ScriptedChatModel
from labkit.small import Specialist


def specialist_report(domain, task, values, replies, context_limit):
    # Plausible mistake: no second ask, so an answer of the wrong shape is final.
    specialist = Specialist(domain, ScriptedChatModel(replies=replies), context_limit=context_limit, retries=0)
    answer = specialist.run(task, **values)
    return {"template": answer.template, "valid": answer.valid, "value": answer.value, "calls": answer.calls,
            "shortened": answer.shortened}
