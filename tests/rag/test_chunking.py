import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from langchain_text_splitters import RecursiveCharacterTextSplitter

from labkit.errors import InvalidInputError
from labkit.rag import (Document, FixedChunker, LangChainChunker, MarkdownHeaderChunker, RecursiveChunker,
                        SemanticChunker, SentenceChunker, get_chunker, reassemble)
from rag_fixtures import *  # noqa: F401,F403  (shared session fixtures)

TEXT_ALPHABET = st.sampled_from(list("abcde fgh.,!?\n#") + ["\n\n", ". ", "# ", "\n## ", "```\n"])
texts = st.lists(TEXT_ALPHABET, min_size=0, max_size=300).map("".join)

CHUNKERS = [FixedChunker(size=20, overlap=5), FixedChunker(size=7, overlap=0), RecursiveChunker(size=30),
            RecursiveChunker(size=25, overlap=8), SentenceChunker(size=40), SentenceChunker(size=40, overlap=15),
            MarkdownHeaderChunker(), MarkdownHeaderChunker(max_size=30)]


@pytest.mark.parametrize("chunker", CHUNKERS, ids=lambda c: repr(c))
@settings(max_examples=150, deadline=None)
@given(text=texts)
def test_chunks_are_lossless(chunker, text):
    chunks = chunker.split(Document("d", text))
    assert reassemble(chunks) == text
    for c in chunks:
        assert text[c.start:c.end] == c.text and c.text
    if chunks and not isinstance(chunker, MarkdownHeaderChunker) or getattr(chunker, "max_size", None):
        size = getattr(chunker, "size", None) or chunker.max_size
        # only an unsplittable piece may exceed the size, and recursive/fixed always can split
        if isinstance(chunker, (FixedChunker, RecursiveChunker)):
            assert max(len(c.text) for c in chunks) <= size


def test_fixed_overlap_repeats_the_boundary():
    chunks = FixedChunker(size=10, overlap=4).split("abcdefghijklmnopqrstuvwxyz")
    assert [c.text for c in chunks][:2] == ["abcdefghij", "ghijklmnop"]


def test_recursive_prefers_paragraphs_then_sentences():
    text = "First paragraph is here.\n\nSecond one. It has two sentences."
    chunks = RecursiveChunker(size=30).split(text)
    assert [c.text for c in chunks] == ["First paragraph is here.\n\n", "Second one. ", "It has two sentences."]


def test_markdown_header_paths():
    text = "Intro.\n# Guide\nHello.\n## Install\npip install x\n## Use\nRun it.\n# FAQ\n```\n# not a header\n```\n"
    chunks = MarkdownHeaderChunker().split(Document("m", text))
    assert [c.metadata["section"] for c in chunks] == ["", "Guide", "Guide > Install", "Guide > Use", "FAQ"]
    assert chunks[2].text == "## Install\npip install x\n"
    assert reassemble(chunks) == text


def test_semantic_breaks_between_topics(embeddings):
    text = ("Cats purr when content. Kittens sleep most of the day. A cat grooms its fur often. "
            "The stock market fell sharply. Investors sold shares of banks. Bond yields rose on the news.")
    chunks = SemanticChunker(embeddings, percentile=75).split(text)
    assert reassemble(chunks) == text
    assert any(c.text.startswith("The stock market") for c in chunks)


def test_langchain_splitter_adapter_is_lossless():
    text = "One two three. Four five six.\n\nSeven eight nine ten eleven twelve."
    splitter = RecursiveCharacterTextSplitter(chunk_size=20, chunk_overlap=0)
    chunks = LangChainChunker(splitter).split(text)
    assert reassemble(chunks) == text and len(chunks) >= 3


def test_bad_options():
    with pytest.raises(InvalidInputError, match="overlap"):
        FixedChunker(size=10, overlap=10)
    with pytest.raises(InvalidInputError, match="size"):
        RecursiveChunker(size=0)
    with pytest.raises(InvalidInputError, match="Unknown chunker"):
        get_chunker("magic")
    with pytest.raises(InvalidInputError, match="Bad options"):
        get_chunker("fixed", width=3)
    with pytest.raises(InvalidInputError):
        FixedChunker().split(42)
