"""Graph RAG: entities and their relations in a graph, so retrieval can follow links that no single chunk states.

What it teaches: vector search finds chunks that *look like* the question. A question like "Which team does the
author of the retry library work in?" needs two facts from two chunks that share only an entity name. A knowledge
graph makes that link explicit: nodes are entities, edges are relations extracted from sentences (each edge
remembers its sentence and chunk). At query time we find the question's entities in the graph, walk ``hops`` steps
out (networkx ``ego_graph``), and add the facts found there to the vector hits.

Extraction here is deliberately simple and transparent: entities are capitalised names and codes
(:func:`labkit.rag.query.extract_entities`), and two entities in one sentence are related by the words between them.
A real system would use an NER model or an LLM for triples; the graph and the retrieval stay the same.

The one idea: a graph turns "shares an entity with" into a path you can follow, k hops at a time.

Left out: entity resolution beyond case-insensitive matching, community summaries (Microsoft GraphRAG style).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from labkit.errors import InvalidInputError
from labkit.rag.chunking import sentence_spans
from labkit.rag.documents import Chunk, Hit, as_chunks
from labkit.rag.fusion import reciprocal_rank_fusion
from labkit.rag.query import extract_entities
from labkit.rag.retriever import Retriever


@dataclass(frozen=True)
class Triple:
    """``subject --relation--> object`` as stated in ``sentence`` of chunk ``chunk_id``."""

    subject: str
    relation: str
    object: str
    sentence: str
    chunk_id: str


def extract_triples(text: str, chunk_id: str = "") -> list[Triple]:
    """Relations between consecutive entities of each sentence, named by the words between them.

    >>> [(t.subject, t.relation, t.object) for t in extract_triples("Mara Quist founded Acme Robotics in Oslo.")]
    [('Mara Quist', 'founded', 'Acme Robotics'), ('Acme Robotics', 'in', 'Oslo')]
    """
    triples = []
    for a, b in sentence_spans(text):
        sentence = " ".join(text[a:b].split())
        names = extract_entities(sentence)
        positions = []
        for name in names:
            found = sentence.find(name)
            if found >= 0:
                positions.append((found, name))
        positions.sort()
        for (p1, e1), (p2, e2) in zip(positions, positions[1:]):
            between = sentence[p1 + len(e1):p2].strip(" ,;:")
            relation = " ".join(w for w in re.findall(r"[\w'-]+", between) if w.lower() not in {"the", "a", "an"})
            triples.append(Triple(e1, relation or "related to", e2, sentence, chunk_id))
    return triples


class KnowledgeGraph:
    """A networkx ``MultiDiGraph`` of entities; node keys are lower-cased names, edges carry relation and source."""

    def __init__(self) -> None:
        import networkx as nx

        self.graph = nx.MultiDiGraph()

    def add_triples(self, triples: Sequence[Triple]) -> KnowledgeGraph:
        for t in triples:
            for name in (t.subject, t.object):
                self.graph.add_node(name.lower(), name=name)
            self.graph.add_edge(t.subject.lower(), t.object.lower(), relation=t.relation, sentence=t.sentence,
                                chunk_id=t.chunk_id)
        return self

    @classmethod
    def from_chunks(cls, chunks: Sequence[Chunk]) -> KnowledgeGraph:
        graph = cls()
        for c in chunks:
            graph.add_triples(extract_triples(c.text, c.id))
        return graph

    def find_entities(self, text: str) -> list[str]:
        """Graph nodes named in ``text`` (case-insensitive whole-word match), longest names first; a name inside a
        longer found name ("Scanners" in "Northwind Scanners") is dropped."""
        lowered = text.lower()
        found = [n for n in self.graph.nodes if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", lowered)]
        found = [n for n in found if not any(n != m and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", m) for m in found)]
        return sorted(found, key=lambda n: (-len(n), n))

    def neighbourhood(self, entities: Sequence[str], hops: int = 2) -> list[dict[str, Any]]:
        """Edges within ``hops`` steps of any entity (direction ignored), nearest first, as fact records."""
        import networkx as nx

        undirected = self.graph.to_undirected(as_view=True)
        distance: dict[str, int] = {}
        for e in entities:
            if e in self.graph:
                for node, d in nx.single_source_shortest_path_length(undirected, e, cutoff=hops).items():
                    distance[node] = min(d, distance.get(node, d))
        facts, seen = [], set()
        for u, v, data in self.graph.edges(data=True):
            if u in distance and v in distance and min(distance[u], distance[v]) < hops:
                key = (u, v, data["relation"], data["chunk_id"])
                if key not in seen:
                    seen.add(key)
                    facts.append({"subject": self.graph.nodes[u]["name"], "relation": data["relation"],
                                  "object": self.graph.nodes[v]["name"], "sentence": data["sentence"],
                                  "chunk_id": data["chunk_id"], "distance": min(distance[u], distance[v])})
        facts.sort(key=lambda f: (f["distance"], f["chunk_id"], f["subject"]))
        return facts


class GraphRAGRetriever(Retriever):
    """Vector (or any) retriever + knowledge graph: hits for the question fused (RRF) with the chunks behind the
    graph facts within ``hops`` of the question's entities and of the entities in the top vector hits."""

    name = "graph"

    def __init__(self, retriever: Retriever, chunks: Any, hops: int = 2, graph: KnowledgeGraph | None = None):
        if hops < 1:
            raise InvalidInputError("hops must be at least 1.")
        self.retriever, self.hops = retriever, hops
        self.chunks = {c.id: c for c in as_chunks(chunks)}
        self.graph = graph or KnowledgeGraph.from_chunks(list(self.chunks.values()))
        self.last_facts: list[dict[str, Any]] = []

    def _retrieve(self, query: str, k: int) -> list[Hit]:
        vector_hits = self.retriever.retrieve(query, k)
        seeds = self.graph.find_entities(query)
        if not seeds:  # no entity named in the question: start from the entities of the best vector hit
            seeds = self.graph.find_entities(vector_hits[0].text) if vector_hits else []
        facts = self.graph.neighbourhood(seeds, self.hops)
        self.last_facts = facts
        graph_ids = list(dict.fromkeys(f["chunk_id"] for f in facts if f["chunk_id"] in self.chunks))
        fused = reciprocal_rank_fusion([[h.id for h in vector_hits], graph_ids])
        chunk_of = {**self.chunks, **{h.id: h.chunk for h in vector_hits}}
        return [Hit(chunk_of[i], s, self.name) for i, s in fused[:k]]
