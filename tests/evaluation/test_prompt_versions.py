"""Prompt versioning (labkit.evaluation.prompts) and run records (labkit.evaluation.runs) with the gate."""

from __future__ import annotations

import json

import pytest

from labkit.cli import main
from labkit.errors import DatasetMismatchError, InvalidInputError, PromptVersionError, TemplateVariableError
from labkit.evaluation import (
    EvalSet,
    PromptStore,
    PromptVersion,
    RunRecord,
    bump,
    compare_to_baseline,
    content_hash,
    dataset_fingerprint,
    gate_run,
    parse_prompt,
    record_run,
    save_baseline,
    write_prompt,
)

V1 = "Answer the question using only the context.\nQuestion: {question}\nContext: {context}"
V2 = "Answer the question using only the context. Say 'not in the context' otherwise.\nQuestion: {question}\n" \
     "Context: {context}"


@pytest.fixture()
def folder(tmp_path):
    root = tmp_path / "prompts"
    write_prompt(root, "support", "1.0.0", V1, "first version")
    write_prompt(root, "support", "1.1.0", V2, "abstains")
    write_prompt(root, "support", "1.10.0", V2 + "\nBe brief.")
    write_prompt(root, "summary", "0.1.0", "Summarise {text} in {n} sentences.")
    return root


def test_load_by_name_and_version_and_latest_uses_semantic_order(folder):
    store = PromptStore.load(folder)
    assert store.names() == ["summary", "support"]
    assert [v.version for v in store.versions("support")] == ["1.0.0", "1.1.0", "1.10.0"]  # not text order
    assert store.get("support").ref == store.get("support@latest").ref == "support@1.10.0"
    v1 = store.get("support@1.0.0")
    assert v1.text.strip() == V1 and v1.description == "first version" and v1.intact
    assert v1.render(question="Q?", context="C.") == "Answer the question using only the context.\nQuestion: Q?\n" \
                                                      "Context: C."
    with pytest.raises(TemplateVariableError, match="missing \\['context'\\]"):
        v1.render(question="Q?")
    assert store.verify() == []


def test_unknown_names_and_versions_are_clear_errors(folder):
    store = PromptStore.load(folder)
    with pytest.raises(PromptVersionError, match="no version 2.0.0; it has \\['1.0.0', '1.1.0', '1.10.0'\\]"):
        store.get("support@2.0.0")
    with pytest.raises(PromptVersionError, match="No prompt named 'nope'"):
        store.get("nope@1.0.0")
    with pytest.raises(InvalidInputError, match="not a semantic version"):
        store.get("support@v1")


def test_diff_names_both_versions_and_their_hashes(folder):
    store = PromptStore.load(folder)
    diff = store.diff("support@1.0.0", "support@1.1.0")
    lines = diff.splitlines()
    assert lines[0] == f"--- support@1.0.0 ({content_hash(V1)})"
    assert lines[1] == f"+++ support@1.1.0 ({content_hash(V2)})"
    assert "-Answer the question using only the context." in lines
    assert "+Answer the question using only the context. Say 'not in the context' otherwise." in lines
    assert store.diff("support@1.1.0", "support@1.1.0") == ""


def test_a_text_changed_without_a_version_bump_fails_verification(folder):
    """The CI check: edit a released file's body in place and the store no longer verifies."""
    path = folder / "support" / "1.1.0.prompt"
    path.write_text(path.read_text(encoding="utf-8").replace("otherwise", "if unsure"), encoding="utf-8")
    store = PromptStore.load(folder)
    problems = store.verify()
    assert [(p.ref, p.kind) for p in problems] == [("support@1.1.0", "hash_mismatch")]
    assert "edited without a version bump" in problems[0].message
    with pytest.raises(PromptVersionError, match="support@1.1.0") as caught:
        store.check()
    assert caught.value.problem == "hash_mismatch"
    assert main(["prompt-check", str(folder)]) == 1


def test_only_blank_space_at_the_ends_and_line_endings_do_not_count(folder):
    path = folder / "summary" / "0.1.0.prompt"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n") + b"\r\n\r\n")
    assert PromptStore.load(folder).verify() == []
    path.write_text(path.read_text(encoding="utf-8").replace("{n} sentences", "{n}  sentences"), encoding="utf-8")
    assert [p.kind for p in PromptStore.load(folder).verify()] == ["hash_mismatch"]


def test_a_version_is_written_once_and_must_be_newer(folder):
    with pytest.raises(PromptVersionError, match="already exists") as caught:
        write_prompt(folder, "support", "1.1.0", "another text")
    assert caught.value.problem == "duplicate_version"
    with pytest.raises(PromptVersionError, match="not newer than support@1.10.0"):
        write_prompt(folder, "support", "1.9.0", "another text")
    assert write_prompt(folder, "support", bump("1.10.0", "major"), "v2 {question}").ref == "support@2.0.0"


