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


class UnknownNameError(InvalidInputError):
    """A registry (:mod:`labkit.registry`) has no entry under that name; ``known`` lists the names it has."""

    def __init__(self, kind: str, name: str, known: list[str], plural: str = "", message: str = ""):
        self.kind = kind
        self.name = name
        self.known = known
        super().__init__(message or f"Unknown {kind} {name!r}. Known {plural or kind + 's'}: "
                                    f"{', '.join(known) or '(none registered)'}.")


class StoreFormatError(InvalidInputError):
    """A file opened as a labkit store (:mod:`labkit.sqlite`) is not one; ``path`` names it, the message says what to
    pass instead."""

    def __init__(self, path: str, problem: str):
        self.path = path
        super().__init__(f"{path} {problem}")


class UnsafeExpressionError(InvalidInputError):
    """An expression (:mod:`labkit.safemath`) uses something outside the arithmetic whitelist, or would be too large
    to compute."""


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


# --- labkit.production ----------------------------------------------------------------------------------------


class CacheBackendError(LabkitError):
    """A cache backend (SQLite file, Redis server) could not be reached or used; the message names it."""


class RetryExhaustedError(ModelError):
    """Every attempt of a retried call failed; ``attempts`` and ``last_error`` say how and why."""

    def __init__(self, attempts: int, last_error: BaseException):
        self.attempts = attempts
        self.last_error = last_error
        super().__init__(
            f"Gave up after {attempts} attempt(s); last error: {type(last_error).__name__}: {last_error}. "
            "Raise max_attempts, or add a fallback for when the model stays unavailable."
        )


class CircuitOpenError(ModelError):
    """A circuit breaker is open and refused the call; try again in ``retry_in`` seconds or use a fallback."""

    def __init__(self, name: str, retry_in: float):
        self.name = name
        self.retry_in = retry_in
        super().__init__(f"Circuit {name!r} is open after repeated failures; it will let a trial call through "
                         f"in {retry_in:.3g} s. Use a fallback meanwhile.")


class ThrottledError(LabkitError):
    """A rate limiter refused a request for ``key``; tokens return after ``wait`` seconds."""

    def __init__(self, key: str, wait: float):
        self.key = key
        self.wait = wait
        super().__init__(f"Rate limit for {key!r} reached: the next request is allowed in {wait:.3g} s.")


class FallbackExhaustedError(ModelError):
    """Every step of a fallback chain failed; ``errors`` maps each step to its error."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        detail = "; ".join(f"{k}: {v}" for k, v in errors.items())
        super().__init__(f"Every fallback failed ({detail}). End the chain with a templated answer so it never fails.")


class PolicyViolationError(LabkitError):
    """A policy engine denied a request; ``reasons`` lists the rules that decided it."""

    def __init__(self, reasons: list[str]):
        self.reasons = list(reasons)
        super().__init__("Denied by policy: " + "; ".join(self.reasons))


class AuditIntegrityError(LabkitError):
    """An audit log's hash chain does not verify at entry ``index``: the log was altered."""

    def __init__(self, index: int, reason: str):
        self.index = index
        self.reason = reason
        super().__init__(f"Audit log integrity check failed at entry {index}: {reason}.")


class WorkflowError(LabkitError):
    """A workflow was used against its state machine (an illegal transition) or a step failed."""


class PoolTimeoutError(LabkitError, TimeoutError):
    """A connection pool had no connection free within ``timeout`` seconds; ``in_use`` were all checked out."""

    def __init__(self, pool: str, timeout: float, in_use: int):
        self.pool = pool
        self.timeout = timeout
        self.in_use = in_use
        super().__init__(f"Pool {pool!r}: all {in_use} connection(s) stayed in use for {timeout:g} s. Release "
                         "connections sooner (use `with pool.connection()`), raise max_size, or raise acquire_timeout.")


# --- labkit.tools ---------------------------------------------------------------------------------------------


class ToolError(LabkitError):
    """A tool could not be registered, found or run."""


