from labkit.evaluation import PromptStore, parse_prompt


def prompt_audit(files, ref):
    # Plausible mistake: versions sorted as text, so "1.9.0" counts as newer than "1.10.0".
    store = PromptStore([parse_prompt(text) for text in files])
    name, _, version = ref.partition("@")
    versions = sorted({parse_prompt(text).version for text in files if parse_prompt(text).name == name})
    prompt = store.get(f"{name}@{versions[-1] if version in ('', 'latest') else version}")
    return {"prompt": prompt.ref, "hash": prompt.content_hash, "versions": versions,
            "problems": [[p.ref, p.kind] for p in store.verify()]}
