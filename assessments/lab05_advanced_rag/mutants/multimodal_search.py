from labkit.rag import BM25Index, Document


def multimodal_search(query, k, quota):
    items = [Document(page_id, text, {"modality": "text"}) for page_id, text in PAGES.items()]
    # Plausible mistake: index a table row as its bare values ("Model 5, 419, 3"): the column names, which say what
    # the numbers mean, are lost.
    items += [Document(f"{TABLE['name']}-r{n}", ", ".join(v for v in row if v), {"modality": "table"})
              for n, row in enumerate(TABLE["rows"], start=1)]
    items += [Document(figure_id, caption, {"modality": "image"}) for figure_id, caption in FIGURES.items()]
    pool = BM25Index().add(items).retrieve(query, len(items))
    modality = {hit.id: hit.chunk.metadata["modality"] for hit in pool}
    chosen = []
    for wanted, n in quota.items():
        chosen += [hit.id for hit in pool if modality[hit.id] == wanted][:n]
    for hit in pool:
        if len(chosen) >= k:
            break
        if hit.id not in chosen:
            chosen.append(hit.id)
    rank = {hit.id: i for i, hit in enumerate(pool)}
    return [[item, modality[item]] for item in sorted(chosen[:k], key=rank.get)]
