"""Time expressions: find them in a parsed article and normalise them to TIMEX3 values.

`find_times(doc, article_id, published)` returns the article's `TimeRef`s (DATE, TIME,
DURATION, SET, with exact character spans) and `normalise_timex(text, published)` gives one
expression's (type, value, granularity). Inside: `timexes` (finding, tense, context),
`rules` (the vocabulary and regular expressions of candidate extents), `values` (normalising
one expression, with `days` for days and times of day and `amounts` for durations, sets and
offsets), `arithmetic` (calendar arithmetic against the publication date) and `context`
(expressions that lean on a date the text has just given).
"""

from newsprism.annotate.time.timexes import find_times
from newsprism.annotate.time.values import normalise_timex

__all__ = ["find_times", "normalise_timex"]
