"""The labkit command: help, models, doctor, and one clear line (exit 2, no traceback) for every bad input."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "labkit.cli", *args], capture_output=True, text=True, timeout=300)


def test_help_lists_commands():
    out = run("--help")
    assert out.returncode == 0
    for command in ("demo", "models", "doctor"):
        assert command in out.stdout


def test_models_lists_offline_default():
    out = run("models")
    assert out.returncode == 0 and "offline" in out.stdout and "labkit[openai]" in out.stdout


def test_doctor_quick_passes_here():
    out = run("doctor", "--quick")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "offline model" in out.stdout and "All checks passed." in out.stdout


def test_doctor_fails_on_a_model_without_its_key(monkeypatch, capsys):
    from labkit.cli import main

    for variable in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "LABKIT_LLM_CACHE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LABKIT_MODEL", "openai:gpt-4o-mini")
    assert main(["doctor", "--quick"]) == 1
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "configured model" in line)
    assert line.startswith("FAIL") and ("OPENAI_API_KEY is not set" in line or "langchain-openai" in line), line
    assert "grading sandbox" in out and "browser" in out


def test_labkit_errors_print_without_traceback(monkeypatch, capsys):
    from labkit import cli
    from labkit.errors import LabkitError

    def boom(args):
        raise LabkitError("what went wrong, and what to do")

    parser = cli.build_parser()
    args = parser.parse_args(["models"])
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    parser.set_defaults(func=boom)
    for action in parser._subparsers._group_actions[0].choices.values():
        action.set_defaults(func=boom)
    assert cli.main(["models"]) == 2
    err = capsys.readouterr().err
    assert "what went wrong, and what to do" in err and "Traceback" not in err
    del args


def test_import_labkit_is_light():
    code = ("import sys, labkit; heavy = [m for m in ('torch', 'faiss', 'sentence_transformers', 'langchain_openai', "
            "'langchain_anthropic', 'langchain_core', 'mcp', 'langgraph', 'transformers') if m in sys.modules]; "
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- bad input: one line, exit 2, no traceback, for every subcommand -----------------------------------------

SAMPLE = "assessments/sample_basics"
BAD_INPUT = [  # (command, argv with {t} = a scratch folder, what the one line must say)
    ("demo", ["demo", "--out", "{t}/notes.txt/out"], "a part of that path is a file"),
    ("release", ["release", "{t}/bad_yaml"], "is not valid YAML at line"),
    ("release", ["release", SAMPLE, "--out", "{t}/notes.txt/labs"], "a part of that path is a file"),
    ("validate", ["validate", "{t}/bad_yaml"], "is not valid YAML at line"),
    ("validate", ["validate", "{t}/empty"], "has no assessment.yaml"),
    ("import", ["import", "nbgrader", "{t}/missing.ipynb", "--out", "{t}/imported"], "no notebook at"),
    ("import", ["import", "otter", "{t}/notes.txt", "--out", "{t}/imported"], "is not a notebook"),
    ("grade", ["grade", "{t}/bad_yaml", "{t}/empty", "--gradebook", "{t}/g.sqlite"], "is not valid YAML"),
    ("grade", ["grade", SAMPLE, "{t}/empty", "--gradebook", "{t}/g.sqlite", "--quiet"], "nothing was graded"),
    ("grade", ["grade", SAMPLE, "{t}/empty", "--gradebook", "{t}/notes.txt"], "is not a labkit gradebook"),
    ("grade", ["grade", SAMPLE, "{t}/empty", "--gradebook", "{t}/g.sqlite", "--feedback", "{t}/notes.txt/fb"],
     "cannot write feedback pages"),
    ("grade", ["grade", SAMPLE, "{t}/empty", "--gradebook", "{t}/g.sqlite", "--scheduler", "tcp://127.0.0.1:9"],
     "no Dask scheduler reachable at tcp://127.0.0.1:9"),
    ("grade", ["grade", SAMPLE, "{t}/empty", "--gradebook", "{t}/g.sqlite", "--roster", "{t}/notes.txt"],
     "header with an id column"),
    ("gradebook export", ["gradebook", "export", "--gradebook", "{t}/notes.txt"], "is not a labkit gradebook"),
    ("gradebook export", ["gradebook", "export", "--gradebook", "{t}/missing.sqlite"], "no gradebook at"),
    ("gradebook show", ["gradebook", "show", "--gradebook", "{t}/notes.txt"], "is not a labkit gradebook"),
    ("gradebook override", ["gradebook", "override", "--gradebook", "{t}/notes.txt", "--learner", "a",
                            "--assessment", "b", "--points", "1", "--comment", "c"], "is not a labkit gradebook"),
    ("check", ["check", "{t}/missing.ipynb"], "is not a file"),
    ("progress", ["progress", "--store", "{t}/notes.txt"], "is not a labkit progress store"),
    ("progress", ["progress", "--html", "{t}/notes.txt/p.html", "--labs", "labs"], "where a folder is needed"),
    ("report", ["report", "--gradebook", "{t}/notes.txt"], "is not a labkit gradebook"),
    ("bench retrieval", ["bench", "retrieval", "--dataset", "{t}/missing"], "is not a folder"),
    ("readiness", ["readiness", "{t}/missing.json"], "missing.json"),
    ("lint", ["lint", "--file", "{t}/missing.txt"], "No prompt file"),
    ("guard", ["guard", "text", "--threshold", "7"], "threshold must be in"),
    ("audit-verify", ["audit-verify", "{t}/notes.txt"], "cannot be used as a database"),
    ("eval-gate", ["eval-gate", "{t}/missing.json", "--baseline", "{t}/b.json"], "No run file at"),
    ("eval-gate", ["eval-gate", "{t}/notes.txt", "--baseline", "{t}/b.json"], "is not JSON"),
    ("eval-gate", ["eval-gate", "labs/sample_basics.lab.json", "--baseline", "{t}/notes.txt"], "notes.txt is not JSON"),
    ("prompt-check", ["prompt-check", "{t}/missing"], "No prompt folder at"),
]
LABKIT_HOME_IS_A_FILE = [  # the same, with LABKIT_HOME pointing under a file
    ("progress", ["progress"], "LABKIT_HOME must be a folder you can write to"),
    ("check", ["check", "labs/sample_basics.ipynb"], "LABKIT_HOME must be a folder you can write to"),
]
NOT_IN_THE_TABLE = {  # commands without a bad input of their own, each with the test that covers it instead
    "models": "test_broken_pipe_is_quiet",
    "doctor": "test_doctor_fails_on_a_model_without_its_key (doctor reports failures as FAIL lines, exit 1)",
}


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    (tmp_path / "notes.txt").write_text("not a database, not a folder\n")
    (tmp_path / "empty").mkdir()
    (tmp_path / "bad_yaml").mkdir()
    (tmp_path / "bad_yaml" / "assessment.yaml").write_text("id: x\ntitle: 'never closed\nnotebook: x.ipynb\n")
    return tmp_path


def _leaf_commands() -> set[str]:
    from labkit.cli import build_parser

    def leaves(parser, prefix):
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            return {prefix}
        return set().union(*(leaves(p, f"{prefix} {name}".strip()) for name, p in subs[0].choices.items()))

    return leaves(build_parser(), "")


def test_the_bad_input_table_covers_every_subcommand():
    covered = {command for command, _, _ in BAD_INPUT + LABKIT_HOME_IS_A_FILE} | set(NOT_IN_THE_TABLE)
    assert covered == _leaf_commands()


@pytest.mark.parametrize("command, argv, message", BAD_INPUT + LABKIT_HOME_IS_A_FILE,
                         ids=[f"{c}:{m[:24]}" for c, _, m in BAD_INPUT + LABKIT_HOME_IS_A_FILE])
def test_bad_input_is_one_line_exit_2(command, argv, message, scratch, capsys, monkeypatch):
    from labkit.cli import main

    if (command, argv, message) in LABKIT_HOME_IS_A_FILE:
        monkeypatch.setenv("LABKIT_HOME", str(scratch / "notes.txt" / "home"))
    code = main([a.replace("{t}", str(scratch)) for a in argv])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith(f"labkit {command.split()[0]}: "), err
    assert message in err


@pytest.fixture
def read_only_gradebook(tmp_path):
    """A real gradebook no one here may write: mode 0444, and immutable when we are root (root ignores modes)."""
    from labkit.grading.gradebook import Gradebook

    book = tmp_path / "gradebook.sqlite"
    Gradebook(book).close()
    book.chmod(0o444)
    if os.geteuid() == 0 and subprocess.run(["chattr", "+i", str(book)], capture_output=True).returncode != 0:
        pytest.skip("running as root on a file system without chattr +i: no file is read-only to root here")
    yield book
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(book)], check=True)


def test_read_only_gradebook_reads_but_never_writes(read_only_gradebook, tmp_path, capsys):
    from labkit.cli import main

    book = str(read_only_gradebook)
    assert main(["gradebook", "export", "--gradebook", book]) == 0
    assert capsys.readouterr().out.startswith("learner,")
    for argv in (["gradebook", "override", "--gradebook", book, "--learner", "a", "--assessment", "b", "--points",
                  "1", "--comment", "c"],
                 ["grade", str(ROOT / SAMPLE), str(tmp_path), "--gradebook", book, "--feedback", str(tmp_path)]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"the gradebook {book} cannot be written" in err, err


def test_broken_pipe_is_quiet():
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line, like `labkit models | head -0`
    out = subprocess.run([sys.executable, "-m", "labkit.cli", "models"], stdout=write_end, stderr=subprocess.PIPE,
                         text=True, timeout=300)
    os.close(write_end)
    assert out.returncode == 141 and out.stderr == ""
