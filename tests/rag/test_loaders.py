import pytest

from labkit.errors import InvalidInputError
from labkit.rag import load_csv, load_directory, load_file, load_image, load_pdf, ocr_available


def _minimal_pdf(pages: list[str]) -> bytes:
    """A valid PDF with one line of Helvetica text per page (written by hand: no PDF writer needed)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for text in pages:
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET"
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
        content_id = len(objects)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content_id} 0 R "
                       "/Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>"
    out, offsets = "%PDF-1.4\n", []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n" + "".join(f"{o:010d} 00000 n \n" for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out.encode("latin-1")


def test_pdf_pages(tmp_path):
    path = tmp_path / "manual.pdf"
    path.write_bytes(_minimal_pdf(["Press the red button to start.", "Clean the filter monthly."]))
    docs = load_pdf(path)
    assert [(d.id, d.metadata["page"]) for d in docs] == [("manual-p1", 1), ("manual-p2", 2)]
    assert "red button" in docs[0].text and "filter" in docs[1].text
    (tmp_path / "broken.pdf").write_bytes(b"not a pdf")
    with pytest.raises(InvalidInputError, match="could not be read"):
        load_pdf(tmp_path / "broken.pdf")


def test_csv_rows_become_column_value_text(tmp_path):
    path = tmp_path / "plans.csv"
    path.write_text("plan,price,seats\nbasic,5,1\npro,12,5\n")
    docs = load_csv(path)
    assert [d.text for d in docs] == ["Table plans: plan: basic; price: 5; seats: 1",
                                      "Table plans: plan: pro; price: 12; seats: 5"]
    assert docs[1].metadata["modality"] == "table" and docs[1].metadata["columns"] == ["plan", "price", "seats"]
    (tmp_path / "empty.csv").write_text("a,b\n")
    with pytest.raises(InvalidInputError, match="header row"):
        load_csv(tmp_path / "empty.csv")


def test_images_use_ocr_or_caption_sidecar(tmp_path):
    image = tmp_path / "diagram.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n")
    if not ocr_available():
        with pytest.raises(InvalidInputError, match="no OCR engine"):
            load_image(image)
    (tmp_path / "diagram.png.txt").write_text("Architecture diagram: the API calls the retriever.")
    doc = load_image(image, use_ocr=False)
    assert doc.metadata == {"source": str(image), "modality": "image", "text_from": "caption"}
    assert doc.text.startswith("Architecture diagram")


def test_directory_and_dispatch(tmp_path):
    (tmp_path / "a.md").write_text("# Title\nBody.")
    (tmp_path / "b.txt").write_text("Plain.")
    (tmp_path / "c.png").write_bytes(b"png")
    (tmp_path / "c.png.txt").write_text("A cat.")
    (tmp_path / "d.json").write_text("{}")
    docs = load_directory(tmp_path)
    assert [(d.id, d.metadata["modality"]) for d in docs] == [("a", "text"), ("b", "text"), ("c", "image")]
    assert docs[0].metadata["title"] == "Title"
    with pytest.raises(InvalidInputError, match="No loader"):
        load_file(tmp_path / "d.json")
    with pytest.raises(InvalidInputError, match="not a file"):
        load_file(tmp_path / "missing.txt")
