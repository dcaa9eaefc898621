"""Reports for people: one self-contained HTML page or a Markdown document per analysis.

`write_report(analysis, path)` writes the report in the format the file extension names;
`render_html(analysis)` and `render_markdown(analysis)` return it as text. Inside: `view`
(what a report shows, as plain data: one `StoryView` per story), `findings` (the source
comparison: findings, single-source lines, the coverage matrix), `matrix` (the claims
matrix: how each outlet carries each fact or claim), `cite` (citations),
`text` (small text helpers), `chart` (the timeline chart, inline SVG), `html_page` (the
escaped HTML page, shell in `templates/report.html`, also used by the web UI) and
`markdown_doc` (the escaped Markdown) lay the views out; `write` picks the format.
"""

from newsprism.present.report.html_page import render_html
from newsprism.present.report.markdown_doc import render_markdown
from newsprism.present.report.write import write_report

__all__ = ["render_html", "render_markdown", "write_report"]
