"""Small-model patterns: make a 1B-7B model useful by giving it less to do, and less to read.

* :mod:`~labkit.small.compression` fits a prompt to an exact token limit, required parts first.
* :mod:`~labkit.small.chains` splits a task into single-skill steps, each prompt small enough for a small model.
* :mod:`~labkit.small.tool_selection` picks tools by keyword overlap, with no model call, and measures its accuracy.
* :mod:`~labkit.small.batching` groups similar requests and runs them in batches with bounded concurrency.
* :mod:`~labkit.small.distill` trains a tiny student on a teacher's labels and reports accuracy, agreement and cost.
* :mod:`~labkit.small.task_cache` answers repeated tasks from a cache, by exact then normalised text, with hit counts.
* :mod:`~labkit.small.improve` grows an example pool from logged failures, measured on a held-out split it never feeds.
* :mod:`~labkit.small.extraction` pulls typed fields (dates, amounts, emails, phones, IDs, names) with rules first,
  asks the model only for what rules leave open, and validates every value it returns.
* :mod:`~labkit.small.specialists` keeps compact per-task, per-domain templates in a registry, fits them to a token
  budget and checks each answer's shape.
* :mod:`~labkit.small.measure` measures a technique on a real small model: rates with Wilson intervals, paired
  bootstrap differences, shots drawn balanced or by similarity, completion-style prompts.

Attributes load on first use, so ``import labkit.small`` stays cheap.
"""

from __future__ import annotations

from labkit.lazy import lazy_face

__all__, __getattr__ = lazy_face(__name__, {
    "compression": ("PromptPart", "CompressedPrompt", "compress_prompt", "compress_qa_prompt", "shorten"),
    "chains": ("Skill", "SkillChain", "ChainRun", "support_ticket_chain"),
    "measure": ("Rate", "Difference", "wilson", "paired_difference", "balanced_sample", "most_similar", "shots_block",
                "review_prompt", "qa_prompt", "load_local_eval"),
    "tool_selection": ("ToolSpec", "KeywordToolSelector", "evaluate_selector", "load_tool_requests"),
    "batching": ("group_requests", "process_grouped"),
    "distill": ("LogisticStudent", "MeteredTeacher", "DistillReport", "report_distillation", "hashed_bow",
                "load_transfer_reviews"),
    "improve": ("ImprovementLoop", "NearestExamples", "Round", "normalise_text"),
    "task_cache": ("TaskCache", "TaskCacheStats"),
    "extraction": ("FieldSpec", "FieldExtractor", "Extraction", "FieldResult", "extract_fields", "EXTRACTORS",
                   "Extractor", "model_only_prompt", "score_fields", "load_extraction_messages"),
    "specialists": ("OutputFormat", "TaskTemplate", "Specialist", "SpecialistAnswer", "TASK_TEMPLATES",
                    "register_task_template", "get_task_template", "verbose_prompt"),
})
