"""A small, self-written knowledge base for lessons and tests: the fictional company Northwind Scanners.

What it is for: lessons must run in seconds and their numbers must mean something, so this corpus is small (a
handbook, product pages, a price table and a diagram caption) and comes with *labelled questions*: for each, the
chunk ids that answer it. Some questions share words with their answer (BM25 finds them), some are paraphrases
(embeddings find them), some need a code or a name (keyword matching wins), so single methods and hybrids differ
measurably.

:func:`write_sample_folder` writes the corpus as real files (markdown, text, CSV, an image with a caption sidecar)
so the loaders have something to load.

Left out: anything resembling a benchmark; use ``labkit bench retrieval`` on a BEIR dataset for that.
"""

from __future__ import annotations

from pathlib import Path

from labkit.rag.documents import Document

HANDBOOK = """# Northwind Scanners handbook

## Returns and refunds
Customers may return hardware within 30 days of delivery for a full refund. Items must be unused and in the
original packaging. Refunds reach the original payment method within 5 business days.

## Warranty
Every scanner has a two-year warranty covering manufacturing defects. Accidental damage, such as dropping a
device or spilling coffee on it, is not covered; the Care Plus plan covers it for 39 euros a year.

## Shipping
Orders over 50 euros ship free within the EU. Delivery takes three to five business days; express delivery
arrives the next business day for 12 euros.

## Support
The support office is in Bergen and answers from 08:00 to 16:00 on weekdays. Urgent outages are handled by the
on-call engineer through the status page.
"""

PRODUCTS = {
    "model-3": "# Model 3 scanner\n\nThe Model 3 is a handheld barcode scanner for warehouses. Its battery lasts "
               "ten hours and recharges in two hours on the dock. The replacement battery has part number XK-4471.",
    "model-5": "# Model 5 scanner\n\nThe Model 5 reads damaged and faded labels with a high-resolution imager. It is "
               "rated IP65, so rain and dust do not harm it, and it survives drops from 1.8 metres onto concrete.",
    "dock": "# Charging dock\n\nThe charging dock holds four scanners. A green light means fully charged; a blinking "
            "amber light means the battery is too hot to charge and should cool down first.",
    "firmware": "# Firmware updates\n\nFirmware 4.2 added offline mode, which stores up to 5,000 scans when Wi-Fi is "
                "lost and uploads them when the connection returns. Update through the Northwind Hub app.",
    "security": "# Security\n\nScanners encrypt stored scans with AES-256. Admin passwords must have at least 12 "
                "characters and are rotated every 90 days. Lost devices can be wiped remotely from the Hub.",
    "company": "# About us\n\nNorthwind Scanners was founded by Mara Quist in 2009 in Bergen. Mara Quist previously "
               "led the imaging group at Fjord Optics. The company employs 140 people.",
}

PRICES_CSV = """product,price_eur,warranty_years
Model 3,249,2
Model 5,419,2
Charging dock,89,1
Care Plus (per year),39,
"""

DIAGRAM_CAPTION = ("Architecture diagram: scanners send scans over Wi-Fi to the Northwind Hub, which forwards them "
                   "to the customer's warehouse management system through a REST API.")

# question -> ids of the chunks that answer it (ids as produced by sample_chunks())
QUESTIONS: dict[str, set[str]] = {
    "How long do I have to send a scanner back for my money?": {"handbook#1"},
    "Is coffee spilled on the scanner covered?": {"handbook#2"},
    "How much does express delivery cost?": {"handbook#3"},
    "When can I reach the support team?": {"handbook#4"},
    "What is part XK-4471?": {"model-3#0"},
    "How long does the handheld battery last on one charge?": {"model-3#0"},
    "Which scanner can survive rain?": {"model-5#0"},
    "What does a blinking amber light mean?": {"dock#0"},
    "What happens to scans when the wireless network drops?": {"firmware#0"},
    "How often must admin passwords change?": {"security#0"},
    "Who started the company?": {"company#0"},
    "How does scan data reach the warehouse system?": {"diagram"},
    "What does the Model 5 cost?": {"prices-r2"},
    "Which version introduced offline mode?": {"firmware#0"},
    "Who used to work at Fjord Optics?": {"company#0"},
    "Is AES-256 used?": {"security#0"},
    "What is Care Plus?": {"handbook#2", "prices-r4"},
    "What is the Hub?": {"firmware#0", "security#0", "diagram"},
    "How many scanners fit in the dock?": {"dock#0"},
    "What is the Model 5 rated?": {"model-5#0"},
}