class UnknownToolError(ToolError, KeyError):
    """A tool name is not in the registry; ``available`` lists the names that are."""

    def __init__(self, name: str, available: list[str]):
        self.name = name
        self.available = list(available)
        super().__init__(f"No tool named {name!r}. Registered tools: {', '.join(self.available) or '(none)'}.")

    def __str__(self) -> str:  # KeyError would otherwise quote the whole message
        return self.args[0]


class ToolRequestRefusedError(ToolError):
    """The tool works but refused this request (bad arguments, an unsafe or failing query, access denied).

    An agent loop shows the reason to the model and keeps the tool: the model can correct the request and ask again.
    A tool that is down (any other exception) is a different matter: retrying or switching tools is what helps there.
    """


class ToolArgumentError(ToolRequestRefusedError, InvalidInputError):
    """Arguments for a tool failed validation; ``problems`` lists each one as 'field: what is wrong'."""

    def __init__(self, tool: str, problems: list[str]):
        self.tool = tool
        self.problems = list(problems)
        super().__init__(f"Bad arguments for tool {tool!r}: " + "; ".join(self.problems))


class ToolLoopLimitError(ToolError):
    """A tool-calling loop reached ``max_iterations`` without a final answer."""

    def __init__(self, max_iterations: int):
        self.max_iterations = max_iterations
        super().__init__(
            f"No final answer after {max_iterations} model turns. Raise max_iterations or check that the tools "
            "return what the model needs."
        )


class MCPServerError(ToolError):
    """An MCP server did not start or stopped answering; ``server`` names it and ``reason`` says why."""

    def __init__(self, server: str, reason: str):
        self.server = server
        self.reason = reason
        super().__init__(f"MCP server {server!r} is unavailable: {reason.rstrip('.')}. Check its command line (run it in a "
                         "terminal to see its error) or raise the timeout.")


class SQLQueryError(ToolRequestRefusedError):
    """SQLite rejected a query (syntax, unknown table or column); ``sql`` is the query, ``reason`` SQLite's words."""

    def __init__(self, sql: str, reason: str, message: str = ""):
        self.sql = sql
        self.reason = reason
        super().__init__(message or f"SQLite rejected the query: {reason}. Read the schema (sql_schema) and fix the SQL.")


class UnsafeSQLError(SQLQueryError):
    """A statement other than one read-only SELECT was refused by the SQL tool's guards; nothing ran."""

    def __init__(self, sql: str, reason: str):
        super().__init__(sql, reason, f"Refused SQL (only one SELECT or WITH ... SELECT statement may run): {reason}.")


class SQLTimeoutError(SQLQueryError, TimeoutError):
    """A query ran past its ``timeout`` (seconds) and was interrupted."""

    def __init__(self, sql: str, timeout: float):
        self.timeout = timeout
        super().__init__(sql, "interrupted", f"The query ran longer than {timeout:g} s and was stopped. Add a LIMIT, "
                                             "a WHERE clause or an end condition to a recursive query.")


class ToolAccessDeniedError(ToolRequestRefusedError):
    """A tool call was refused by an access policy; ``caller``, ``tool`` and ``reason`` say who, what and why."""

    def __init__(self, caller: str, tool: str, reason: str):
        self.caller = caller
        self.tool = tool
        self.reason = reason
        super().__init__(f"Access denied: {caller!r} may not call {tool!r}: {reason}.")


class SandboxUnavailableError(ToolError, ConfigurationError):
    """The Python sandbox cannot run here (bubblewrap is missing); the code is refused, never run unsandboxed."""


# --- labkit.rag -----------------------------------------------------------------------------------------------


class RetrievalError(LabkitError):
    """An index or retriever was used wrongly (empty, not built, mismatched dimensions, unreadable files)."""


class DatasetFormatError(RetrievalError, InvalidInputError):
    """A dataset folder or file does not follow the expected format; ``path`` names it."""

    def __init__(self, path: str, problem: str):
        self.path = path
        super().__init__(f"{path}: {problem}")


class QueryPlanCycleError(InvalidInputError):
    """Sub-questions depend on each other in a cycle; ``cycle`` lists the ids around it."""

    def __init__(self, cycle: list[str]):
        self.cycle = list(cycle)
        super().__init__(
            "The sub-questions depend on each other in a cycle: " + " -> ".join(self.cycle)
            + ". Remove one dependency so each step can be answered before the steps that use it."
        )


