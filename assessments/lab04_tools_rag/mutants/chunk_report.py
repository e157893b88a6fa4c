from labkit.rag import RecursiveChunker, reassemble


def chunk_report(text, size, overlap):
    chunks = RecursiveChunker(size=size, overlap=overlap).split(text)
    # Plausible mistake: gluing chunk texts back together ignores the overlap between neighbours.
    return {"spans": [[chunk.start, chunk.end] for chunk in chunks],
            "lossless": "".join(chunk.text for chunk in chunks) == text,
            "longest": max((len(chunk.text) for chunk in chunks), default=0)}
