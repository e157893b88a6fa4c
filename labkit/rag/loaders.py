"""Loaders: files in, :class:`~labkit.rag.documents.Document` records out, one loader per format.

What it teaches: retrieval quality starts at loading. Each format needs its own care: PDF text comes page by page
(pypdf), tables should stay tables (each CSV row becomes a ``column: value`` line so a retriever can match a row
and a model can read it), markdown keeps its headers for the header-aware chunker, and images carry no text at all
until something describes them.

Images: OCR needs a local engine (``pytesseract`` plus the ``tesseract`` binary). When one is installed,
:func:`load_image` uses it; when not, it reads a *caption sidecar*: ``photo.png.txt`` or ``photo.txt`` next to the
image, written by a person or a captioning model. With neither, it raises an error saying which to provide.
:func:`ocr_available` tells you which case you are in.

The one idea: normalise every format to text plus metadata (``source``, ``modality``, ``page``, ``table``).

Left out: HTML/DOCX, scanned-PDF OCR, and table structure inside PDFs.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from labkit.errors import InvalidInputError, MissingDependencyError
from labkit.rag.documents import Document

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp"}


def _path(path: str | Path) -> Path:
    p = Path(path)
    if not p.is_file():
        raise InvalidInputError(f"{p} is not a file; check the path.")
    return p


def _read_text(p: Path) -> str:
    try:
        return p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InvalidInputError(f"{p} is not UTF-8 text; convert it or use the loader for its format.") from None


def load_text(path: str | Path, doc_id: str | None = None) -> Document:
    """A plain-text file as one document."""
    p = _path(path)
    return Document(doc_id or p.stem, _read_text(p), {"source": str(p), "modality": "text"})


def load_markdown(path: str | Path, doc_id: str | None = None) -> Document:
    """A markdown file as one document; the title is its first ``#`` header when there is one."""
    p = _path(path)
    text = _read_text(p)
    title = next((line.lstrip("#").strip() for line in text.splitlines() if line.startswith("# ")), p.stem)
    return Document(doc_id or p.stem, text, {"source": str(p), "modality": "text", "format": "markdown",
                                             "title": title})


def load_pdf(path: str | Path, doc_id: str | None = None) -> list[Document]:
    """One document per PDF page (id ``<stem>-p<N>``, metadata ``page``), text extracted with pypdf."""
    p = _path(path)
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as exc:  # pragma: no cover - core dependency
        raise MissingDependencyError("pypdf", "rag", "reading PDF files") from exc
    try:
        reader = PdfReader(str(p))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, OSError) as exc:
        raise InvalidInputError(f"{p} could not be read as a PDF ({exc}).") from None
    stem = doc_id or p.stem
    return [Document(f"{stem}-p{i}", text, {"source": str(p), "modality": "text", "page": i})
            for i, text in enumerate(pages, start=1) if text.strip()]


def table_rows_as_text(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    """Each row as ``column: value`` pairs, the form retrievers and models read best.

    >>> table_rows_as_text(["plan", "price"], [["basic", "5"], ["pro", "12"]])
    ['plan: basic; price: 5', 'plan: pro; price: 12']
    """
    return ["; ".join(f"{h}: {v}" for h, v in zip(header, row) if str(v).strip()) for row in rows]


def load_csv(path: str | Path, doc_id: str | None = None, *, rows_per_document: int = 1,
             delimiter: str | None = None) -> list[Document]:
    """A CSV table: one document per ``rows_per_document`` rows, each row written as ``column: value`` pairs.

    Metadata keeps the table name, the header and the row numbers, so a multimodal index can show the table again.
    """
    p = _path(path)
    if rows_per_document < 1:
        raise InvalidInputError("rows_per_document must be at least 1.")
    text = _read_text(p)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=delimiter or ",;\t|")
    except csv.Error:
        dialect = csv.excel
    rows = [r for r in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in r)]
    if len(rows) < 2:
        raise InvalidInputError(f"{p} needs a header row and at least one data row.")
    header, body = [h.strip() for h in rows[0]], rows[1:]
    lines = table_rows_as_text(header, body)
    stem = doc_id or p.stem
    docs = []
    for start in range(0, len(lines), rows_per_document):
        end = min(start + rows_per_document, len(lines))
        docs.append(Document(f"{stem}-r{start + 1}" if rows_per_document == 1 else f"{stem}-r{start + 1}-{end}",
                             f"Table {stem}: " + "\n".join(lines[start:end]),
                             {"source": str(p), "modality": "table", "table": stem, "columns": header,
                              "rows": [start + 1, end]}))
    return docs