# --- labkit.agents --------------------------------------------------------------------------------------------


class AgentError(LabkitError):
    """An agent, plan or multi-agent system was configured or used wrongly."""


class PlanError(AgentError, InvalidInputError):
    """A plan is malformed (duplicate or unknown step ids, unknown tool, bad kind); the message says which part."""


class PlanCycleError(PlanError):
    """Plan steps depend on each other in a cycle; ``cycle`` lists the step ids around it."""

    def __init__(self, cycle: list[str]):
        self.cycle = list(cycle)
        super().__init__(
            "The plan's steps depend on each other in a cycle: " + " -> ".join(self.cycle)
            + ". Remove one of these dependencies so every step can run after the steps it needs."
        )


class DeadlineExceededError(AgentError, TimeoutError):
    """A step, tool or reply did not finish within ``seconds``; ``what`` names it."""

    def __init__(self, what: str, seconds: float):
        self.what = what
        self.seconds = seconds
        super().__init__(f"{what} did not finish within {seconds:g} s and was abandoned. "
                         "Raise the timeout if it is genuinely slow, or fix the tool/agent that hangs.")


# --- labkit.multiagent ----------------------------------------------------------------------------------------


class UnknownAgentError(AgentError, KeyError):
    """A message was addressed to an agent the broker does not know; ``known`` lists the registered ones."""

    def __init__(self, name: str, known: list[str]):
        self.name = name
        self.known = sorted(known)
        super().__init__(f"No agent named {name!r} is registered with the broker. Registered: {self.known}. "
                         "Register the agent first, or check the recipient's name.")

    def __str__(self) -> str:  # KeyError would quote the whole message
        return self.args[0]


class DelegationError(AgentError):
    """A team lead could not get a task done by any of its members; ``lead`` names it, ``reason`` says what
    happened last (declines, silences, failed checks or a spent budget)."""

    def __init__(self, lead: str, reason: str):
        self.lead, self.reason = lead, reason
        super().__init__(f"Team lead {lead!r} could not get the task done: {reason}. Add members who can do it, "
                         "raise the budget or max_attempts, or check why its members fail.")


# --- labkit.prompting -----------------------------------------------------------------------------------------


class StructuredOutputError(MalformedOutputError):
    """The model's output did not validate against the schema after every allowed attempt; ``attempts`` lists them."""

    def __init__(self, message: str, attempts: list, raw: str = ""):
        self.attempts = attempts
        super().__init__(message, raw=raw)


# --- labkit.reasoning -----------------------------------------------------------------------------------------


class TemplateVariableError(InvalidInputError):
    """A prompt template was rendered with missing or unknown variables; ``missing`` and ``unexpected`` name them."""

    def __init__(self, message: str, missing: list[str], unexpected: list[str]):
        self.missing = missing
        self.unexpected = unexpected
        super().__init__(message)


# --- labkit.context -------------------------------------------------------------------------------------------


class BudgetExceededError(InvalidInputError):
    """The required parts of a context do not fit its token budget; ``required_tokens`` and ``budget`` say by how much."""

    def __init__(self, message: str, required_tokens: int, budget: int):
        self.required_tokens = required_tokens
        self.budget = budget
        super().__init__(message)


# --- labkit.small ---------------------------------------------------------------------------------------------


class PromptTooLongError(InvalidInputError):
    """The parts of a prompt that must be kept already exceed the token limit."""

    def __init__(self, required_tokens: int, max_tokens: int, where: str = "the prompt"):
        self.required_tokens = required_tokens
        self.max_tokens = max_tokens
        super().__init__(
            f"The required parts of {where} take {required_tokens} tokens, more than the limit of {max_tokens}. "
            "Raise the limit, shorten the instruction or question, or mark more parts as optional."
        )


class MissingChainInputError(InvalidInputError):
    """A skill-chain step needs a value that neither the inputs nor an earlier step provides."""

    def __init__(self, skill: str, missing: list[str]):
        self.skill = skill
        self.missing = missing
        super().__init__(
            f"Skill {skill!r} needs {missing}, which no input or earlier step provides: pass them to run() "
            "or add a step whose output has that name."
        )


