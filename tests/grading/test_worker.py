"""A grading worker process: it loads the grader without the grammar jsonschema would compile for nothing, and
still validates notebooks and grades them."""

from __future__ import annotations

import subprocess
import sys

from grading_helpers import ROOT

LOAD_AND_VALIDATE = '''
import json, sys
import labkit.grading.worker
import nbformat
from labkit.grading.submission import SubmissionRejected, read_submission
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
nbformat.validate(nb)
bad = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
bad.cells[0]["execution_count"] = "not a number"
path = sys.argv[1] + "/bad.ipynb"
open(path, "w").write(json.dumps(bad))
try:
    read_submission(path, 1)
    print("accepted")
except SubmissionRejected as exc:
    print(exc.reason)
print(sys.modules.get("rfc3987_syntax", "never imported"), "papermill" in sys.modules)
'''


def test_a_worker_loads_the_grader_but_not_the_unused_grammar(tmp_path):
    proc = subprocess.run([sys.executable, "-c", LOAD_AND_VALIDATE, str(tmp_path)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    reason, modules = proc.stdout.strip().splitlines()
    assert reason == "not a valid notebook: it does not match the notebook format at cells/0/execution_count"
    assert modules == "None True"  # marked absent (never compiled), and the grader is loaded
