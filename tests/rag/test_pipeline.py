import pytest

from labkit.errors import InvalidInputError
from labkit.llm import NOT_IN_CONTEXT, ScriptedChatModel
from labkit.rag import RAGPipeline, as_langchain_retriever, extract_citations
from rag_fixtures import *  # noqa: F401,F403  (shared session fixtures)


def test_offline_answer_cites_the_retrieved_chunk(dense_index):
    rag = RAGPipeline(dense_index, k=3)
    result = rag.ask("How long is the warranty for manufacturing defects?")
    assert result.answered and result.citations == ["warranty"] and not result.unknown_citations
    assert "two years" in result.answer


def test_unanswerable_question_is_reported(dense_index):
    result = RAGPipeline(dense_index, k=2).ask("What is the CEO's favourite colour?")
    assert not result.answered and result.answer.startswith(NOT_IN_CONTEXT)


def test_hallucinated_citations_are_flagged(bm25_index):
    model = ScriptedChatModel(replies=["It ships free [shipping] and is made of gold [catalog#9]."])
    result = RAGPipeline(bm25_index, model, k=2).ask("Is shipping free?")
    assert result.citations == ["shipping", "catalog#9"] and result.unknown_citations == ["catalog#9"]
    prompt = model.calls[0].messages[-1].content
    assert "[shipping] Orders over 50 euros" in prompt and "Question: Is shipping free?" in prompt


def test_langchain_retriever_adapter(bm25_index):
    retriever = as_langchain_retriever(bm25_index, k=2)
    docs = retriever.invoke("replacement battery XK-4471")
    assert docs[0].metadata["id"] == "sku" and docs[0].page_content.startswith("Part number")
    with pytest.raises(InvalidInputError):
        as_langchain_retriever(object())


def test_bad_input(bm25_index):
    with pytest.raises(InvalidInputError, match="placeholders"):
        RAGPipeline(bm25_index, prompt="no slots")
    with pytest.raises(InvalidInputError):
        RAGPipeline("not a retriever")
    assert extract_citations("no citations") == []


@pytest.mark.parametrize("reply, answered", [
    ("The Model 3 gives no warning before it shuts down [warranty].", True),  # a context sentence that says "gives no"
    ("Returns: 30 days [refund]; the manual does not mention opened items.", True),  # a partial answer
    ("The answer is not in the provided context.", False),
    ("I'm sorry, but I cannot find the answer in the context.", False),
    ("This information is not found in the context.", False),
])
def test_answered_reads_context_gaps_not_every_negative(bm25_index, reply, answered):
    """Why the pipeline keeps its own check beside labkit.llm.is_refusal (whose general cues, read anywhere, would
    refuse the first two, and read at the opening would answer the last three)."""
    result = RAGPipeline(bm25_index, ScriptedChatModel(replies=[reply]), k=2).ask("What does the warranty cover?")
    assert result.answered is answered
