"""labkit: LLM application engineering, level by level, as working and tested code.

Each subpackage is one level of the course (``prompting`` L1 ... ``production`` L8, then ``small`` and ``domains``);
``llm`` and ``embed`` give every level its models; ``assess``, ``grading`` and ``progress`` are the platform.

``import labkit`` is deliberately light: it imports no torch, faiss, sentence-transformers or LangChain provider.
Import the subpackage you need (``from labkit.llm import get_model``).
"""

from labkit.errors import LabkitError

__version__ = "0.1.0"
__all__ = ["LabkitError", "__version__"]