# --- labkit.domains -------------------------------------------------------------------------------------------


class UnknownDomainError(UnknownNameError, ConfigurationError):
    """No domain profile is registered under that name; ``known`` lists the registered ones."""

    def __init__(self, name: str, known: list[str]):
        super().__init__("domain", name, known, message=f"Unknown domain {name!r}. Registered domains: "
                                                        f"{', '.join(known)}.")


class CorpusError(LabkitError):
    """A domain corpus file is missing or malformed; ``path`` names it."""

    def __init__(self, path: str, problem: str):
        self.path = path
        super().__init__(f"Corpus {path}: {problem}")


# --- labkit.evaluation ----------------------------------------------------------------------------------------


class RegressionGateError(LabkitError, AssertionError):
    """A run's metric regressed past its baseline's tolerance (or is missing); ``metric``, ``value`` and ``baseline``
    name the first failure. An ``AssertionError`` too, so a pytest gate reports a failed test, not a crash."""

    def __init__(self, message: str, metric: str, value: float | None, baseline: float):
        self.metric = metric
        self.value = value
        self.baseline = baseline
        super().__init__(message)


class PromptVersionError(InvalidInputError):
    """A versioned prompt is missing, malformed or changed without a version bump; ``ref`` names it
    (``name@version``), ``problem`` says which (``unknown``, ``malformed``, ``hash_mismatch``, ``duplicate_version``,
    ``not_newer``)."""

    def __init__(self, message: str, ref: str, problem: str):
        self.ref = ref
        self.problem = problem
        super().__init__(message)


class DatasetMismatchError(InvalidInputError):
    """Two evaluation runs were measured on different datasets, so their metrics cannot be compared; ``run`` and
    ``baseline`` are the two datasets' ``name#fingerprint``."""

    def __init__(self, message: str, run: str, baseline: str):
        self.run = run
        self.baseline = baseline
        super().__init__(message)


# --- labkit.progress ------------------------------------------------------------------------------------------


class ReportInputError(InvalidInputError):
    """A progress store, gradebook or lab folder cannot feed a report; ``path`` names it, the message says what to do."""

    def __init__(self, path: str, problem: str):
        self.path = path
        super().__init__(f"{path}: {problem}")


# --- labkit.assess --------------------------------------------------------------------------------------------


class NotACase(InvalidInputError):
    """An imported test statement (:mod:`labkit.assess.importers`) is not data in, data out; the message says why."""


class NotPlainData(InvalidInputError):
    """A result holds something other than None/bool/int/float/str/list/dict (:mod:`labkit.assess.compare`;
    learner-facing message)."""


class CaseTimeout(LabkitError):
    """A visible case (:func:`labkit.assess.check.check`) ran longer than its time limit."""


# --- labkit.grading -------------------------------------------------------------------------------------------


class SubmissionRejected(InvalidInputError):
    """A submission that cannot be graded at all (too large, not a notebook); ``reason`` says why."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


class KernelUnavailableError(LabkitError, RuntimeError):
    """A grading kernel died, or did not answer within ``seconds``, before it could run a cell (a ``RuntimeError``
    too, as jupyter_client raises for the same failure)."""

    def __init__(self, message: str, seconds: float | None = None):
        self.seconds = seconds
        super().__init__(message)


class SandboxBusyError(LabkitError, RuntimeError):
    """Every one of the ``slots`` sandbox slots is held by a running kernel."""

    def __init__(self, slots: int):
        self.slots = slots
        super().__init__(f"all {slots} sandbox slots are busy: wait for the other grading runs to finish, or grade "
                         "with fewer workers")


class HeldOutLeakError(InvalidInputError):
    """An item of the held-out split was about to join a training or example pool (:mod:`labkit.small.improve`);
    ``text`` names it. A measurement on items the model has seen measures memory, not improvement."""

    def __init__(self, text: str):
        self.text = text
        super().__init__(f"{text[:80]!r} is in the held-out split: it may measure the pool, never join it. Take "
                         "corrections from the feedback batches only.")
