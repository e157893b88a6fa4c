"""Level 1 benchmark: prompt evolution (format compliance) and the email classifier (accuracy), on any model.

Part 1: the poor / better / good prompts of labkit.prompting.anatomy are run over a contacts file (JSON:
{"keys": [...], "items": [{"text", "expected": {...}}]}); reported per prompt: compliance rate (parses as JSON with
every key filled) and field accuracy (fields equal to the expected value).
Part 2: the bare and described classifier prompts over a labelled email file (JSON: {"emails": [{"text",
"label"}]}); reported: accuracy and per-category recall.

Usage: python benchmarks/bench_prompting.py [--contacts labkit/prompting/data/contacts.json]
       [--emails labkit/prompting/data/emails.json] [--model offline]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from labkit.llm import get_model
from labkit.prompting.anatomy import CONTACT_KEYS, EVOLUTION, format_compliance, load_contacts
from labkit.prompting.classifier import evaluate, load_emails

DATA = Path(__file__).resolve().parent.parent / "labkit" / "prompting" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", default=str(DATA / "contacts.json"))
    parser.add_argument("--emails", default=str(DATA / "emails.json"))
    parser.add_argument("--model", default=None, help="model spec (default: LABKIT_MODEL or offline)")
    args = parser.parse_args()
    model = get_model(args.model)

    texts, expected = load_contacts(args.contacts)
    print(f"| prompt | inputs | compliance | field accuracy |\n| --- | --- | --- | --- |")
    for name, build in EVOLUTION.items():
        r = format_compliance(model, build, texts, CONTACT_KEYS, name, expected=expected).summary()
        print(f"| {name} | {r['inputs']} | {r['rate']:.2f} | {r['field_accuracy']:.2f} |")

    emails = load_emails(args.emails)
    print(f"\n| classifier prompt | emails | accuracy | per-category recall |\n| --- | --- | --- | --- |")
    for prompt in ("bare", "described"):
        report = evaluate(model, emails, prompt=prompt)
        recall = ", ".join(f"{k} {v:.2f}" for k, v in report.per_category().items())
        print(f"| {prompt} | {len(emails)} | {report.accuracy:.2f} | {recall} |")


if __name__ == "__main__":
    main()