# question -> a phrase that only a chunk answering it contains (works for any chunking)
ANSWERS: dict[str, str] = {
    "How long do I have to send a scanner back for my money?": "30 days",
    "Is coffee spilled on the scanner covered?": "not covered",
    "How much does express delivery cost?": "12 euros",
    "When can I reach the support team?": "08:00 to 16:00",
    "What is part XK-4471?": "replacement battery",
    "How long does the handheld battery last on one charge?": "ten hours",
    "Which scanner can survive rain?": "IP65",
    "What does a blinking amber light mean?": "too hot",
    "What happens to scans when the wireless network drops?": "stores up to 5,000 scans",
    "How often must admin passwords change?": "90 days",
    "Who started the company?": "founded by Mara Quist",
    "How does scan data reach the warehouse system?": "REST API",
    "Which version introduced offline mode?": "Firmware 4.2",
}


def sample_documents() -> list[Document]:
    """The corpus as documents: the handbook, six product pages, the price table rows and the diagram caption."""
    from labkit.rag.loaders import table_rows_as_text

    docs = [Document("handbook", HANDBOOK, {"title": "Northwind Scanners handbook", "modality": "text"})]
    docs += [Document(i, t, {"title": t.splitlines()[0].lstrip("# "), "modality": "text"}) for i, t in PRODUCTS.items()]
    lines = PRICES_CSV.strip().splitlines()
    header = lines[0].split(",")
    for n, row in enumerate(table_rows_as_text(header, [line.split(",") for line in lines[1:]]), start=1):
        docs.append(Document(f"prices-r{n}", f"Table prices: {row}",
                             {"modality": "table", "table": "prices", "columns": header}))
    docs.append(Document("diagram", DIAGRAM_CAPTION, {"modality": "image", "text_from": "caption"}))
    return docs


def sample_chunks():
    """The corpus chunked the way the labelled questions expect: handbook by markdown section, the rest whole."""
    from labkit.rag.chunking import MarkdownHeaderChunker
    from labkit.rag.documents import Chunk

    chunks = []
    for d in sample_documents():
        if d.id == "handbook":
            chunks.extend(MarkdownHeaderChunker().split(d))
        elif d.metadata["modality"] == "text":
            chunks.append(Chunk(f"{d.id}#0", d.text, d.id, 0, len(d.text), dict(d.metadata)))
        else:
            chunks.append(Chunk(d.id, d.text, d.id, 0, len(d.text), dict(d.metadata)))
    return chunks


def write_sample_folder(folder: str | Path) -> Path:
    """Write the corpus as files: ``handbook.md``, product ``.md`` pages, ``prices.csv`` and ``diagram.png`` + caption."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    (out / "handbook.md").write_text(HANDBOOK, encoding="utf-8")
    for name, text in PRODUCTS.items():
        (out / f"{name}.md").write_text(text, encoding="utf-8")
    (out / "prices.csv").write_text(PRICES_CSV, encoding="utf-8")
    # a 1x1 PNG: the pixels carry no text, the caption sidecar does
    (out / "diagram.png").write_bytes(bytes.fromhex(
        "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"))
    (out / "diagram.png.txt").write_text(DIAGRAM_CAPTION, encoding="utf-8")
    return out
