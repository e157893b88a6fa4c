"""Reading BEIR-format datasets and scoring retrievers on them.

The BEIR layout: ``corpus.jsonl`` (``{"_id", "title", "text"}`` per line), ``queries.jsonl`` (``{"_id", "text"}``)
and ``qrels/<split>.tsv`` (``query-id  corpus-id  score`` with a header). Only queries with judgements in the
split are evaluated. Runs are written in TREC format (``qid Q0 docid rank score tag``), which ``trec_eval`` and
``pytrec_eval`` read.

The one idea: a public benchmark with published numbers keeps you honest: if your BM25 does not reach the published
BM25, fix that before you claim anything about a fancier method.

Left out: downloading (point it at a folder you already have).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from labkit.errors import DatasetFormatError
from labkit.rag.documents import Chunk


@dataclass(frozen=True)
class BeirDataset:
    """A loaded BEIR split: ``corpus`` as chunks (title + text), ``queries`` {id: text}, ``qrels`` {qid: {doc: grade}}."""

    name: str
    corpus: list[Chunk]
    queries: dict[str, str]
    qrels: dict[str, dict[str, int]]


def _jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        raise DatasetFormatError(str(path), "missing; a BEIR folder has corpus.jsonl, queries.jsonl and qrels/<split>.tsv.")
    rows = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DatasetFormatError(f"{path}:{n}", f"not JSON ({exc.msg}).") from None
            if "_id" not in row:
                raise DatasetFormatError(f"{path}:{n}", "has no '_id' field.")
            rows.append(row)
    return rows


def load_beir(folder: str | Path, split: str = "test", *, title_field: bool = True) -> BeirDataset:
    """Read a BEIR folder; ``title_field`` puts each document's title before its text (what BM25 and MiniLM expect)."""
    root = Path(folder)
    if not root.is_dir():
        raise DatasetFormatError(str(root), "is not a folder.")
    corpus = []
    for row in _jsonl(root / "corpus.jsonl"):
        title, text = (row.get("title") or "").strip(), row.get("text") or ""
        body = f"{title} {text}".strip() if title_field and title else text
        corpus.append(Chunk(str(row["_id"]), body, str(row["_id"]), 0, len(body), {"title": title}))
    queries = {str(r["_id"]): r.get("text", "") for r in _jsonl(root / "queries.jsonl")}
    qrels_path = root / "qrels" / f"{split}.tsv"
    if not qrels_path.is_file():
        raise DatasetFormatError(str(qrels_path), f"missing; available splits: "
                                 f"{sorted(p.stem for p in (root / 'qrels').glob('*.tsv')) or 'none'}.")
    qrels: dict[str, dict[str, int]] = {}
    with qrels_path.open(encoding="utf-8") as f:
        reader = csv.reader(f, delimiter="\t")
        for n, row in enumerate(reader, start=1):
            if n == 1 and row and not row[-1].strip().lstrip("-").isdigit():
                continue  # header
            if len(row) < 3:
                raise DatasetFormatError(f"{qrels_path}:{n}", "needs query-id, corpus-id and score columns.")
            qrels.setdefault(row[0], {})[row[1]] = int(row[2])
    missing = [q for q in qrels if q not in queries]
    if missing:
        raise DatasetFormatError(str(qrels_path), f"judges {len(missing)} queries not in queries.jsonl (e.g. {missing[0]!r}).")
    return BeirDataset(root.name, corpus, {q: queries[q] for q in qrels}, qrels)


def write_trec_run(run: Mapping[str, Sequence[tuple[str, float]]], path: str | Path, tag: str = "labkit") -> Path:
    """Write ``{qid: [(doc id, score), ...]}`` (best first) as a TREC run file."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for qid, ranked in run.items():
            for rank, (doc, score) in enumerate(ranked, start=1):
                f.write(f"{qid} Q0 {doc} {rank} {score:.6f} {tag}\n")
    return out


def read_trec_run(path: str | Path) -> dict[str, list[str]]:
    """Ranked doc ids per query from a TREC run file."""
    runs: dict[str, list[tuple[int, str]]] = {}
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        parts = line.split()
        if len(parts) != 6:
            raise DatasetFormatError(f"{path}:{n}", "a TREC run line has 6 fields: qid Q0 docid rank score tag.")
        runs.setdefault(parts[0], []).append((int(parts[3]), parts[2]))
    return {q: [d for _, d in sorted(v)] for q, v in runs.items()}
