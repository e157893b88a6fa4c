"""The report commands: ``labkit progress`` for a learner and ``labkit report`` for an instructor.

The one idea: the CLI only parses and prints; both commands are one library call (:func:`learner_report`,
:class:`CohortReport`), so a notebook gets the same report inline. pandas and matplotlib load inside the command
functions, so ``labkit --help`` stays fast.
"""

from __future__ import annotations

import argparse
from typing import Any


def cmd_progress(args: argparse.Namespace) -> int:
    from labkit.progress.learner import learner_report

    return _show(learner_report(store=args.store, labs=args.labs, session_gap=args.session_gap * 60), args.html)


def cmd_report(args: argparse.Namespace) -> int:
    from labkit.progress.cohort import CohortReport

    return _show(CohortReport(args.gradebook, risk_threshold=args.threshold, feedback=args.feedback), args.html)


def _show(report: Any, html: str | None) -> int:
    """Print the report as text, or write its HTML page and print its headline and where the page went."""
    if html:
        print(f"{report.headline()}\nwrote {report.write_html(html)}")
    else:
        print(report.text())
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("progress", help="your progress: completion, scores, time spent, weakest challenges, next steps")
    p.add_argument("--html", metavar="FILE", help="write an HTML report with plots (default: a summary on the terminal)")
    p.add_argument("--labs", metavar="DIR", help="also read your saved lab notebooks (and *.lab.json) in this folder")
    p.add_argument("--store", metavar="FILE", help="progress store file (default: $LABKIT_HOME/progress.sqlite)")
    p.add_argument("--session-gap", type=float, default=30, metavar="MIN",
                   help="a gap between attempts longer than this is a break, not work (default 30 minutes)")
    p.set_defaults(func=cmd_progress)

    p = sub.add_parser("report", help="cohort dashboard from a gradebook: distributions, hardest challenges, at risk")
    p.add_argument("--gradebook", required=True, metavar="FILE", help="the SQLite gradebook labkit grade wrote")
    p.add_argument("--html", metavar="FILE", help="write the HTML dashboard here (default: a summary on the terminal)")
    p.add_argument("--threshold", type=float, default=50, metavar="PERCENT",
                   help="at risk below this mean score %% (default 50)")
    p.add_argument("--feedback", metavar="DIR", help="feedback pages to link each learner to (default: feedback/ "
                                                      "beside the gradebook)")
    p.set_defaults(func=cmd_report)
