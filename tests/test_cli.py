"""The labkit command: help, models, doctor, clean errors without tracebacks."""

from __future__ import annotations

import subprocess
import sys


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
            "'langchain_anthropic', 'langchain_core') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
