"""Submissions: safe reading, validation, discovery in every layout, and restoring protected cells."""

from __future__ import annotations

import copy
import json
import os

import nbformat
import pytest
from grading_helpers import ASSESSMENT, HONEST, lab_notebook, make_submission

from labkit.assess.release import release_notebook
from labkit.assess.spec import load_assessment
from labkit.grading.submission import (SubmissionRejected, assemble, discover, find_notebook, learner_slug,
                                       read_submission, submission_sha)


@pytest.fixture(scope="module")
def template():
    return release_notebook(load_assessment(ASSESSMENT))


def ids(nb):
    return [c["id"] for c in nb.cells]


def test_honest_notebook_keeps_answers_in_place(template, tmp_path):
    nb, _ = read_submission(make_submission(tmp_path, "a", HONEST), 1)
    out = assemble(template, nb)
    assert ids(out.nb) == ids(template) and out.notes == []
    assert next(c for c in out.nb.cells if c["id"] == "slugify-answer").source == HONEST["slugify-answer"]


def test_edited_deleted_and_moved_protected_cells_are_restored(template):
    nb = copy.deepcopy(lab_notebook())
    by_id = {c["id"]: c for c in nb.cells}
    by_id["slugify-check"].source = "print('no check here')"
    nb.cells = [c for c in nb.cells if c["id"] != "setup"]
    nb.cells.reverse()
    out = assemble(template, nb)
    assert ids(out.nb) == ids(template)
    restored = {c["id"]: c.source for c in out.nb.cells}
    assert restored["slugify-check"] == 'check("slugify", slugify)' and "open_lab" in restored["setup"]
    text = " ".join(out.notes)
    assert "edited" in text and "deleted protected" in text and "moved" in text


def test_added_cells_follow_their_anchor_and_cannot_pose_as_the_harness(template, tmp_path):
    path = make_submission(tmp_path, "a", HONEST, extra={"slugify-answer": ["helper = 1"], "intro": ["x = 2"]})
    nb, _ = read_submission(path, 1)
    own = next(c for c in nb.cells if c["id"] == "own-slugify-answer-0")
    own["id"] = "labkit-harness-slugify"  # an added cell claiming the grader's id
    out = assemble(template, nb)
    new = [c["id"] for c in out.nb.cells if c["id"].startswith("learner-")]
    assert len(new) == 2 and not any(c["id"].startswith("labkit-harness") for c in out.nb.cells)
    order = ids(out.nb)
    assert order.index("learner-2") == order.index("slugify-answer") + 1


def test_the_quiz_option_clicked_is_the_answer_graded(template):
    from labkit.assess.quiz import ANSWER_MIME

    nb = copy.deepcopy(lab_notebook())
    cell = next(c for c in nb.cells if c["id"] == "quiz-mutable")
    cell.outputs = [nbformat.v4.new_output("display_data", data={ANSWER_MIME: {"quiz": "q_mutable", "choice": "list"}})]
    out = assemble(template, nb)
    assert "quiz('q_mutable', 'list')" in next(c for c in out.nb.cells if c["id"] == "quiz-mutable").source


def test_deleted_answer_cell_is_not_replaced_by_a_stub(template, tmp_path):
    path = make_submission(tmp_path, "a", HONEST, drop=("slugify-answer",),
                           extra={"slugify-task": ['def slugify(t):\n    return "mine"']})
    out = assemble(template, read_submission(path, 1)[0])
    assert "slugify-answer" not in ids(out.nb) and any("answer cell slugify-answer" in n for n in out.notes)


@pytest.mark.parametrize("raw, reason", [
    (b"not json", "not a valid notebook"),
    (b'{"cells": "nope", "nbformat": 4, "nbformat_minor": 5, "metadata": {}}', "not a valid notebook"),
    (b"\xff\xfe\x00", "not UTF-8"),
    (b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5, "pad": "' + b"x" * 1_100_000 + b'"}',
     "limit is 1 MB"),
])
def test_malformed_or_oversized_notebooks_are_rejected(tmp_path, raw, reason):
    path = make_submission(tmp_path, "a", {}, raw=raw)
    with pytest.raises(SubmissionRejected, match=reason):
        read_submission(path, 1)


