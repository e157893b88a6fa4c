import argparse

import pytest

from labkit.errors import InvalidInputError
from labkit.prompting.commands import cmd_lint, register


def run(capsys, prompt=(), file=None):
    code = cmd_lint(argparse.Namespace(prompt=list(prompt), file=file, json=False))
    return code, capsys.readouterr().out


def test_lint_command_exit_codes(capsys, tmp_path):
    code, out = run(capsys, prompt=["Write", "about", "dogs"])
    assert code == 1 and "[vague-instruction]" in out
    clean = tmp_path / "prompt.txt"
    clean.write_text("Summarise the text in 2 sentences.\nText: Solar power is growing fast.", encoding="utf-8")
    code, out = run(capsys, prompt=[], file=str(clean))
    assert code == 0 and "No findings" in out


def test_lint_command_json_and_bad_file(capsys):
    code = cmd_lint(argparse.Namespace(prompt=["Format", "as", "JSON"], file=None, json=True))
    assert code == 1 and '"rule": "no-examples"' in capsys.readouterr().out
    with pytest.raises(InvalidInputError):
        cmd_lint(argparse.Namespace(prompt=[], file="/no/such/file.txt", json=False))


def test_register_adds_the_subcommand():
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    assert parser.parse_args(["lint", "hello"]).func is cmd_lint
