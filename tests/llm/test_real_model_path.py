"""The real-model path as documented: an OpenAI-compatible server on loopback with base_url alone or
OPENAI_BASE_URL, a missing key as a labkit error naming the variable, replay of a recorded run with no key, and
lesson 00's model cells on a non-offline model. The server is a stub on 127.0.0.1 (no network) that answers in the
OpenAI chat-completions format; it tests the wiring, not a model's quality."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from labkit.errors import ConfigurationError

pytest.importorskip("langchain_openai", reason="the openai extra is not installed (pip install -e '.[openai]')")

ROOT = Path(__file__).resolve().parents[2]


class Stub(BaseHTTPRequestHandler):
    """Answers every chat completion with the last user message, echoed; remembers the keys it was sent."""

    keys: list[str] = []

    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Stub.keys.append(self.headers.get("Authorization", ""))
        text = body["messages"][-1]["content"]
        reply = {"id": "stub-1", "object": "chat.completion", "created": 0, "model": body["model"],
                 "choices": [{"index": 0, "finish_reason": "stop",
                              "message": {"role": "assistant", "content": f"echo: {text}"}}],
                 "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture
def server(monkeypatch):
    for variable in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "LABKIT_LLM_CACHE", "LABKIT_LLM_CACHE_MODE"):
        monkeypatch.delenv(variable, raising=False)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Stub.keys = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()


def test_base_url_alone_reaches_a_local_server(server):
    from labkit.llm import get_model

    assert get_model("openai:local-model", base_url=server).invoke("hello").content == "echo: hello"
    assert Stub.keys == ["Bearer not-needed"], "a placeholder key, since the server does not check one"


def test_openai_base_url_is_read_from_the_environment(server, monkeypatch):
    from labkit.llm import get_model

    monkeypatch.setenv("OPENAI_BASE_URL", server)
    assert get_model("openai:local-model").invoke("hi").content == "echo: hi"


def test_a_missing_key_is_a_labkit_error_naming_the_variable(server):
    from labkit.llm import get_model

    with pytest.raises(ConfigurationError, match="OPENAI_API_KEY is not set, and openai:gpt-4o-mini needs it"):
        get_model("openai:gpt-4o-mini")


def test_replay_needs_no_key(server, monkeypatch, tmp_path):
    from labkit.llm import get_model

    monkeypatch.setenv("LABKIT_LLM_CACHE", str(tmp_path / "run.sqlite"))
    monkeypatch.setenv("LABKIT_LLM_CACHE_MODE", "record")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-recording")
    recorded = get_model("openai:gpt-4o-mini", base_url=server).invoke("What is 6 * 7?").content
    monkeypatch.delenv("OPENAI_API_KEY")
    monkeypatch.setenv("LABKIT_LLM_CACHE_MODE", "replay")
    calls = len(Stub.keys)
    assert get_model("openai:gpt-4o-mini").invoke("What is 6 * 7?").content == recorded
    assert len(Stub.keys) == calls, "replay never calls the model"


def test_lesson_00_model_cells_run_on_a_real_model(server, monkeypatch):
    """Cells 2 and 4 of lesson 00 (get a model, read its reply's metadata) on an OpenAI-compatible model."""
    monkeypatch.setenv("LABKIT_MODEL", "openai:local-model")
    monkeypatch.setenv("OPENAI_BASE_URL", server)
    lesson = json.loads((ROOT / "notebooks" / "00_getting_started.ipynb").read_text())
    cells = {c["id"]: "".join(c["source"]) for c in lesson["cells"]}
    namespace: dict = {}
    for cell_id in ("aa4922cf", "8e0f124d"):
        exec(compile(cells[cell_id], f"lesson 00 cell {cell_id}", "exec"), namespace)  # noqa: S102 - our lesson
    assert namespace["reply"].content == "echo: What is 37 * 12?"
