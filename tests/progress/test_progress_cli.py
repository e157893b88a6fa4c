"""`labkit progress` and `labkit report`: output, HTML files, clean errors (exit 2, no traceback), and layering."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from labkit import cli

PACKAGE = Path(__file__).resolve().parents[2] / "labkit" / "progress"


def test_progress_prints_a_summary_and_writes_html(store_path, labs_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LABKIT_HOME", str(store_path.parent))
    assert cli.main(["progress", "--labs", str(labs_dir)]) == 0
    out = capsys.readouterr().out
    assert "2/7 items done" in out and "about 31 min over 2 session(s)" in out
    assert "1. Finish Moving average (lab_a)" in out and "Hint: There are len(xs) - k + 1 windows." in out
    html = tmp_path / "me.html"
    assert cli.main(["progress", "--html", str(html)]) == 0
    assert f"wrote {html}" in capsys.readouterr().out and "data:image/png;base64," in html.read_text()


def test_session_gap_option_changes_time_spent(store_path, capsys):
    # with a 3-minute gap only 10:10 -> 10:12 and 10:20 -> 10:21 count (3 min); the other 5 gaps are breaks
    assert cli.main(["progress", "--store", str(store_path), "--session-gap", "3"]) == 0
    assert "about 3 min over 6 session(s)" in capsys.readouterr().out


def test_report_prints_and_writes_the_dashboard(gradebook_path, tmp_path, capsys):
    assert cli.main(["report", "--gradebook", str(gradebook_path)]) == 0
    out = capsys.readouterr().out
    assert "4 learner(s), 2 assessment(s)" in out and "ben: mean 40% < 50%; missing lab_b" in out
    html = tmp_path / "dash" / "cohort.html"
    assert cli.main(["report", "--gradebook", str(gradebook_path), "--html", str(html), "--threshold", "30"]) == 0
    assert html.read_text().count("data:image/png;base64,") == 4


def test_bad_input_exits_2_with_the_message(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LABKIT_HOME", str(tmp_path / "empty-home"))
    assert cli.main(["progress"]) == 2
    assert "labkit progress:" in capsys.readouterr().err
    assert cli.main(["report", "--gradebook", str(tmp_path / "missing.sqlite"), "--html", "x.html"]) == 2
    err = capsys.readouterr().err
    assert "no gradebook here" in err and "Traceback" not in err
    assert not (tmp_path / "missing.sqlite").exists()


def test_real_process_prints_no_traceback(tmp_path):
    run = subprocess.run([sys.executable, "-m", "labkit.cli", "report", "--gradebook", str(tmp_path / "nope.sqlite")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.startswith("labkit report: ") and "labkit grade" in run.stderr


def test_progress_imports_no_level_module_and_nothing_heavy_at_import():
    allowed = ("labkit.errors", "labkit.config", "labkit.lazy", "labkit.sqlite", "labkit.assess", "labkit.grading",
               "labkit.progress")
    for module in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                if name == "labkit" or name.startswith("labkit."):
                    assert name.startswith(allowed), f"{module.name} imports {name}"
    probe = ("import sys, labkit.progress, labkit.progress.commands; "
             "print(sorted(m for m in ('pandas', 'matplotlib', 'torch', 'langchain_core') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert run.stdout.strip() == "[]", run.stdout + run.stderr
