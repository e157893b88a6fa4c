"""``labkit release``, ``labkit validate`` and ``labkit import``: the instructor's side of an assessment folder.

The one idea: releasing is deterministic, so running it twice writes the same bytes and CI can check that
``labs/`` matches ``assessments/``; ``validate`` proves that and the rest of what a spec promises (see
:mod:`labkit.assess.validate`); ``import`` turns an nbgrader or otter source into an assessment folder. Leaves out:
collecting and distributing submissions (an LMS does that).
"""

from __future__ import annotations

import argparse


def cmd_release(args: argparse.Namespace) -> int:
    from labkit.assess.release import release

    for folder in args.assessment:
        done = release(folder, args.out)
        print(f"released {folder} -> {done.notebook} (+ {done.lab.name})")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from labkit.assess.validate import validate

    result = validate(args.assessment, fix=args.fix, run_reference=not args.no_run)
    print(result.text())
    return 0 if result.ok else 1


def cmd_import(args: argparse.Namespace) -> int:
    from labkit.assess.importers import import_notebook
    from labkit.assess.validate import validate

    converted = import_notebook(args.tool, args.source, args.out, assessment_id=args.id)
    print(converted.text())
    print(validate(args.out, run_reference=False).text())
    return 1 if converted.unconverted else 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("release", help="write learner notebooks from assessment folders (solutions become stubs)")
    p.add_argument("assessment", nargs="+", help="assessment folder(s), e.g. assessments/sample_basics")
    p.add_argument("--out", default="labs", help="output folder (default: labs)")
    p.set_defaults(func=cmd_release)

    p = sub.add_parser("validate", help="check an assessment: spec and notebook agree, the reference scores full "
                                        "marks, release is deterministic")
    p.add_argument("assessment", help="assessment folder, e.g. assessments/sample_basics")
    p.add_argument("--fix", action="store_true", help="add missing cell ids to the source notebook first")
    p.add_argument("--no-run", action="store_true", help="skip grading the reference solution (static checks only)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("import", help="convert an nbgrader or otter source notebook into an assessment folder")
    p.add_argument("tool", choices=["nbgrader", "otter"], help="the tool the source notebook was written for")
    p.add_argument("source", help="the other tool's source (instructor) notebook")
    p.add_argument("--out", required=True, help="the new assessment folder to write")
    p.add_argument("--id", help="assessment id (default: from the --out folder's name)")
    p.set_defaults(func=cmd_import)
