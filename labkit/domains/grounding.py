"""Answer coverage: does the answer address what the question asks, beyond words every document shares?

Retrieval similarity and a model's own support check can both be fooled by words that are everywhere in a domain
corpus: every tidepool page says "tidepool", so a question about tidepool on a mainframe "matches" the install page,
and an extractive model happily answers with its first sentence. The one idea: drop the corpus's *common* terms
(those in more than half the documents), then ask what share of the question's remaining content terms the answer
contains. Below the profile's threshold the assistant declines instead of answering off-topic.

Left out: paraphrase-aware coverage (embeddings, NLI entailment). This lexical check suits extractive answers; a real
model that rewords its sources needs a semantic faithfulness check as well (``labkit.rag`` evaluation).

>>> question_coverage("Does tidepool support WebSocket connections?", "tidepool supports TLS 1.3.", {"tidepool"})
0.3333333333333333
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from labkit.errors import InvalidInputError
from labkit.small.terms import term_set


def common_terms(texts: Iterable[str], share: float = 0.5) -> frozenset[str]:
    """Content terms found in more than ``share`` of ``texts``.

    >>> sorted(common_terms(["tidepool retries", "tidepool timeouts", "tidepool logging"]))
    ['tidepool']
    """
    texts = list(texts)
    if not 0 < share < 1:
        raise InvalidInputError(f"share must be between 0 and 1, got {share!r}.")
    df = Counter(t for text in texts for t in term_set(text))
    return frozenset(t for t, n in df.items() if n > share * len(texts))


def question_coverage(question: str, answer: str, common: Iterable[str] = ()) -> float:
    """Share of the question's content terms (minus ``common``) that appear in ``answer``; 1.0 when none remain.

    >>> question_coverage("How do I configure retries?", "Configure retries with RetryPolicy.")
    1.0
    """
    if not isinstance(question, str) or not isinstance(answer, str):
        raise InvalidInputError("question and answer must be strings.")
    wanted = term_set(question) - frozenset(common)
    if not wanted:
        return 1.0
    return len(wanted & term_set(answer)) / len(wanted)
