"""``labkit release``: write the learner notebook (and its visible spec) for an assessment folder.

The one idea: releasing is deterministic, so running it twice writes the same bytes and CI can check that
``labs/`` matches ``assessments/``. Leaves out: collecting and distributing submissions (an LMS does that).
"""

from __future__ import annotations

import argparse


def cmd_release(args: argparse.Namespace) -> int:
    from labkit.assess.release import release

    for folder in args.assessment:
        done = release(folder, args.out)
        print(f"released {folder} -> {done.notebook} (+ {done.lab.name})")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("release", help="write learner notebooks from assessment folders (solutions become stubs)")
    p.add_argument("assessment", nargs="+", help="assessment folder(s), e.g. assessments/sample_basics")
    p.add_argument("--out", default="labs", help="output folder (default: labs)")
    p.set_defaults(func=cmd_release)
