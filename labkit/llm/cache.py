"""Record/replay of model responses in SQLite, so a lesson run once against a real model replays byte-for-byte.

Wrap any chat model in :class:`RecordReplayChatModel`. In ``record`` mode a call goes to the model and the reply is
stored under a key; in ``replay`` mode the model is never called, and a prompt that was not recorded is a
:class:`~labkit.errors.CacheMissError` naming the prompt's hash (never a silent live call).

The key is a SHA-256 over everything that can change the answer: the model spec, its parameters (temperature,
seed, ...), the messages, the bound tools and the per-call options. Change any of them and it is a new prompt.

Usually you do not build this yourself: set ``LABKIT_LLM_CACHE=<file>`` and ``LABKIT_LLM_CACHE_MODE=record|replay``
and :func:`labkit.llm.get_model` wraps the model it returns.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, messages_from_dict, message_to_dict
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import ConfigDict, PrivateAttr

from labkit.errors import CacheMissError, ConfigurationError
from labkit.sqlite import connect, migrate

MODES = ("record", "replay")

_MIGRATIONS = [
    ("001_create_responses", """
        CREATE TABLE responses (
            prompt_hash TEXT PRIMARY KEY,
            spec TEXT NOT NULL,
            request TEXT NOT NULL,
            response TEXT NOT NULL,
            created_at TEXT NOT NULL DEFAULT (datetime('now'))
        )"""),
]


class ResponseStore:
    """The SQLite file behind record/replay (WAL mode, migrations recorded in a table)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._conn = connect(self.path, threads=True)
        migrate(self._conn, _MIGRATIONS)

    def get(self, prompt_hash: str) -> AIMessage | None:
        with self._lock:
            row = self._conn.execute("SELECT response FROM responses WHERE prompt_hash = ?", (prompt_hash,)).fetchone()
        if row is None:
            return None
        message = messages_from_dict([json.loads(row[0])])[0]
        return message if isinstance(message, AIMessage) else AIMessage(content=message.content)

    def put(self, prompt_hash: str, spec: str, request: str, message: AIMessage) -> None:
        with self._lock, self._conn:
            self._conn.execute(
                "INSERT OR REPLACE INTO responses (prompt_hash, spec, request, response) VALUES (?, ?, ?, ?)",
                (prompt_hash, spec, request, json.dumps(message_to_dict(message), sort_keys=True)),
            )

    def __len__(self) -> int:
        with self._lock:
            return self._conn.execute("SELECT COUNT(*) FROM responses").fetchone()[0]


def _jsonable(value: Any) -> Any:
    try:
        json.dumps(value, sort_keys=True)
        return value
    except TypeError:
        return repr(value)


def prompt_key(spec: str, params: dict[str, Any], messages: list[BaseMessage], options: dict[str, Any]) -> tuple[str, str]:
    """``(hash, canonical request JSON)`` for one call."""
    request = json.dumps(
        {
            "spec": spec,
            "params": {k: _jsonable(v) for k, v in sorted(params.items())},
            "messages": [message_to_dict(m) for m in messages],
            "options": {k: _jsonable(v) for k, v in sorted(options.items())},
        },
        sort_keys=True,
    )
    return hashlib.sha256(request.encode()).hexdigest()[:16], request


class RecordReplayChatModel(BaseChatModel):
    """A chat model that records another model's replies, or replays them without calling it."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    inner: Any
    """The wrapped chat model (or a tool-bound version of it)."""
    spec: str
    path: str
    mode: str = "replay"
    params: dict[str, Any] = {}
    """The wrapped model's parameters (temperature, seed, ...), captured when the wrapper is made; part of the key."""
    call_options: dict[str, Any] = {}

    _store: ResponseStore | None = PrivateAttr(default=None)

    def model_post_init(self, __context: Any) -> None:
        if self.mode not in MODES:
            raise ConfigurationError(f"LABKIT_LLM_CACHE_MODE must be one of {MODES}, got {self.mode!r}.")
        self._store = ResponseStore(self.path)
        if not self.params:
            model = getattr(self.inner, "bound", self.inner)
            self.params = dict(getattr(model, "_identifying_params", {}) or {})

    @property
    def _llm_type(self) -> str:
        return "labkit-record-replay"

    @property
    def store(self) -> ResponseStore:
        assert self._store is not None
        return self._store

    def bind_tools(self, tools: Any, *, tool_choice: Any = None, **kwargs: Any) -> Any:
        bound = self.inner.bind_tools(tools, tool_choice=tool_choice, **kwargs)
        options = {**self.call_options, **getattr(bound, "kwargs", {})}
        return self.model_copy(update={"inner": bound, "call_options": options})

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> ChatResult:
        options = {**self.call_options, **kwargs, "stop": stop}
        options.pop("ls_structured_output_format", None)
        prompt_hash, request = prompt_key(self.spec, self.params, messages, options)
        message = self.store.get(prompt_hash)
        if message is None:
            if self.mode == "replay":
                raise CacheMissError(prompt_hash, self.path)
            message = self.inner.invoke(messages, stop=stop, **kwargs)
            self.store.put(prompt_hash, self.spec, request, message)
        return ChatResult(generations=[ChatGeneration(message=message)])
