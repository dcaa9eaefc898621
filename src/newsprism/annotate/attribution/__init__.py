"""Who said what: the quotes and attributions of one parsed article, with their speakers.

`find_quotes(doc, article_id)` returns the article's direct, indirect and mixed `Quote`s, each
with its content, cue (and what the cue reports: speech, thought, view or other) and speaker
(pronouns and carried-over speakers resolved). Inside: `quotes` (the steps, in order),
`quote_marks` (quoted passages from the quotation marks), `frames` (attributions read off the
dependency parse), `content` and `layout` (what a cue attributes; sources and contents set by
a colon or a dash), `cue_model` (the small learned cue model, weights in
`data/attribution_cues.json`), `cues` (the reporting-verb lexicons, also used by claims),
`quote_cues` (cues found by position), `speakers` (the source phrase, name and role) and
`quote_speakers` (resolving pronouns and surnames in text order).
"""

from newsprism.annotate.attribution.quotes import find_quotes

__all__ = ["find_quotes"]
