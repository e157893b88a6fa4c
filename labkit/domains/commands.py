"""The ``labkit readiness`` command: a domain assistant's readiness report from the terminal (or CI).

The one idea: the command only parses and prints; the report is one library call (:func:`readiness_report`), so a
notebook shows the same table. It exits 1 when the domain is not ready, so a pipeline can gate on it. The
embedding model loads inside the command function, so ``labkit --help`` stays fast.
"""

from __future__ import annotations

import argparse
import json


def cmd_readiness(args: argparse.Namespace) -> int:
    import dataclasses

    from labkit.domains.assistant import DomainAssistant
    from labkit.domains.corpus import load_corpus
    from labkit.domains.profiles import get_profile
    from labkit.domains.readiness import readiness_report

    corpus = load_corpus(args.corpus)
    profile = get_profile(corpus.domain)
    if args.min_score is not None:
        profile = dataclasses.replace(profile, min_score=args.min_score)
    report = readiness_report(DomainAssistant(profile, documents=list(corpus.documents)), corpus.questions)
    if args.json:
        print(json.dumps({"domain": report.domain, "ready": report.ready, "checks": [
            {"name": c.name, "value": c.value, "passed": c.passed_count, "total": c.total,
             "threshold": c.threshold, "ok": c.passed, "detail": c.detail} for c in report.checks]}, indent=2))
    else:
        print(report.table())
    return 0 if report.ready else 1


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("readiness", help="measure a domain assistant (legal, technical, medical) against thresholds")
    p.add_argument("corpus", help="a bundled domain (legal, technical, medical) or a corpus JSON file")
    p.add_argument("--min-score", type=float, default=None, help="override the profile's retrieval score floor")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_readiness)