def ocr_available() -> bool:
    """True when a local OCR engine (pytesseract + the tesseract binary) is installed."""
    try:
        import pytesseract  # noqa: F401
    except ImportError:
        return False
    return shutil.which("tesseract") is not None


def _caption_for(p: Path) -> Path | None:
    for candidate in (p.with_name(p.name + ".txt"), p.with_suffix(".txt"), p.with_suffix(".caption")):
        if candidate.is_file():
            return candidate
    return None


def load_image(path: str | Path, doc_id: str | None = None, *, use_ocr: bool | None = None) -> Document:
    """An image as text: OCR when a local engine exists (and ``use_ocr`` is not False), else its caption sidecar."""
    p = _path(path)
    caption = _caption_for(p)
    meta: dict[str, Any] = {"source": str(p), "modality": "image"}
    if use_ocr is not False and ocr_available():
        import pytesseract
        from PIL import Image

        text = pytesseract.image_to_string(Image.open(p)).strip()
        meta["text_from"] = "ocr"
        if caption:
            text = f"{_read_text(caption).strip()}\n{text}".strip()
            meta["text_from"] = "caption+ocr"
        return Document(doc_id or p.stem, text, meta)
    if use_ocr:
        raise MissingDependencyError("pytesseract", "ocr", "OCR of images (also install the tesseract binary)")
    if caption is None:
        raise InvalidInputError(
            f"{p} has no text: no OCR engine is installed and there is no caption file. Write a caption to "
            f"{p.name}.txt next to it, or install pytesseract and tesseract."
        )
    meta["text_from"] = "caption"
    return Document(doc_id or p.stem, _read_text(caption).strip(), meta)


def load_file(path: str | Path) -> list[Document]:
    """Pick the loader by file suffix."""
    p = _path(path)
    suffix = p.suffix.lower()
    if suffix in {".md", ".markdown"}:
        return [load_markdown(p)]
    if suffix in {".txt", ".text", ".rst"}:
        return [load_text(p)]
    if suffix == ".pdf":
        return load_pdf(p)
    if suffix in {".csv", ".tsv"}:
        return load_csv(p, delimiter="\t" if suffix == ".tsv" else None)
    if suffix in IMAGE_SUFFIXES:
        return [load_image(p)]
    raise InvalidInputError(f"No loader for {suffix or 'files without a suffix'} ({p.name}); "
                            "supported: .md .txt .pdf .csv .tsv and images.")


def load_directory(path: str | Path, pattern: str = "**/*") -> list[Document]:
    """Every loadable file under ``path`` (sorted, so ids and order are reproducible); caption sidecars are skipped."""
    root = Path(path)
    if not root.is_dir():
        raise InvalidInputError(f"{root} is not a folder.")
    files = sorted(f for f in root.glob(pattern) if f.is_file())
    images = {f for f in files if f.suffix.lower() in IMAGE_SUFFIXES}
    sidecars = {c for f in images if (c := _caption_for(f)) is not None}
    docs: list[Document] = []
    for f in files:
        if f in sidecars:
            continue
        if f.suffix.lower() in {".md", ".markdown", ".txt", ".text", ".rst", ".pdf", ".csv", ".tsv"} or f in images:
            docs.extend(load_file(f))
    return docs
