"""Every exception labkit raises, in one place.

The one idea: a learner or an engineer who hits an error should read *what was wrong and what to do next* in the
message, and a program should be able to branch on the exception's type and its structured attributes.

All exceptions derive from :class:`LabkitError`, so ``except LabkitError`` catches everything labkit raises on
purpose. The CLI prints the message of a ``LabkitError`` without a traceback and exits non-zero.

Subpackages add their own exceptions at the end of this file, grouped under a comment naming the subpackage.
"""

from __future__ import annotations


class LabkitError(Exception):
    """Root of every exception labkit raises deliberately."""


class InvalidInputError(LabkitError, ValueError):
    """An argument or input value is malformed; the message says which one and what is accepted."""


class ConfigurationError(LabkitError):
    """A setting (model spec, environment variable, option) is malformed or unknown."""


class MissingDependencyError(ConfigurationError, ImportError):
    """An optional package is not installed; ``extra`` names the pip extra that brings it."""

    def __init__(self, package: str, extra: str, purpose: str = ""):
        self.package = package
        self.extra = extra
        what = f" (needed for {purpose})" if purpose else ""
        super().__init__(
            f"The package {package!r} is not installed{what}. "
            f"Install it with: pip install 'labkit[{extra}]'"
        )


# --- labkit.llm -----------------------------------------------------------------------------------------------


class ModelError(LabkitError):
    """A model call failed."""


class RetryableModelError(ModelError):
    """A model call failed in a way that may succeed if tried again (timeouts, rate limits, overload)."""


class ModelTimeoutError(RetryableModelError, TimeoutError):
    """A model call took longer than allowed."""

    def __init__(self, seconds: float, message: str = ""):
        self.seconds = seconds
        super().__init__(message or f"The model did not answer within {seconds:g} s.")


class RateLimitError(RetryableModelError):
    """The provider refused the call because too many were made; wait ``retry_after`` seconds."""

    def __init__(self, retry_after: float = 1.0, message: str = ""):
        self.retry_after = retry_after
        super().__init__(message or f"Rate limited (HTTP 429): retry after {retry_after:g} s.")


class MalformedOutputError(ModelError):
    """The model's output could not be parsed into what was asked for (JSON, a schema, a number)."""

    def __init__(self, message: str, raw: str = ""):
        self.raw = raw
        super().__init__(message)


class ScriptExhaustedError(ModelError):
    """A scripted model was called more times than it has queued replies."""


class CacheMissError(ModelError):
    """Replay mode found no recorded response for a prompt; ``prompt_hash`` identifies it."""

    def __init__(self, prompt_hash: str, path: str):
        self.prompt_hash = prompt_hash
        self.path = path
        super().__init__(
            f"No recorded response for prompt {prompt_hash} in {path}. Replay mode never calls the model: "
            f"record it first with LABKIT_LLM_CACHE_MODE=record (and a real model), or unset LABKIT_LLM_CACHE."
        )


# --- labkit.embed ---------------------------------------------------------------------------------------------


class EmbeddingModelNotFoundError(ConfigurationError):
    """The bundled embedding model files could not be found."""
