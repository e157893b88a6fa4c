"""The typed lab file and the challenge kinds: lab files load unchanged, broken ones say where, kinds are one table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from labkit.assess.release import lab_json
from labkit.assess.spec import KINDS, Assessment, Lab, kind_items, load_assessment, load_lab
from labkit.errors import InvalidInputError, UnknownNameError

ROOT = Path(__file__).resolve().parents[2]
LAB_FILES = sorted((ROOT / "labs").glob("*.lab.json"))


@pytest.mark.parametrize("path", LAB_FILES, ids=lambda p: p.name)
def test_every_shipped_lab_file_loads_unchanged(path):
    lab = load_lab(path)
    assert lab.model_dump() == json.loads(path.read_text(encoding="utf-8"))
    assert [(kind.name, item.id) for kind, item in kind_items(lab)] == [("challenge", c.id) for c in lab.challenges] + [
        ("quiz", q.id) for q in lab.quizzes]
    assert all(item.heading and item.minutes > 0 for _, item in kind_items(lab))


def test_the_release_writes_the_lab_the_model_reads_back():
    assessment = load_assessment(ROOT / "assessments" / "sample_basics")
    text = lab_json(assessment)
    assert text == (ROOT / "labs" / "sample_basics.lab.json").read_text(encoding="utf-8")
    assert Lab.model_validate_json(text) == Lab.public(assessment)
    visible = Lab.public(assessment).as_assessment("sample_basics.ipynb")
    assert [c.id for c in visible.challenges] == [c.id for c in assessment.challenges]
    assert all(not c.hidden for c in visible.challenges) and not visible.quizzes


@pytest.mark.parametrize("edit, field", [
    (lambda d: d["challenges"][0].pop("points"), "challenges.0.points"),
    (lambda d: d["quizzes"][0].update(options="tuple"), "quizzes.0.options"),
    (lambda d: d.update(challenges={}), "challenges"),
])
def test_a_broken_lab_file_names_the_file_the_field_and_what_to_do(tmp_path, edit, field):
    data = json.loads((ROOT / "labs" / "sample_basics.lab.json").read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "sample_basics.lab.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InvalidInputError) as info:
        load_lab(path)
    message = str(info.value)
    assert str(path) in message and f"{field}:" in message and "labkit release" in message
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="is not a valid lab file"):
        load_lab(path)
    with pytest.raises(InvalidInputError, match="cannot read the lab file"):
        load_lab(tmp_path / "absent.lab.json")


def test_each_kind_names_its_lists_and_its_grader_parts():
    assert KINDS.names() == ["challenge", "quiz"]
    for kind in KINDS.values():
        assert kind.field in Assessment.model_fields and kind.field in Lab.model_fields
        assert callable(kind.harness_part()) and callable(kind.judge_part())
    with pytest.raises(UnknownNameError, match="Known challenge kinds: challenge, quiz"):
        KINDS.get("essay")


def test_points_and_ids_count_every_kind():
    assessment = load_assessment(ROOT / "assessments" / "sample_basics")
    assert assessment.max_points == sum(c.points for c in assessment.challenges) + sum(
        q.points for q in assessment.quizzes)
    data = assessment.model_dump(mode="json")
    data["quizzes"][0]["id"] = data["challenges"][0]["id"]
    with pytest.raises(ValueError, match="duplicate challenge/quiz ids"):
        Assessment.model_validate(data)