def test_find_notebook_accepts_a_renamed_single_notebook(tmp_path):
    (tmp_path / "copy of lab.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook()))
    assert find_notebook(tmp_path, "sample_basics.ipynb").name == "copy of lab.ipynb"
    (tmp_path / "other.ipynb").write_text("{}")
    assert find_notebook(tmp_path, "sample_basics.ipynb") is None


SECRET = "TOP-SECRET-ANSWER-KEY"


def test_links_and_special_files_are_refused_without_quoting_them(tmp_path):
    secret = tmp_path / "instructor" / "source.ipynb"
    secret.parent.mkdir()
    secret.write_text('{"cells": [], "x": "' + SECRET + '"}')
    secret.chmod(0o600)
    subs = tmp_path / "subs"
    (subs / "linked_file").mkdir(parents=True)
    (subs / "linked_file" / "sample_basics.ipynb").symlink_to(secret)
    (subs / "hard_link").mkdir()
    os.link(secret, subs / "hard_link" / "sample_basics.ipynb")
    (subs / "fifo").mkdir()
    os.mkfifo(subs / "fifo" / "sample_basics.ipynb")
    (subs / "linked_folder").symlink_to(secret.parent, target_is_directory=True)
    reasons = {}
    for learner, why in [("linked_file", "symbolic link"), ("hard_link", "hard link"), ("fifo", "not a regular file")]:
        path = subs / learner / "sample_basics.ipynb"
        with pytest.raises(SubmissionRejected, match=why) as info:
            read_submission(path, 1, inside=subs)
        reasons[learner] = info.value.reason
        assert submission_sha(path, 2**20, subs).startswith("unreadable-")
    with pytest.raises(SubmissionRejected, match="symbolic link"):  # a folder on the way, even one swapped in later
        read_submission(subs / "linked_folder" / "source.ipynb", 1, inside=subs)
    assert not any(SECRET in r for r in reasons.values())


def test_reasons_never_quote_the_file(tmp_path, caplog, capsys):
    for raw in [SECRET.encode(), b'{"cells": [{"cell_type": "' + SECRET.encode() + b'"}], "metadata": {}, '
                                 b'"nbformat": 4, "nbformat_minor": 5}', b'["' + SECRET.encode() + b'"]',
                json.dumps({"cells": [{"id": "a", "cell_type": "code", "metadata": {}, "source": "", "outputs": [],
                                       "execution_count": SECRET}], "metadata": {}, "nbformat": 4,
                            "nbformat_minor": 5}).encode()]:
        path = make_submission(tmp_path, "a", {}, raw=raw)
        with pytest.raises(SubmissionRejected) as info:
            read_submission(path, 1)
        assert SECRET not in info.value.reason and "not a valid notebook" in info.value.reason
    assert SECRET not in caplog.text and SECRET not in capsys.readouterr().err  # nor does a log line on the terminal


def test_size_is_checked_before_reading(tmp_path):
    path = tmp_path / "a" / "sample_basics.ipynb"
    path.parent.mkdir()
    with open(path, "wb") as f:
        f.truncate(200 * 2**20)  # 200 MB, sparse: reading it would take time and memory, checking it does not
    assert submission_sha(path, 2**20) == f"too-large-{200 * 2**20}"
    with pytest.raises(SubmissionRejected, match="200.0 MB; the limit is 1 MB"):
        read_submission(path, 1)


def test_discovery_finds_every_layout_and_names_what_it_skips(tmp_path):
    subs = tmp_path / "subs"
    make_submission(subs, "ada@uni.edu", HONEST)
    make_submission(subs, "Ben Smith", HONEST)
    make_submission(subs / "Zoë Ñúñez", "sample_basics", HONEST)  # nbgrader: <learner>/<assignment>/<notebook>
    make_submission(tmp_path / "flat", "x", HONEST).rename(subs / "li.lei-2.ipynb")
    (subs / "empty").mkdir()
    make_submission(subs, ".hidden", HONEST)
    make_submission(subs, "evil\x1b[2J", HONEST)
    make_submission(subs, "x" * 65, HONEST)
    make_submission(subs, "both", HONEST)
    (subs / "both.ipynb").write_text("{}")
    (subs / "notes.txt").write_text("hello")
    (subs / "borrowed").symlink_to(subs / "ada@uni.edu", target_is_directory=True)
    (subs / "copied.ipynb").symlink_to(subs / "ada@uni.edu" / "sample_basics.ipynb")
    found = discover(subs, "sample_basics.ipynb", "sample_basics")
    by = {f.learner: f.notebook for f in found.found}
    assert set(by) == {"ada@uni.edu", "Ben Smith", "Zoë Ñúñez", "li.lei-2", "empty"}
    assert by["Zoë Ñúñez"] == subs / "Zoë Ñúñez" / "sample_basics" / "sample_basics.ipynb"
    assert by["li.lei-2"] == subs / "li.lei-2.ipynb" and by["empty"] is None
    skipped = dict(found.skipped)
    assert "symbolic link" in skipped["borrowed"] and "symbolic link" in skipped["copied.ipynb"]
    assert "hidden" in skipped[".hidden"] and "U+001B" in skipped["evil\\x1b[2J"]
    assert "longer than 64" in skipped["x" * 65] and "keep one" in skipped["both"]
    assert "neither" in skipped["notes.txt"]
    assert all(name.isprintable() for name in skipped)
    slugs = {learner_slug(f.learner) for f in found.found}
    assert len(slugs) == len(found.found) and all(s.isascii() and "/" not in s and " " not in s for s in slugs)


def test_a_linked_notebook_is_found_so_that_its_refusal_is_recorded(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "folder.ipynb").symlink_to(tmp_path / "real", target_is_directory=True)
    link = find_notebook(tmp_path, "sample_basics.ipynb")
    assert link == tmp_path / "folder.ipynb"
    with pytest.raises(SubmissionRejected, match="symbolic link"):
        read_submission(link, 1)
