"""``labkit lint``: the prompt linter on the command line (a prompt as an argument, from a file, or from stdin).

Exit status: 0 when the prompt is clean, 1 when the linter has findings (so it can gate a CI step), 2 on bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from labkit.errors import InvalidInputError


def cmd_lint(args: argparse.Namespace) -> int:
    from labkit.prompting.linter import lint

    if args.file:
        path = Path(args.file)
        if not path.is_file():
            raise InvalidInputError(f"No prompt file at {path}; pass an existing text file or the prompt itself.")
        text = path.read_text(encoding="utf-8")
    elif args.prompt:
        text = " ".join(args.prompt)
    else:
        text = sys.stdin.read()
    findings = lint(text)
    if args.json:
        print(json.dumps([f.__dict__ for f in findings], indent=2))
    elif not findings:
        print("No findings: the prompt names its task, format and bounds.")
    else:
        for f in findings:
            print(f"[{f.rule}] {f.reason}\n    fix: {f.fix}")
    return 1 if findings else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("lint", help="check a prompt for the classic beginner mistakes",
                                   description=__doc__.splitlines()[0])
    parser.add_argument("prompt", nargs="*", help="the prompt text (omit to read --file or stdin)")
    parser.add_argument("--file", help="read the prompt from this text file")
    parser.add_argument("--json", action="store_true", help="print findings as JSON")
    parser.set_defaults(func=cmd_lint)
