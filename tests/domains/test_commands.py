"""The ``labkit readiness`` command: table or JSON, exit code follows the verdict, clean errors."""

from __future__ import annotations

import json

from labkit.cli import main


def test_readiness_command_prints_the_table_and_gates_on_the_verdict(capsys):
    assert main(["readiness", "medical"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("medical: READY")
    assert main(["readiness", "technical", "--json"]) == 1  # the refusal check fails on the offline model
    data = json.loads(capsys.readouterr().out)
    assert data["ready"] is False and {c["name"] for c in data["checks"]} >= {"refusal", "citation_validity"}


def test_readiness_command_reports_bad_input_cleanly(capsys):
    assert main(["readiness", "astrology"]) == 2
    assert "no bundled corpus named 'astrology'" in capsys.readouterr().err
