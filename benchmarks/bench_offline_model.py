"""The offline model on probes nobody tuned it for: correct / honest refusal / wrong, per split and category.

Runs every probe of benchmarks/offline_probes/ (see its README for the checkers' rules) against a model, one isolated
call per probe (a probe whose call raises is recorded with the exception, and the run goes on), and prints a table
per split x category plus an overall row per split. The split is a fixed hash of each probe's id (`dev` or `heldout`),
except for the probes in the suite's subfolders (`tune`, `tune2`, ...: split = folder name, written later, for
further tuning): tune on `dev` and those; `heldout` measures generalisation. `--split all` is dev + heldout, as it
was before tune/ existed.

Usage: python benchmarks/bench_offline_model.py [--split dev|heldout|tune|tune2|all] [--category NAME ...]
       [--show wrong|refusal|correct|all] [--json OUT] [--probes benchmarks/offline_probes] [--model offline]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from labkit.errors import LabkitError
from labkit.llm import get_model
from labkit.llm.offline_probes import (CATEGORIES, LABELS, Probe, Reply, check, field_model, field_schema, in_split,
                                       load_probes, probe_folder, split_key, tuning_splits)

PROBES = Path(__file__).resolve().parent / "offline_probes"


def _tool_functions(folder: Path) -> Any:
    spec = importlib.util.spec_from_file_location("offline_probe_tools", folder / "tools.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ask(model: Any, probe: Probe, tools: Any) -> Reply:
    """One probe's call, in the form its category asks for; an exception becomes part of the reply, not a crash."""
    messages = list(probe.messages)
    try:
        if probe.category == "tools":
            message = model.bind_tools([getattr(tools, name) for name in probe.spec["tools"]]).invoke(messages)
            calls = tuple({"name": c["name"], "args": c.get("args", {})} for c in message.tool_calls or ())
            return Reply(text=str(message.content), tool_calls=calls)
        if probe.category == "structured" and probe.spec["via"] != "prompt":
            schema = (field_model("Record", probe.spec["fields"]) if probe.spec["via"] == "pydantic"
                      else {"title": "record", "description": "The details found in the text.",
                            **field_schema(probe.spec["fields"])})
            data = model.with_structured_output(schema).invoke(messages)
            return Reply(data=data.model_dump(mode="json") if hasattr(data, "model_dump") else data)
        return Reply(text=str(model.invoke(messages).content))
    except Exception as exc:  # noqa: BLE001 - one bad probe is a result, not the end of the run
        return Reply(error=f"{type(exc).__name__}: {str(exc)[:300]}", labkit_error=isinstance(exc, LabkitError))


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def table(results: list[dict[str, Any]]) -> list[str]:
    rows = ["| split | category | n | correct | refusal | wrong |", "| --- | --- | --- | --- | --- | --- |"]
    for split in ("dev", "heldout", *sorted({r["split"] for r in results} - {"dev", "heldout"}, key=split_key)):
        mine = [r for r in results if r["split"] == split]
        if not mine:
            continue
        for category in [*CATEGORIES, "overall"]:
            group = mine if category == "overall" else [r for r in mine if r["category"] == category]
            if not group:
                continue
            counts = Counter(r["label"] for r in group)
            name = f"**{category}**" if category == "overall" else category
            rows.append(f"| {split} | {name} | {len(group)} | " +
                        " | ".join(_percent(counts[label], len(group)) for label in LABELS) + " |")
    return rows


def _shown_reply(result: dict[str, Any]) -> str:
    reply = result["reply"]
    parts = [reply["text"]] if reply["text"] else []
    parts += [f"data: {json.dumps(reply['data'])}"] if reply["data"] is not None else []
    parts += [f"tool calls: {json.dumps(reply['tool_calls'])}"] if reply["tool_calls"] else []
    parts += [f"error: {reply['error']}"] if reply["error"] else []
    return "\n".join(parts) or "(empty)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "heldout", *tuning_splits(PROBES), "all"), default="all")
    parser.add_argument("--category", nargs="+", choices=CATEGORIES)
    parser.add_argument("--show", choices=("wrong", "refusal", "correct", "all"))
    parser.add_argument("--json", type=Path, help="write every probe's reply and verdict, and the table, here")
    parser.add_argument("--probes", type=Path, default=PROBES)
    parser.add_argument("--model", default="offline", help="model spec for get_model (default: offline)")
    args = parser.parse_args(argv)

    probes = [p for p in load_probes(args.probes)
              if in_split(p, args.split) and (not args.category or p.category in args.category)]
    model = get_model(args.model)
    # Only folders with tools probes need their tools.py; a subfolder may hold no tools probes (and no tools.py).
    tools = {folder: _tool_functions(folder)
             for folder in {probe_folder(args.probes, p) for p in probes if p.category == "tools"}}
    results, started = [], time.perf_counter()
    for probe in probes:
        reply = ask(model, probe, tools.get(probe_folder(args.probes, probe)))
        verdict = check(probe, reply)
        results.append({"id": probe.id, "split": probe.split, "category": probe.category, "label": verdict.label,
                        "reason": verdict.reason, "messages": [list(m) for m in probe.messages],
                        "reply": {"text": reply.text, "data": reply.data, "tool_calls": list(reply.tool_calls),
                                  "error": reply.error}})
    elapsed = time.perf_counter() - started

    if args.show:
        for r in results:
            if args.show in ("all", r["label"]):
                prompt = "\n".join(f"  [{role}] {content}" for role, content in r["messages"])
                print(f"--- {r['id']} ({r['split']}): {r['label'].upper()}: {r['reason']}\n{prompt}\n  reply: "
                      + _shown_reply(r).replace("\n", "\n         ") + "\n")
    rows = table(results)
    print(f"model {args.model}, {len(results)} probes in {elapsed:.1f} s\n")
    print("\n".join(rows))
    if args.json:
        args.json.write_text(json.dumps({"model": args.model, "table": rows, "results": results}, indent=1,
                                        default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
