"""The offline chat model: a deterministic, keyless, download-free LangChain chat model that really does the work.

It reads the prompt (:mod:`.prompt`), decides what is being asked, and answers with a technique rather than canned
text: extractive answers from the context (:mod:`.answer`), zero-shot classification (:mod:`.classify`), schema
filling (:mod:`.structured`), arithmetic with steps (:mod:`.arithmetic`), extractive summaries (:mod:`.summarize`),
critiques with computed scores (:mod:`.critique`) and step plans (:mod:`.plan`). With tools bound it emits native
tool calls with arguments extracted from the request, and turns tool results into a final answer.

What it deliberately cannot do: know facts that are not in the prompt, or write open-ended prose. Asked for either,
it says so plainly. That honesty is part of the lesson: retrieval and tools are how you give any model knowledge.

Temperature and seed: at temperature 0 the answer is the argmax and identical across runs and processes. Above 0,
each skill samples among its scored candidates (:mod:`.sampling`); with a seed the samples are reproducible, and
repeated calls with the same prompt give different samples, as self-consistency needs.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import ConfigDict, Field, PrivateAttr

from labkit.errors import InvalidInputError
from labkit.llm.offline import answer as answer_skill
from labkit.llm.offline.arithmetic import solve
from labkit.llm.offline.classify import classify
from labkit.llm.offline.critique import critique
from labkit.llm.offline.plan import make_plan
from labkit.llm.offline.prompt import JUDGED_HEADERS, PromptView, message_text, read_prompt
from labkit.llm.offline.sampling import make_rng
from labkit.llm.offline.structured import FieldSkills, fill_schema, fill_value
from labkit.llm.offline.summarize import summarize
from labkit.llm.offline.text import content_words, split_sentences, stem, swap_person
from labkit.llm.tokens import count_tokens, truncate_tokens
from labkit.safemath import format_number

NO_KNOWLEDGE = (
    "I don't know. The offline model answers only from what the prompt gives it (context, conversation, tool "
    "results); add the relevant text or a tool, or use a real model."
)
CALL_KWARGS = {"tools", "tool_choice", "temperature", "seed", "max_tokens", "ls_structured_output_format",
               "parallel_tool_calls"}

_CRITIQUE = re.compile(r"\b(critique|evaluate|assess|review|rate|score|grade|judge)\b")
_PLAN = re.compile(r"\b(plan|break (?:it |this |the \w+ )?down|decompose|sub-?tasks|outline the steps|list the steps|steps (?:to|for|needed))\b")
_SUMMARY = re.compile(r"\b(summari[sz]e|summary|tl;?dr|condense|key points|main points|gist)\b")
_STEP_BY_STEP = re.compile(r"step[- ]by[- ]step|show (?:your )?(?:work|steps|reasoning)|explain your reasoning|reason through")
_WRITE = re.compile(r"^\s*(?:please\s+)?(?:write|compose|draft|create|generate|tell me about|describe|explain|give me)\b", re.I)
_OWN_NAME = re.compile(r"\b(?i:my name is|i'm|i am|call me)\s+([A-Z][a-z]+)")
_GREETING = re.compile(r"^\s*(?:hi|hello|hey|good (?:morning|afternoon|evening))\b[,!.]?\s*", re.I)
_MATH_CUE = re.compile(r"\b(calculate|compute|what is|what's|how (?:many|much)|solve|sum|total|product|multiply|divide|add|subtract)\b|[\d)]\s*[-+*/^×÷x]\s*[\d(]")


def _similarity(query: str, texts: list[str]) -> list[float]:
    """Cosine similarity of ``query`` to each text with the bundled embeddings (vectors are unit length)."""
    from labkit.embed.model import get_embeddings

    vectors = get_embeddings().encode([query, *texts])
    return [float(v) for v in vectors[1:] @ vectors[0]]


def _tool_call_id(name: str, args: dict[str, Any], index: int) -> str:
    digest = hashlib.sha256(f"{index}:{name}:{json.dumps(args, sort_keys=True)}".encode()).hexdigest()
    return f"call_{digest[:16]}"


class OfflineChatModel(BaseChatModel):
    """labkit's embedded default model (see the module docstring). Options are validated; unknown ones are errors."""

    model_config = ConfigDict(extra="forbid")

    temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    seed: int | None = None
    max_tokens: int | None = Field(default=None, gt=0)
    semantic: bool = True
    """Use embeddings to rerank answers and score labels (better, ~5 s one-off load); False for lexical only."""

    _samples: Counter[str] = PrivateAttr(default_factory=Counter)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "labkit-offline"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model": "offline", "temperature": self.temperature, "seed": self.seed,
                "max_tokens": self.max_tokens, "semantic": self.semantic}

    # --- LangChain interface -----------------------------------------------------------------------------------

    def _convert_input(self, model_input: Any) -> Any:
        try:
            return super()._convert_input(model_input)
        except (ValueError, TypeError, NotImplementedError) as exc:
            raise InvalidInputError(
                f"Cannot use {type(model_input).__name__} as a prompt: pass a string, a list of messages or "
                f"(role, text) tuples, or a PromptValue. ({exc})"
            ) from None

    def bind_tools(self, tools: Sequence[Any], *, tool_choice: Any = None, **kwargs: Any) -> Any:
        """Bind LangChain tools, pydantic models, functions or OpenAI tool dicts; ``tool_choice`` forces a call."""
        formatted = [convert_to_openai_tool(t) for t in tools]
        if tool_choice in (True, "required"):
            tool_choice = "any"
        if isinstance(tool_choice, str) and tool_choice not in ("auto", "any", "none"):
            names = [t["function"]["name"] for t in formatted]
            if tool_choice not in names:
                raise InvalidInputError(f"tool_choice {tool_choice!r} is not one of the bound tools: {names}.")
        return self.bind(tools=formatted, tool_choice=tool_choice, **kwargs)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self._respond(messages, stop, kwargs))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        message = self._respond(messages, stop, kwargs)
        pieces = re.findall(r"\S+\s*|\s+", message.content) or [""]
        for i, piece in enumerate(pieces):
            last = i == len(pieces) - 1
            chunk = AIMessageChunk(
                content=piece,
                tool_call_chunks=[
                    {"name": c["name"], "args": json.dumps(c["args"]), "id": c["id"], "index": j}
                    for j, c in enumerate(message.tool_calls)
                ] if last else [],
                usage_metadata=message.usage_metadata if last else None,
                response_metadata=message.response_metadata if last else {},
            )
            if run_manager:
                run_manager.on_llm_new_token(piece, chunk=ChatGenerationChunk(message=chunk))
            yield ChatGenerationChunk(message=chunk)

    # --- the model ----------------------------------------------------------------------------------------------

    def _respond(self, messages: list[BaseMessage], stop: list[str] | None, kwargs: dict[str, Any]) -> AIMessage:
        unknown = set(kwargs) - CALL_KWARGS
        if unknown:
            raise InvalidInputError(
                f"Unknown option(s) for the offline model: {sorted(unknown)}. Accepted: {sorted(CALL_KWARGS)}."
            )
        view = read_prompt(messages)
        temperature = float(kwargs.get("temperature", self.temperature))
        seed = kwargs.get("seed", self.seed)
        prompt_key = "\x1e".join(message_text(m) for m in messages)
        with self._lock:
            index = self._samples[prompt_key]
            self._samples[prompt_key] += 1
        turn = _Turn(self, view, temperature, make_rng(seed, prompt_key, index))

        tools = kwargs.get("tools") or []
        content, tool_calls = turn.respond(tools, kwargs.get("tool_choice"))
        for s in stop or []:
            if s and s in content:
                content = content[: content.index(s)]
        max_tokens = kwargs.get("max_tokens", self.max_tokens)
        finish = "tool_calls" if tool_calls else "stop"
        if max_tokens and count_tokens(content) > max_tokens:
            content, finish = truncate_tokens(content, int(max_tokens)), "length"
        prompt_tokens = sum(count_tokens(message_text(m)) for m in messages)
        prompt_tokens += sum(count_tokens(json.dumps(t)) for t in tools)
        output_tokens = count_tokens(content) + sum(count_tokens(json.dumps(c["args"])) for c in tool_calls)
        return AIMessage(
            content=content,
            tool_calls=tool_calls,
            usage_metadata={"input_tokens": prompt_tokens, "output_tokens": output_tokens,
                            "total_tokens": prompt_tokens + output_tokens},
            response_metadata={"model_name": "offline", "finish_reason": finish, "skill": turn.skill},
        )


