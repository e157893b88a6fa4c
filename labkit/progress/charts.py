"""Self-contained HTML pages: matplotlib figures embedded as base64 PNG, pandas tables, one small stylesheet.

The one idea: a report is one file that opens anywhere (an email attachment, a notebook cell, an LMS upload), so
images travel inside it as ``data:image/png;base64,...`` and nothing is fetched. Figures are built with
:class:`matplotlib.figure.Figure` directly, never ``pyplot``: no global state, no GUI backend, safe in a kernel, a
worker or a test.

What it leaves out: interactive charts (that would need JavaScript from somewhere) and theming.
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any

PAGE_STYLE = "body { font-family: system-ui, sans-serif; margin: 2em; max-width: 72em; color: #222; }"
STYLE = """
.lk-report h1 { font-size: 1.5em; } .lk-report h2 { font-size: 1.2em; margin-top: 1.5em; }
.lk-report table { border-collapse: collapse; margin: .5em 0; font-size: .9em; }
.lk-report th, .lk-report td { border: 1px solid #ccc; padding: .25em .6em; text-align: left; }
.lk-report th { background: #f3f3f3; }
.lk-report .lk-note { color: #555; font-size: .9em; }
.lk-report img { max-width: 100%; }
.lk-report .lk-table { max-width: 100%; overflow-x: auto; }
.lk-report td { overflow-wrap: break-word; max-width: 28em; }
"""
LABELS = {  # column name -> what a person reads; anything else gets label()'s default
    "learner": "Learner", "assessment": "Lab", "item": "Item", "challenge": "Challenge", "kind": "Kind",
    "title": "Title", "done": "Done", "points": "Points", "best_score": "Best score", "max_score": "Out of",
    "final_score": "Score", "raw_score": "Raw score", "late_penalty": "Late penalty", "percent": "Score %",
    "mean_percent": "Mean %", "median_percent": "Median %", "min_percent": "Min %", "max_percent": "Max %",
    "std_percent": "Spread (sd) %", "full_marks_percent": "Full marks %", "zero_percent": "Zero %",
    "completion_percent": "Done %", "score_percent": "Score %", "minutes_spent": "Minutes spent",
    "failed_attempts": "Failed attempts", "quiz_choice": "Your answer", "notebook": "In your notebook",
}


def label(column: str) -> str:
    """The heading a person reads for a DataFrame column.

    >>> label("mean_percent"), label("challenges_passed")
    ('Mean %', 'Challenges passed')
    """
    return LABELS.get(column) or column.replace("_percent", " %").replace("_", " ").capitalize()


def figure(width: float = 7.0, height: float = 3.5) -> Any:
    """A new, unattached matplotlib Figure (no pyplot state)."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def to_data_uri(fig: Any, dpi: int = 90) -> str:
    """A figure as a ``data:image/png;base64,...`` URI."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def img(fig: Any, alt: str) -> str:
    """An ``<img>`` tag carrying the figure inline."""
    return f"<img class='lk-plot' alt='{html.escape(alt)}' src='{to_data_uri(fig)}'>"


def table(frame: Any, empty: str = "Nothing to show.", float_format: str = "{:g}",
          links: dict[str, str] | None = None) -> str:
    """A pandas DataFrame as an HTML table with readable headings (index dropped, scrolls rather than overflowing
    the page), or a note when it is empty. ``links`` maps a ``learner`` cell's text to the page it should link."""
    if frame is None or len(frame) == 0:
        return f"<p class='lk-note'>{html.escape(empty)}</p>"
    shown = frame.rename(columns=label)
    text = shown.to_html(index=False, border=0, na_rep="", float_format=float_format.format, escape=True)
    for name, href in (links or {}).items():  # both sides escaped: the cell text as pandas wrote it
        text = text.replace(f"<td>{html.escape(name)}</td>",
                            f"<td><a href='{html.escape(href)}'>{html.escape(name)}</a></td>")
    return f"<div class='lk-table'>{text}</div>"


def esc(value: object) -> str:
    """HTML-escaped text.

    >>> esc("<b>&")
    '&lt;b&gt;&amp;'
    """
    return html.escape(str(value))


def fragment(title: str, body: list[str]) -> str:
    """The report as an HTML fragment (for a notebook cell): a ``div``; its style only touches ``.lk-report``."""
    return f"<div class='lk-report'><style>{STYLE}</style><h1>{esc(title)}</h1>{''.join(body)}</div>"


def page(title: str, body: list[str]) -> str:
    """A whole standalone HTML document."""
    return (f"<!doctype html>\n<html><head><meta charset='utf-8'><title>{esc(title)}</title>"
            f"<style>{PAGE_STYLE}</style></head>"
            f"<body>{fragment(title, body)}</body></html>\n")


class HtmlReport:
    """Shared rendering for reports: a subclass sets ``title`` and implements ``text()`` and ``_body()`` (its HTML
    parts); the terminal, notebook and file forms all come from those two."""

    title = "Report"

    def text(self) -> str:
        raise NotImplementedError

    def _body(self) -> list[str]:
        raise NotImplementedError

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        return fragment(self.title, self._body())

    def html(self) -> str:
        """The report as a standalone HTML page with its plots embedded."""
        return page(self.title, self._body())

    def write_html(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.html(), encoding="utf-8")
        return path
