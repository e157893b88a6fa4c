"""Prompt versioning: prompts as files under version control, each with a name, a semantic version and a content hash.

A prompt is code: a changed word changes what the application does, so a change should be reviewed, versioned and
measured like any other. Here each version of a prompt is one text file with a front matter:

.. code-block:: text

    ---
    name: support_answer
    version: 1.2.0
    sha256: 5c0d2c1b9a4e
    description: answer from the retrieved context only
    ---
    Answer the question using only the context. Question: {question} Context: {context}

``sha256`` is the first 12 hex digits of the SHA-256 of the body (line endings made ``\\n``, blank space at both ends
removed). :func:`write_prompt` fills it in; nobody types it. The one idea: **a released version never changes.**
Edit the text of ``support_answer@1.2.0`` in place and its recorded hash no longer matches its body;
:meth:`PromptStore.verify` reports the file (``hash_mismatch``), so CI fails until the edit becomes ``1.2.1``. Every
evaluation run then records the ``name@version`` and hash it ran with (:mod:`.runs`), and a metric moving between two
runs can be traced to the exact text that moved it.

:class:`PromptStore` loads a folder of ``*.prompt`` files, resolves ``name@1.2.0``, ``name@latest`` or ``name`` to a
:class:`PromptVersion`, diffs two versions and verifies the folder. A version renders through
:class:`labkit.reasoning.Template`, so a missing or misspelt variable fails loudly.

>>> v = PromptVersion("greet", "1.0.0", "Hello {name}.")
>>> v.ref, v.content_hash, v.render(name="Ada")
('greet@1.0.0', '6c7b0afed3fe', 'Hello Ada.')

Left out: pre-release and build tags of semantic versioning (``1.0.0-rc.1``), prompts held in a database or a
hosted registry (the file shape is what they store too), and choosing the bump for you (a team decides whether a
change is a patch or a minor version).
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labkit.errors import InvalidInputError, PromptVersionError

HASH_LENGTH = 12
SUFFIX = ".prompt"
_VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
_NAME = re.compile(r"^[a-z][a-z0-9_\-]*$")


def parse_version(version: str) -> tuple[int, int, int]:
    """``major.minor.patch`` as numbers, so ``1.10.0`` sorts after ``1.9.0`` (as text it would not).

    >>> parse_version("1.10.0") > parse_version("1.9.0"), "1.10.0" > "1.9.0"
    (True, False)
    """
    match = _VERSION.match(version) if isinstance(version, str) else None
    if not match:
        raise InvalidInputError(f"Version {version!r} is not a semantic version; write MAJOR.MINOR.PATCH, e.g. 1.2.0.")
    return int(match[1]), int(match[2]), int(match[3])


def content_hash(text: str) -> str:
    """The first 12 hex digits of SHA-256 over the body, with line endings made ``\\n`` and the ends stripped.

    >>> content_hash("Hello {name}.") == content_hash("Hello {name}.\\r\\n")
    True
    >>> content_hash("Hello {name}.") == content_hash("Hello  {name}.")
    False
    """
    body = text.replace("\r\n", "\n").strip()
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def parse_ref(ref: str) -> tuple[str, str | None]:
    """Split ``name@version`` (``name`` and ``name@latest`` mean the newest version: ``None``).

    >>> parse_ref("greet@1.2.0"), parse_ref("greet"), parse_ref("greet@latest")
    (('greet', '1.2.0'), ('greet', None), ('greet', None))
    """
    if not isinstance(ref, str) or not ref.strip():
        raise InvalidInputError("Name a prompt as 'name@version' (or 'name' / 'name@latest' for the newest).")
    name, _, version = ref.strip().partition("@")
    if version in ("", "latest"):
        return name, None
    parse_version(version)
    return name, version


@dataclass(frozen=True)
class PromptVersion:
    """One version of a prompt. ``recorded_hash`` is the hash written in its file (``None`` for one built in code);
    it differs from :attr:`content_hash` when the text was edited after the version was written."""

    name: str
    version: str
    text: str
    description: str = ""
    recorded_hash: str | None = None
    source: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not _NAME.match(self.name):
            raise InvalidInputError(f"Prompt name {self.name!r} must be lower-case letters, digits, '_' or '-', "
                                    "starting with a letter.")
        parse_version(self.version)
        if not isinstance(self.text, str) or not self.text.strip():
            raise InvalidInputError(f"Prompt {self.name}@{self.version} has an empty body; write the prompt text.")

    @property
    def ref(self) -> str:
        """``name@version``: what an evaluation run records."""
        return f"{self.name}@{self.version}"

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    @property
    def intact(self) -> bool:
        """Whether the body still hashes to the recorded hash (a version built in code is intact)."""
        return self.recorded_hash is None or self.recorded_hash == self.content_hash

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return parse_version(self.version)

    def template(self) -> Any:
        """The body as a :class:`labkit.reasoning.Template` named by :attr:`ref`."""
        from labkit.reasoning.templates import Template

        return Template(self.text.replace("\r\n", "\n").strip(), name=self.ref)

    def render(self, **values: Any) -> str:
        """Fill the body's ``{variables}``; a missing or unexpected one is a clear error."""
        return self.template().render(**values)

    def to_text(self) -> str:
        """The file form: front matter with the content hash, then the body."""
        lines = ["---", f"name: {self.name}", f"version: {self.version}", f"sha256: {self.content_hash}"]
        if self.description:
            lines.append(f"description: {_one_line(self.description)}")
        return "\n".join([*lines, "---", self.text.replace("\r\n", "\n").strip(), ""])


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def parse_prompt(text: str, source: str = "<text>") -> PromptVersion:
    """Read one prompt file's text (front matter between ``---`` lines, then the body).

    >>> parse_prompt("---\\nname: greet\\nversion: 1.0.0\\nsha256: 6c7b0afed3fe\\n---\\nHello {name}.\\n").intact
    True
    """
    if not isinstance(text, str):
        raise InvalidInputError(f"{source}: a prompt file is text, got {type(text).__name__}.")
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != "---" or "---" not in [line.strip() for line in lines[1:]]:
        raise PromptVersionError(f"{source}: a prompt file starts with a front matter between two '---' lines "
                                 "(name, version, sha256), then the prompt text.", source, "malformed")
    end = 1 + [line.strip() for line in lines[1:]].index("---")
    fields: dict[str, str] = {}
    for line in lines[1:end]:
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise PromptVersionError(f"{source}: front matter line {line.strip()!r} is not 'key: value'.", source,
                                     "malformed")
        fields[key.strip()] = value.strip()
    unknown = set(fields) - {"name", "version", "sha256", "description"}
    missing = [k for k in ("name", "version", "sha256") if k not in fields]
    if unknown or missing:
        raise PromptVersionError(f"{source}: the front matter needs name, version and sha256 (description is "
                                 f"optional); missing {missing}, unknown {sorted(unknown)}.", source, "malformed")
    try:
        return PromptVersion(fields["name"], fields["version"], "\n".join(lines[end + 1:]),
                             fields.get("description", ""), fields["sha256"], source)
    except PromptVersionError:
        raise
    except InvalidInputError as exc:
        raise PromptVersionError(f"{source}: {exc}", source, "malformed") from None


