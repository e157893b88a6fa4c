"""Small-model patterns, measured: keyword tool selection accuracy, and whether answers survive prompt compression.

Part 1 (tool selection): the labelled requests in --tools (tools with descriptions/keywords, and requests labelled
with the tool a careful person would call, or null) are routed by KeywordToolSelector at several --min-score
thresholds. Reported: accuracy, missed (no tool chosen though one was needed) and wrong (another tool chosen).

Part 1b: the offline model's own choice with every tool bound (bind_tools), on the same requests, and what the
bound schemas cost in prompt tokens per call: the price keyword selection avoids.

Part 2 (compression): for every answerable question of the domain corpus --corpus, its documents are ranked by
embedding similarity and put in a Context:/Question: prompt, once in full and once compressed to each --limits value.
Reported per limit: mean prompt tokens, and how often the offline model's answer is identical to the full-prompt one.

Usage: python benchmarks/bench_small.py [--tools labkit/small/data/tool_requests.json]
       [--corpus labkit/domains/data/technical.json] [--limits 512 256 128 96 64] [--min-score 0.25 0.5 1 2 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from labkit.domains.corpus import load_corpus
from labkit.domains.retrieval import EmbeddingRetriever
from labkit.llm import get_model
from labkit.llm.tokens import count_tokens
from labkit.small.compression import compress_qa_prompt
from labkit.small.tool_selection import KeywordToolSelector, ToolSpec, evaluate_selector

ROOT = Path(__file__).resolve().parent.parent


def tool_rows(path: Path, thresholds: list[float]) -> list[str]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    tools = [ToolSpec(t["name"], t["description"], tuple(t.get("keywords", ()))) for t in raw["tools"]]
    requests = [(r["text"], r["tool"]) for r in raw["requests"]]
    rows = ["| min_score | accuracy | missed | wrong tool | requests |", "| --- | --- | --- | --- | --- |"]
    for threshold in thresholds:
        report = evaluate_selector(KeywordToolSelector(tools, min_score=threshold), requests)
        missed = sum(got is None for _, _, got in report.mistakes)
        rows.append(f"| {threshold:g} | {report.accuracy:.1%} ({report.correct}/{report.n}) | {missed} | "
                    f"{len(report.mistakes) - missed} | {report.n} |")
    return rows


def model_choice_rows(path: Path) -> list[str]:
    """The offline model's own tool choice (bind_tools, all tools bound) on the same requests, for comparison."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    schemas = [{"type": "function", "function": {
        "name": t["name"], "description": f"{t['description']} Keywords: {', '.join(t.get('keywords', []))}.",
        "parameters": {"type": "object", "properties": {"request": {"type": "string"}}, "required": ["request"]}}}
        for t in raw["tools"]]
    bound = get_model().bind_tools(schemas)
    correct = 0
    for r in raw["requests"]:
        calls = bound.invoke(r["text"]).tool_calls
        correct += (calls[0]["name"] if calls else None) == r["tool"]
    all_tokens = count_tokens(json.dumps(schemas))
    one_tokens = round(all_tokens / len(schemas))
    n = len(raw["requests"])
    return [f"| offline model, all {len(schemas)} tools bound | {correct / n:.1%} ({correct}/{n}) | "
            f"~{all_tokens} schema tokens per call (one tool: ~{one_tokens}) |"]


def compression_rows(path: Path, limits: list[int]) -> list[str]:
    corpus = load_corpus(path)
    retriever = EmbeddingRetriever(list(corpus.documents))
    model = get_model()
    questions = [q for q in corpus.questions if q.answerable]
    full_tokens, full_answers, chunks_for = [], [], []
    for q in questions:
        chunks = [f"[{h.document.id}] {h.document.text}" for h in retriever.retrieve(q.question, k=len(corpus.documents))]
        full = compress_qa_prompt(q.question, chunks, 10**6)
        chunks_for.append(chunks)
        full_tokens.append(full.tokens)
        full_answers.append(model.invoke(full.text).content)
    rows = ["| limit | mean prompt tokens | same answer as full prompt |", "| --- | --- | --- |",
            f"| none | {statistics.mean(full_tokens):.0f} | {len(questions)}/{len(questions)} |"]
    for limit in limits:
        tokens, same = [], 0
        for q, chunks, reference in zip(questions, chunks_for, full_answers):
            fitted = compress_qa_prompt(q.question, chunks, limit)
            tokens.append(fitted.tokens)
            same += model.invoke(fitted.text).content == reference
        rows.append(f"| {limit} | {statistics.mean(tokens):.0f} | {same}/{len(questions)} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tools", type=Path, default=ROOT / "labkit/small/data/tool_requests.json")
    parser.add_argument("--corpus", type=Path, default=ROOT / "labkit/domains/data/technical.json")
    parser.add_argument("--limits", type=int, nargs="+", default=[512, 256, 128, 96, 64])
    parser.add_argument("--min-score", type=float, nargs="+", default=[0.25, 0.5, 1.0, 2.0, 3.0])
    args = parser.parse_args()
    print(f"## Keyword tool selection ({args.tools})\n")
    print("\n".join(tool_rows(args.tools, args.min_score)))
    print("\n| selector | accuracy | prompt cost |\n| --- | --- | --- |")
    print("\n".join(model_choice_rows(args.tools)))
    print(f"\n## Compression vs answer ({args.corpus})\n")
    print("\n".join(compression_rows(args.corpus, args.limits)))


if __name__ == "__main__":
    main()
