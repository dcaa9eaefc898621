"""Shorten a summary sentence by deleting words a reader of the summary does not need.

A summary has a word budget, and words spent on what only makes sense inside the article (a
weekday with no date, "on Friday"; a parenthesis; an opening "But" that links to the sentence
before; a non-restrictive "who ..." or "which ..." clause) are words not spent on the story.
As in the compressions of ICSISumm (Gillick & Favre 2009) we only delete, never rewrite, so the
shortened sentence keeps its meaning and every remaining word is in the cited source span;
who said something (attribution) is never removed. Written by hand with regular expressions:
the annotate stage keeps no parse trees and no maintained library does this for news text.
"""

from __future__ import annotations

import re

WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DAY = rf"(?:{WEEKDAY}|today|yesterday|tonight)"
PART_OF_DAY = r"(?:\ (?:morning|afternoon|evening|night))?"
# "on Friday", "late Monday night", bare "Monday", "today" -- not "Monday's", "by Friday",
# "Monday and".
RELATIVE_DAY = re.compile(
    rf"""(?<!\bby)(?<!\buntil)(?<!\bsince)(?<!\bbefore)(?<!\bafter)(?<!\bfrom)(?<!\blast)
    (?<!\bnext)(?<!\bthis)(?<!\band)(?<!\bor)(?<!\bthrough)(?<!\bto)(?<!\bOn)(?<!,)
    (?<!\bon)(?<!\bearly)(?<!\blate)
    \ (?:(?:on|early|late|on\ early|on\ late)\ )?{DAY}{PART_OF_DAY}
    (?![\w'\u2019-])(?!\ (?:and|or|through|to)\b)(?!,\ {WEEKDAY})""",
    re.VERBOSE,
)
PARENTHESIS = re.compile(r"\ ?\([^()]{1,80}\)")
OPENING_LINK = re.compile(
    r"^(?:But|And|However|Meanwhile|Still|Also|Yet|Nevertheless|In addition|Instead|Moreover|"
    r"Furthermore|Besides|In turn|At the same time|For (?:its|his|her|their) part),?\ +"
)
RELATIVE_CLAUSE = re.compile(r",\ (?:who|which)\ [^,;:()\"`'\u201c\u201d]{3,90},\ ")
SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?])")
EMPTY_CLAUSE = re.compile(r",\s*([,.;:!?])")
SPACES = re.compile(r"\s{2,}")
OPENING_QUOTES = "\"'`\u201c\u2018"


def drop_relative_days(text: str) -> str:
    """Delete weekday and relative day expressions ("on Friday", "Monday night", "said
    today") that name no date."""
    return RELATIVE_DAY.sub("", text)


def drop_parentheses(text: str) -> str:
    """Delete short parenthetical remarks ("(AP)", "(about $1.5 million)")."""
    return PARENTHESIS.sub("", text)


def drop_opening_link(text: str) -> str:
    """Delete a sentence-initial connective ("But", "However,") that points at the sentence
    before, which a summary does not show; the next word is capitalised."""
    match = OPENING_LINK.match(text)
    if match is None:
        return text
    rest = text[match.end() :]
    return rest[:1].upper() + rest[1:] if rest else text


def drop_relative_clauses(text: str) -> str:
    """Delete non-restrictive relative clauses between commas (", who heads the CPP,")."""
    return RELATIVE_CLAUSE.sub(" ", text)


def tidy(text: str) -> str:
    """Repair spacing and punctuation left by deletions."""
    text = SPACES.sub(" ", text)
    text = SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = EMPTY_CLAUSE.sub(r"\1", text)
    return text.strip()


def compress(text: str) -> str:
    """`text` with the deletable parts removed; `text` itself if too little would remain."""
    shorter = tidy(
        drop_relative_clauses(drop_opening_link(drop_parentheses(drop_relative_days(text))))
    )
    if len(shorter.split()) < max(4, len(text.split()) // 2) or not (
        shorter[:1].isalnum() or shorter[:1] in OPENING_QUOTES
    ):
        return text
    return shorter