@dataclass(frozen=True)
class PromptProblem:
    """One reason the store fails verification: ``kind`` is ``hash_mismatch`` or ``duplicate_version``."""

    ref: str
    kind: str
    message: str


class PromptStore:
    """Every version of every prompt, from ``*.prompt`` files (:meth:`load`) or from :class:`PromptVersion` s."""

    def __init__(self, versions: Iterable[PromptVersion] = (), root: str | Path | None = None):
        self.root = Path(root) if root is not None else None
        self._versions: list[PromptVersion] = []
        for version in versions:
            if not isinstance(version, PromptVersion):
                raise InvalidInputError(f"A PromptStore holds PromptVersion objects, got {type(version).__name__}; "
                                        "read files with parse_prompt or PromptStore.load(folder).")
            self._versions.append(version)

    @classmethod
    def load(cls, root: str | Path) -> PromptStore:
        """Every ``*.prompt`` file under ``root`` (sub-folders included, in path order)."""
        root = Path(root)
        if not root.is_dir():
            raise InvalidInputError(f"No prompt folder at {root}; create it and add prompts with write_prompt().")
        files = sorted(root.rglob(f"*{SUFFIX}"))
        return cls([parse_prompt(f.read_text(encoding="utf-8"), str(f.relative_to(root))) for f in files], root)

    def names(self) -> list[str]:
        return sorted({v.name for v in self._versions})

    def versions(self, name: str) -> list[PromptVersion]:
        """Every version of ``name``, oldest first by semantic version (``1.9.0`` before ``1.10.0``)."""
        found = sorted((v for v in self._versions if v.name == name), key=lambda v: v.sort_key)
        if not found:
            raise PromptVersionError(f"No prompt named {name!r}; the store has {self.names()}.", name, "unknown")
        return found

    def get(self, ref: str) -> PromptVersion:
        """The version ``ref`` names: ``name@1.2.0``, or the newest for ``name`` and ``name@latest``."""
        name, version = parse_ref(ref)
        versions = self.versions(name)
        if version is None:
            newest = versions[-1].version
            return self.get(f"{name}@{newest}")
        found = [v for v in versions if v.version == version]
        if not found:
            raise PromptVersionError(f"{name} has no version {version}; it has {[v.version for v in versions]}.",
                                     ref, "unknown")
        if len(found) > 1:
            raise PromptVersionError(f"{name}@{version} is defined twice ({', '.join(v.source for v in found)}); "
                                     "a version must have exactly one file.", ref, "duplicate_version")
        return found[0]

    def diff(self, old: str, new: str) -> str:
        """A unified diff of two versions' bodies, headed by each ``name@version`` and hash ('' when equal)."""
        a, b = self.get(old), self.get(new)
        lines = difflib.unified_diff(a.text.strip().splitlines(), b.text.strip().splitlines(),
                                     f"{a.ref} ({a.content_hash})", f"{b.ref} ({b.content_hash})", lineterm="")
        return "\n".join(lines)

    def verify(self) -> list[PromptProblem]:
        """What CI must reject: a body edited after its version was written, and a version with two files."""
        problems: list[PromptProblem] = []
        seen: dict[str, PromptVersion] = {}
        for v in sorted(self._versions, key=lambda v: (v.name, v.sort_key, v.source)):
            if not v.intact:
                problems.append(PromptProblem(v.ref, "hash_mismatch",
                                              f"{v.ref} ({v.source or 'in code'}) was edited without a version bump: "
                                              f"its text hashes to {v.content_hash}, its file records "
                                              f"{v.recorded_hash}; restore the text or write it as a new version."))
            if v.ref in seen:
                problems.append(PromptProblem(v.ref, "duplicate_version",
                                              f"{v.ref} is defined twice ({seen[v.ref].source}, {v.source}); "
                                              "give the newer text a new version."))
            seen.setdefault(v.ref, v)
        return problems

    def check(self) -> PromptStore:
        """Raise :class:`~labkit.errors.PromptVersionError` naming the first problem of :meth:`verify`."""
        problems = self.verify()
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise PromptVersionError(problems[0].message + more, problems[0].ref, problems[0].kind)
        return self

    def __len__(self) -> int:
        return len(self._versions)


