"""A local grading worker process: what it loads once, before its first task.

``labkit grade --workers N`` grades in N processes forked from one *forkserver*, which imports this module (and so
the grader: papermill, nbclient, nbformat, the judge) once per batch; each worker starts with all of it loaded. The
batch starts that server as its first step, so the imports run while the parent probes the sandbox and reads the
submissions folder, instead of after.

The one idea: anything a worker would otherwise do before its first kernel can boot is either done once, earlier,
or skipped when it buys nothing:

* importing nbformat imports jsonschema, which imports ``rfc3987_syntax`` when it is installed only to check the
  ``iri`` string format, and that import compiles a parsing grammar (about 1 s of CPU, the largest single cost of
  starting a worker). The notebook schema has no such format and nbformat checks none, so a worker marks that
  module absent before importing anything (:data:`SKIPPED_IMPORTS`); jsonschema is built to run without it;
* each worker launches its first sandboxed kernel as it starts (:func:`labkit.grading.pool.prepare_worker`, the
  warm pool's spare for exactly the sandbox the batch's tasks ask for), so that boot overlaps the worker reading
  the assessment and receiving its first task.

Leaves out: the parent process (``labkit grade`` itself never imports nbformat), and inline or Dask grading (no
forkserver there: a Dask worker is long-lived and shared, and keeps no spare).
"""

from __future__ import annotations

import sys

# installed, imported by a dependency at import time, and never used by the grader (see the module docstring)
SKIPPED_IMPORTS = ("rfc3987_syntax",)
for _name in SKIPPED_IMPORTS:
    sys.modules.setdefault(_name, None)  # None here makes `import` raise ImportError, which jsonschema expects

import labkit.grading.execute  # noqa: E402,F401 - loaded once per batch in the forkserver, inherited by every worker
import labkit.grading.judge  # noqa: E402,F401
import labkit.grading.pool  # noqa: E402,F401
import labkit.grading.runner  # noqa: E402,F401
import labkit.grading.submission  # noqa: E402,F401

