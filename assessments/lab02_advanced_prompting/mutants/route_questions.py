from labkit.reasoning.roles import get_role, route


def route_questions(questions, roles, min_score):
    # Plausible mistake: trust the best match even when nothing fits, so every question gets some expert.
    out = []
    for question in questions:
        name, score = route(question, roles)
        out.append([name, score, get_role(name).system_prompt().splitlines()[0]])
    return out