def write_prompt(root: str | Path, name: str, version: str, text: str, description: str = "") -> PromptVersion:
    """Write a new version as ``root/name/version.prompt`` with its hash. A version must be newer than every version
    already in the folder, and a written version is never overwritten: change the text, bump the version."""
    prompt = PromptVersion(name, version, text, _one_line(description))
    root = Path(root)
    path = root / name / f"{version}{SUFFIX}"
    if path.exists():
        raise PromptVersionError(f"{prompt.ref} already exists at {path}; a released version never changes: write "
                                 "the new text as a new version.", prompt.ref, "duplicate_version")
    existing = PromptStore.load(root) if root.is_dir() else PromptStore()
    if name in existing.names():
        latest = existing.versions(name)[-1]
        if prompt.sort_key <= latest.sort_key:
            raise PromptVersionError(f"{prompt.ref} is not newer than {latest.ref}; bump past {latest.version}.",
                                     prompt.ref, "not_newer")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(prompt.to_text(), encoding="utf-8")
    return PromptVersion(name, version, prompt.text, prompt.description, prompt.content_hash,
                         str(path.relative_to(root)))


def bump(version: str, part: str = "patch") -> str:
    """The next version: ``patch`` for wording, ``minor`` for a new variable or behaviour, ``major`` for a new
    contract (another output format).

    >>> bump("1.2.3"), bump("1.2.3", "minor"), bump("1.2.3", "major")
    ('1.2.4', '1.3.0', '2.0.0')
    """
    major, minor, patch = parse_version(version)
    steps: Mapping[str, tuple[int, int, int]] = {"patch": (major, minor, patch + 1), "minor": (major, minor + 1, 0),
                                                 "major": (major + 1, 0, 0)}
    if part not in steps:
        raise InvalidInputError(f"Bump 'patch', 'minor' or 'major', not {part!r}.")
    return ".".join(map(str, steps[part]))
