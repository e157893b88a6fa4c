"""Domain readiness on the offline model: every check of labkit.domains.readiness, per corpus, as table rows.

Each --corpus file is a domain corpus JSON (documents with metadata, and labelled questions, some unanswerable);
its "domain" names the registered profile to use (legal, technical, medical). The assistant answers every
question; the report computes metadata completeness, corpus coverage (recall@k), answer support, refusal of
unanswerable questions, citation validity, disclaimer presence, filter correctness, filter leakage and
consistency of the answers when the questions are replayed from 4 threads.

Usage: python benchmarks/bench_domain_readiness.py [--corpus labkit/domains/data/legal.json ...] [--min-score X]
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from labkit.domains.assistant import DomainAssistant
from labkit.domains.corpus import load_corpus
from labkit.domains.profiles import get_profile
from labkit.domains.readiness import readiness_report

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ["corpus_coverage", "answer_support", "refusal", "citation_validity", "disclaimer_presence",
          "filter_correctness", "filter_leakage", "load_consistency"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, nargs="+",
                        default=[ROOT / f"labkit/domains/data/{d}.json" for d in ("legal", "technical", "medical")])
    parser.add_argument("--min-score", type=float, default=None, help="override the profiles' retrieval floor")
    args = parser.parse_args()
    print("| domain | " + " | ".join(CHECKS) + " | ready |")
    print("| --- " * (len(CHECKS) + 2) + "|")
    for path in args.corpus:
        corpus = load_corpus(path)
        profile = get_profile(corpus.domain)
        if args.min_score is not None:
            profile = dataclasses.replace(profile, min_score=args.min_score)
        report = readiness_report(DomainAssistant(profile, documents=list(corpus.documents)), corpus.questions)
        cells = [f"{report.check(c).value:.2f} ({report.check(c).passed_count}/{report.check(c).total})" for c in CHECKS]
        print(f"| {corpus.domain} | " + " | ".join(cells) + f" | {'yes' if report.ready else 'no'} |")


if __name__ == "__main__":
    main()
