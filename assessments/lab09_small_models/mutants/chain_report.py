from labkit.errors import MissingChainInputError
from labkit.llm import get_model
from labkit.small import Skill, SkillChain


def chain_report(steps, inputs, max_prompt_tokens):
    skills = [Skill(s["name"], s["template"], s["output"], max_prompt_tokens, compress=s.get("compress"),
                    query=s.get("query")) for s in steps]
    chain = SkillChain(skills, get_model())
    try:
        run = chain.run(**inputs)
    except MissingChainInputError as error:
        return {"missing": {"skill": error.skill, "fields": list(error.missing)}}
    # Plausible mistake: words are not tokens -- counting prompt.split() under-reports what the model reads.
    sizes = [len(s.prompt.split()) for s in run.steps]
    return {"steps": [[s.skill, n, s.shortened] for s, n in zip(run.steps, sizes)], "largest": max(sizes),
            "outputs": sorted(s["output"] for s in steps)}
