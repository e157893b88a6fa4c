import numpy as np

from labkit.reasoning.fewshot import mmr_select


def pick_examples(query, examples, k, lambda_mult):
    # Plausible mistake: plain top-k by cosine; lambda_mult is ignored, so near-duplicate examples crowd the prompt.
    vectors = np.asarray(examples, dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    q = np.asarray(query, dtype=np.float32)
    q /= np.linalg.norm(q)
    sims = vectors @ q
    ranked = sorted(range(len(sims)), key=lambda i: -float(sims[i]))
    return ranked[:k]
