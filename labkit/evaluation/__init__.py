"""Evaluation: measure an LLM application the way you would measure any other software, and gate on it.

The path through this package follows an evaluation: :mod:`.datasets` holds examples and splits them by id (so
the test split never moves), :mod:`.metrics` compares outputs with references (exact, token F1, numeric, semantic),
:mod:`.judge` asks a model to grade what has no single reference (rubrics and pairwise comparison, abstaining when
its verdict cannot be read), :mod:`.agreement` calibrates that judge against human labels (agreement, Cohen's
kappa, coverage), :mod:`.claims` checks a RAG answer claim by claim against its retrieved context,
:mod:`.trajectory` checks what an agent did (tools, order, forbidden calls, step budget), and :mod:`.gate` turns a
run's metrics into a CI decision against a stored baseline (``labkit eval-gate``), :mod:`.prompts` keeps prompts as
versioned, hashed files (a changed text without a version bump is caught), and :mod:`.runs` records which prompt
version and dataset produced each run, so the gate compares like with like.

Names are imported on first use, so ``import labkit.evaluation`` loads no model and no embedding library.
"""

from __future__ import annotations

from labkit.lazy import lazy_face

__all__, __getattr__ = lazy_face(__name__, {
    "datasets": ("Example", "EvalSet", "Split", "hash_fraction", "hash_split", "stratified_split", "leaks",
                 "normalise_input"),
    "metrics": ("METRICS", "exact_match", "token_f1", "numeric_match", "numbers_in", "semantic_similarity",
                "normalise_answer", "score_run", "RunScores"),
    "agreement": ("percent_agreement", "cohens_kappa", "confusion", "calibrate", "Calibration", "sweep_pass_mark"),
    "judge": ("Rubric", "RubricJudge", "PairwiseJudge", "Verdict", "PairwiseVerdict", "parse_score",
              "parse_choice", "position_bias", "load_judged_answers", "measure_judge", "human_pairs"),
    "claims": ("split_claims", "check_claim", "ClaimCheck", "faithfulness", "FaithfulnessReport",
                     "answer_relevance", "is_refusal"),
    "trajectory": ("tool_sequence", "check_trajectory", "TrajectoryReport"),
    "gate": ("compare_to_baseline", "assert_no_regression", "GateResult", "GateRow", "load_baseline",
             "save_baseline"),
    "prompts": ("PromptVersion", "PromptStore", "PromptProblem", "parse_prompt", "write_prompt", "content_hash",
                "parse_version", "parse_ref", "bump"),
    "runs": ("RunRecord", "record_run", "gate_run", "dataset_fingerprint", "check_comparable"),
})