def test_two_files_for_one_version_are_reported(folder):
    (folder / "copy.prompt").write_text((folder / "summary" / "0.1.0.prompt").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    store = PromptStore.load(folder)
    assert [(p.ref, p.kind) for p in store.verify()] == [("summary@0.1.0", "duplicate_version")]
    with pytest.raises(PromptVersionError, match="defined twice"):
        store.get("summary@0.1.0")


@pytest.mark.parametrize("text, match", [
    ("no front matter", "starts with a front matter"),
    ("---\nname: a\nversion: 1.0.0\n---\nbody", "missing \\['sha256'\\]"),
    ("---\nname: a\nversion: 1.0\nsha256: x\n---\nbody", "not a semantic version"),
    ("---\nname: A b\nversion: 1.0.0\nsha256: x\n---\nbody", "lower-case"),
    ("---\nname: a\nversion: 1.0.0\nsha256: x\n---\n   \n", "empty body"),
])
def test_malformed_files_are_clear_errors(text, match):
    with pytest.raises(PromptVersionError, match=match):
        parse_prompt(text, "bad.prompt")


def test_a_file_round_trips():
    v = PromptVersion("greet", "1.0.0", "Hello {name}.", "says hello")
    back = parse_prompt(v.to_text())
    assert (back.ref, back.text.strip(), back.description, back.recorded_hash) == \
           ("greet@1.0.0", "Hello {name}.", "says hello", v.content_hash)


# --- run records and the gate ---------------------------------------------------------------------------------

FAQ = EvalSet.from_records("faq", [{"id": "q1", "input": "Refund window?", "expected": "30 days"},
                                   {"id": "q2", "input": "Opening hour?", "expected": "09:00"}])


def test_a_run_records_the_prompt_version_and_the_dataset(folder):
    store = PromptStore.load(folder)
    record = record_run({"exact_match": 0.5}, store.get("support@1.0.0"), FAQ)
    assert (record.prompt, record.prompt_hash, record.dataset) == ("support@1.0.0", content_hash(V1), "faq")
    assert record.dataset_hash == dataset_fingerprint(FAQ)
    assert RunRecord.from_dict(json.loads(json.dumps(record.to_dict()))) == record
    edited = PromptVersion("support", "1.0.0", V1 + " Be nice.", recorded_hash=content_hash(V1))
    with pytest.raises(PromptVersionError, match="bump its version"):
        record_run({"exact_match": 0.5}, edited, FAQ)


def test_the_gate_reports_both_prompt_versions_and_refuses_another_dataset(folder, tmp_path):
    store = PromptStore.load(folder)
    base = record_run({"exact_match": 0.5}, store.get("support@1.0.0"), FAQ)
    save_baseline(base.metrics, tmp_path / "baseline.json", tolerance=0.05, run=base)
    baseline = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    assert baseline["run"]["prompt"] == "support@1.0.0"

    better = record_run({"exact_match": 1.0}, store.get("support@1.1.0"), FAQ)
    result = gate_run(better, baseline)
    assert result.passed and result.message.endswith(
        f"[prompt support@1.1.0 vs baseline support@1.0.0 on faq#{dataset_fingerprint(FAQ)}]")
    assert result.table().splitlines()[0].startswith("prompt support@1.1.0 vs baseline support@1.0.0")

    worse = record_run({"exact_match": 0.0}, store.get("support@1.1.0"), FAQ)
    assert not gate_run(worse, baseline).passed

    other = EvalSet.from_records("faq", [{"id": "q1", "input": "Refund window?", "expected": "60 days"},
                                         {"id": "q2", "input": "Opening hour?", "expected": "09:00"}])
    with pytest.raises(DatasetMismatchError, match="different datasets cannot be compared"):
        gate_run(record_run({"exact_match": 1.0}, store.get("support@1.1.0"), other), baseline)

    same_version_other_text = RunRecord({"exact_match": 0.5}, "support@1.0.0", "0" * 12, "faq", base.dataset_hash)
    with pytest.raises(PromptVersionError, match="changed without a version bump"):
        gate_run(same_version_other_text, baseline)


def test_the_gate_without_provenance_reads_as_before():
    result = compare_to_baseline({"exact_match": 0.5}, {"exact_match": 0.5})
    assert result.message == "eval gate passed: 1 metric within tolerance" and result.provenance == ""
    with pytest.raises(InvalidInputError, match="does not say which prompt and dataset"):
        gate_run(RunRecord({"m": 1.0}, "a@1.0.0", "x" * 12, "d", "y" * 12), {"metrics": {"m": 1.0}})


def test_eval_gate_command_on_run_records(folder, tmp_path, capsys):
    store = PromptStore.load(folder)
    base = record_run({"exact_match": 0.5}, store.get("support@1.0.0"), FAQ)
    (tmp_path / "base.json").write_text(json.dumps(base.to_dict()), encoding="utf-8")
    assert main(["eval-gate", str(tmp_path / "base.json"), "--baseline", str(tmp_path / "b.json"), "--update"]) == 0
    new = record_run({"exact_match": 0.4}, store.get("support@1.1.0"), FAQ)
    (tmp_path / "new.json").write_text(json.dumps(new.to_dict()), encoding="utf-8")
    capsys.readouterr()
    assert main(["eval-gate", str(tmp_path / "new.json"), "--baseline", str(tmp_path / "b.json")]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("prompt support@1.1.0 vs baseline support@1.0.0 on faq#")
    other = record_run({"exact_match": 0.5}, store.get("support@1.1.0"), EvalSet.from_records(
        "faq", [{"id": "q9", "input": "x", "expected": "y"}]))
    (tmp_path / "other.json").write_text(json.dumps(other.to_dict()), encoding="utf-8")
    assert main(["eval-gate", str(tmp_path / "other.json"), "--baseline", str(tmp_path / "b.json")]) == 2
    assert "different datasets" in capsys.readouterr().err


def test_prompt_check_command_passes_a_clean_folder_and_diffs(folder, capsys):
    assert main(["prompt-check", str(folder)]) == 0
    assert "every text matches its recorded hash" in capsys.readouterr().out
    assert main(["prompt-check", str(folder), "--diff", "support@1.0.0", "support@1.1.0"]) == 0
    assert capsys.readouterr().out.startswith("--- support@1.0.0")