class _Turn:
    """One answer being worked out: the prompt view, the sampling state and the skill that answered."""

    def __init__(self, model: OfflineChatModel, view: PromptView, temperature: float, rng: Any):
        self.view = view
        self.temperature = temperature
        self.rng = rng
        self.similarity = _similarity if model.semantic else None
        self.skill = ""

    # skills lent to the structured-output filler
    def field_skills(self) -> FieldSkills:
        def _classify(text: str, labels: list[str]) -> tuple[str, float]:
            c = classify(text, labels, None, self.similarity, self.temperature, self.rng)
            return c.label, c.confidence

        def _answer(text: str) -> str:
            return answer_skill.answer_question(self.view.question, self.material(), self.similarity,
                                                self.temperature, self.rng).text

        return FieldSkills(classify=_classify, answer=_answer, summarize=lambda t: summarize(t), plan=make_plan)

    def material(self) -> str:
        """What to work on: the prompt's data sections, else earlier turns of the conversation, else the system."""
        if self.view.context:
            return self.view.context
        said = [text for role, text in self.view.history if role == "human"]
        if said:
            return "\n".join(said)
        return self.view.system

    # --- routing ------------------------------------------------------------------------------------------------

    def respond(self, tools: list[dict[str, Any]], tool_choice: Any) -> tuple[str, list[dict[str, Any]]]:
        if tools and tool_choice != "none":
            forced = tool_choice not in (None, "auto")
            if self.view.tool_results and not forced:
                self.skill = "tool_answer"
                return self.answer_from_tools(), []
            calls = self.tool_calls(tools, tool_choice)
            if calls:
                self.skill = "tool_call"
                return "", calls
        return self.format(*self.route()), []

    def route(self) -> tuple[str, Any]:
        """Pick the skill from the request; returns (skill name, its raw result)."""
        v = self.view
        request = v.request
        judged = next((v.sections[h] for h in JUDGED_HEADERS if h in v.sections), "")
        if _CRITIQUE.search(request) and (judged or (v.context and (v.format.score_scale or not v.labels))):
            criteria = v.sections.get("criteria", "") or v.sections.get("rubric", "")
            question = v.sections.get("question", "") or v.sections.get("task", "")
            return "critique", critique(judged or v.context, question, criteria, self.similarity)
        if v.labels:
            text = v.context or v.instruction
            return "classify", classify(text, v.labels, v.label_descriptions, self.similarity, self.temperature, self.rng)
        math_text = v.sections.get("question") or v.sections.get("problem") or v.user
        solution = solve(math_text, self.temperature, self.rng) if _MATH_CUE.search(math_text.lower()) else None
        if _PLAN.search(request) and solution is None:
            goal = v.sections.get("goal") or v.sections.get("task") or v.instruction or v.user
            return "plan", make_plan(goal)
        if _SUMMARY.search(request):
            text = v.context or self.material() or v.instruction
            return "summarize", summarize(text, v.format.sentences or (v.format.bullets or None), v.format.max_words)
        wants_fields = v.format.json and v.format.json_keys
        if wants_fields and not {k.lower() for k in v.format.json_keys} & {"answer", "result", "value", "steps"}:
            return "extract", None
        if solution is not None:
            return "arithmetic", solution
        if wants_fields:
            return "extract", None
        if _WRITE.match(v.user) and not v.context:
            return "unknown", None
        material = self.material()
        question = v.question
        own_name = self.own_name(question, material)
        if own_name:
            return "recall", own_name
        if material and content_words(question):
            if "?" not in v.user and not v.context and not re.search(r"\b(what|who|when|where|which|how|why)\b", v.user.lower()):
                return "acknowledge", None
            result = answer_skill.answer_question(question, material, self.similarity, self.temperature, self.rng)
            return "answer", result
        if v.history or re.match(r"^\s*(hi|hello|hey|thanks|thank you)\b", v.user.lower()) or "?" not in v.user:
            return "acknowledge", None
        return "unknown", None

    # --- rendering ----------------------------------------------------------------------------------------------

    def format(self, skill: str, result: Any) -> str:
        self.skill = skill
        fmt = self.view.format
        if fmt.json:
            return json.dumps(self.as_json(skill, result), ensure_ascii=False)
        if skill == "critique":
            return self.render_critique(result)
        if skill == "classify":
            return result.label
        if skill == "plan":
            steps = result[: fmt.bullets] if fmt.bullets else result
            if fmt.bullets is not None and not fmt.numbered:
                return "\n".join(f"- {s}" for s in steps)
            return "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1))
        if skill == "summarize":
            text = result or answer_skill.NOT_IN_CONTEXT
            if fmt.bullets is not None:
                return "\n".join(f"- {s}" for s in split_sentences(text))
            return text
        if skill == "arithmetic":
            if fmt.one_word:
                return format_number(result.value)
            lines = [f"Step {i}: {s}" for i, s in enumerate(result.steps, 1)]
            return "\n".join([*lines, f"Answer: {format_number(result.value)}"])
        if skill == "answer":
            text = result.text
            if result.supported and not self.view.context:  # answering from the user's own earlier words
                text = swap_person(_GREETING.sub("", result.sentence))
                text = text[:1].upper() + text[1:]
            return self.limit(text)
        if skill == "recall":
            return result
        if skill == "acknowledge":
            return self.acknowledge()
        return NO_KNOWLEDGE

    def own_name(self, question: str, material: str) -> str | None:
        """'What is my name?' answered from the user's earlier 'I'm Alice' (memory lessons rely on it)."""
        if not re.search(r"\bmy name\b|\bwho am i\b|\bcall me\b", question.lower()) or self.view.context:
            return None
        m = _OWN_NAME.search(material)
        return f"Your name is {m.group(1)}." if m else None

    def limit(self, text: str) -> str:
        if self.view.format.max_words and len(text.split()) > self.view.format.max_words:
            return " ".join(text.split()[: self.view.format.max_words])
        return text

    def acknowledge(self) -> str:
        statements = [s for s in split_sentences(self.view.user) if not s.endswith("?")]
        facts = [swap_person(s) for s in statements if re.search(r"\b(i|my|i'm|we|our)\b", s.lower())]
        name = re.search(r"\b(?:my name is|i'm|i am)\s+([A-Z][a-z]+)", self.view.user)
        greeting = f"Nice to meet you, {name.group(1)}." if name else "Noted."
        if facts:
            return f"{greeting} I'll remember that: " + " ".join(facts)
        return greeting + " How can I help?" if not name else greeting

    def render_critique(self, result: Any) -> str:
        low, high = self.view.format.score_scale or (1.0, 10.0)
        score = result.on_scale(low, high)
        lines = [f"Score: {format_number(score)}/{format_number(high)}"]
        if result.strengths:
            lines.append("Strengths: " + " ".join(result.strengths))
        if result.weaknesses:
            lines.append("Weaknesses: " + " ".join(result.weaknesses))
        if result.suggestions:
            lines.append("Suggestions: " + " ".join(result.suggestions))
        return "\n".join(lines)

    def as_json(self, skill: str, result: Any) -> Any:
        """The skill's result as JSON, shaped by the keys the prompt asked for (every key gets a value)."""
        natural: dict[str, Any]
        if skill == "classify":
            natural = {"label": result.label, "category": result.label, "class": result.label,
                       "sentiment": result.label, "confidence": result.confidence}
        elif skill == "critique":
            low, high = self.view.format.score_scale or (1.0, 10.0)
            natural = {"score": result.on_scale(low, high), "strengths": result.strengths,
                       "weaknesses": result.weaknesses, "suggestions": result.suggestions,
                       "feedback": " ".join(result.weaknesses + result.suggestions) or " ".join(result.strengths)}
        elif skill == "plan":
            natural = {"steps": result, "plan": result}
        elif skill == "summarize":
            natural = {"summary": result}
        elif skill == "arithmetic":
            natural = {"answer": result.value, "result": result.value, "steps": result.steps}
        elif skill == "answer":
            natural = {"answer": result.text, "source": result.source, "supported": result.supported}
        else:
            natural = {}
        keys = self.view.format.json_keys
        if not keys:
            if skill in ("classify",):
                return {"label": result.label, "confidence": result.confidence}
            return {k: v for k, v in natural.items() if k not in ("category", "class", "sentiment", "plan", "result")} or {
                "answer": self.format(skill, result) if skill != "extract" else ""}
        material = self.view.context or self.view.instruction or self.view.user
        skills = self.field_skills()
        out: dict[str, Any] = {}
        for key in keys:
            low_key = key.lower()
            match = next((v for k, v in natural.items() if k == low_key or stem(k) == stem(low_key)), None)
            if match is None and low_key in ("reason", "reasoning", "explanation", "rationale") and skill == "classify":
                match = f"The text is closest to '{result.label}' of the offered labels."
            out[key] = match if match is not None else fill_value(key, {}, material, skills)
        return out

    # --- tools --------------------------------------------------------------------------------------------------

    def tool_scores(self, clause: str, tools: list[dict[str, Any]]) -> list[float]:
        """How well each tool fits ``clause``: word overlap with its name and description (certain for a calculator
        when the clause holds arithmetic), mixed with embedding similarity when available (one batch for all tools)."""
        described = [f"{t['function']['name'].replace('_', ' ')} {t['function'].get('description', '')}" for t in tools]
        clause_terms = set(content_words(clause))
        is_math = solve(clause) is not None
        lexical = []
        for text in described:
            tool_terms = set(content_words(text))
            score = min(1.0, len(tool_terms & clause_terms) / max(1, min(3, len(tool_terms))))
            if is_math and re.search(r"calc|math|arithmetic|comput|expression", text, re.I):
                score = 1.0
            lexical.append(score)
        if self.similarity is None:
            return lexical
        return [0.5 * lex + 0.5 * sim for lex, sim in zip(lexical, self.similarity(clause, described))]

    def tool_calls(self, tools: list[dict[str, Any]], tool_choice: Any) -> list[dict[str, Any]]:
        request = self.view.user
        by_name = {t["function"]["name"]: t for t in tools}
        if isinstance(tool_choice, dict):
            tool_choice = tool_choice.get("function", {}).get("name") or tool_choice.get("name")
        if isinstance(tool_choice, str) and tool_choice in by_name:
            return [self.make_call(by_name[tool_choice], request, 0)]
        threshold = 0.3
        clauses = [c for c in re.split(r"\s*(?:;|\band then\b|\bthen\b|\balso\b|\band\b(?=\s+(?:what|how|find|get|search|look|calculate|compute|convert|check)\b)|(?<=[.?!])\s+)\s*", request, flags=re.I) if content_words(c)]
        calls: list[dict[str, Any]] = []
        for clause in clauses if len(clauses) > 1 else [request]:
            scored = sorted(((score, i) for i, score in enumerate(self.tool_scores(clause, tools))), reverse=True)
            if scored and scored[0][0] >= threshold:
                call = self.make_call(tools[scored[0][1]], clause, len(calls))
                if all((c["name"], c["args"]) != (call["name"], call["args"]) for c in calls):
                    calls.append(call)
        if not calls and tool_choice == "any":
            scores = self.tool_scores(request, tools)
            best = tools[max(range(len(tools)), key=lambda i: (scores[i], -i))]
            calls = [self.make_call(best, request, 0)]
        return calls

    def make_call(self, tool: dict[str, Any], text: str, index: int) -> dict[str, Any]:
        fn = tool["function"]
        source = text if self.view.context == "" else f"{text}\n{self.view.context}"
        args = fill_schema(fn.get("parameters", {}), source, self.field_skills())
        return {"name": fn["name"], "args": args, "id": _tool_call_id(fn["name"], args, index), "type": "tool_call"}

    def answer_from_tools(self) -> str:
        results = [(m.name or "tool", message_text(m)) for m in self.view.tool_results]
        combined = "\n\n".join(text for _, text in results)
        question = self.view.question
        if len(split_sentences(combined)) > 1 and content_words(question):
            found = answer_skill.answer_question(question, combined, self.similarity, self.temperature, self.rng)
            if found.supported:
                return found.text
        expression = solve(self.view.user)
        if expression is not None and len(results) == 1 and re.fullmatch(r"-?[\d.,e+]+", results[0][1].strip()):
            return f"{expression.expression} = {results[0][1].strip()}"
        return " ".join(f"The {name} tool returned: {text.strip()}" for name, text in results)
