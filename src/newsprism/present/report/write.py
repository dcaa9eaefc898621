"""Reports for people: Markdown or one self-contained HTML page, chosen by file extension."""

from __future__ import annotations

from pathlib import Path

from newsprism.model import Analysis
from newsprism.present.report.html_page import render_html
from newsprism.present.report.markdown_doc import render_markdown

MARKDOWN_EXTENSIONS = (".md", ".markdown")
HTML_EXTENSIONS = (".html", ".htm")


def write_report(analysis: Analysis, path: str | Path) -> None:
    """Write the report to `path`: Markdown for .md/.markdown, HTML for .html/.htm (UTF-8)."""
    target = Path(path)
    extension = target.suffix.lower()
    if extension in MARKDOWN_EXTENSIONS:
        text = render_markdown(analysis)
    elif extension in HTML_EXTENSIONS:
        text = render_html(analysis)
    else:
        known = ", ".join(MARKDOWN_EXTENSIONS + HTML_EXTENSIONS)
        raise ValueError(
            f"{target}: cannot tell the report format from extension {extension or '(none)'!r};"
            f" use one of {known}"
        )
    target.write_text(text, encoding="utf-8")
