"""Shorten a summary sentence by deleting words a reader of the summary does not need.

A summary has a word budget, and words spent on what only makes sense inside the article (a
weekday with no date, "on Friday"; a parenthesis; an opening "But" that links to the sentence
before; a non-restrictive "who ..." or "which ..." clause) are words not spent on the story.
As in the compressions of ICSISumm (Gillick & Favre 2009) we only delete, never rewrite, so the
shortened sentence keeps its meaning and every remaining word is in the cited source span;
who said something (attribution) is never removed. Some deletions are optional (`compressions`):
an apposition after a name (", the NBA's deputy commissioner,") or a calendar date ("on Oct.
16", "last week") may matter to the story or not, so the selection gets the sentence with and
without them and chooses, as ICSISumm chooses among a sentence's compressions. Written by hand
with regular expressions: the annotate stage keeps no parse trees and no maintained library does
this for news text.
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
# ", the NBA's deputy commissioner, said": after a name, before a lower-case word (a verb).
APPOSITION = re.compile(
    r"""(?<=.)(?P<name>\b[A-Z][\w.'\-]{1,30}),\ (?P<apposition>(?:the|a|an|[A-Z][\w.]*'s)
    \ [^,;:()"`]{3,70}),\ (?=[a-z])(?!(?:and|or|but|who|which)\b)""",
    re.VERBOSE,
)
# An apposition holds no verb or clause ("In Washington, the State Department said today, ...").
CLAUSE_WORD = re.compile(
    r"\b(?:said|says|told|is|was|are|were|has|have|had|will|would|and|or|but|who|which|that)\b"
)
# A time expression after one of these words completes it ("as of Friday", "would be Monday",
# "possibly Monday", "over the next year"): deleting it would leave the sentence broken.
NEEDS_WHAT_FOLLOWS = frozenset(
    """a about after all always am an and are around as at be been before being between but by
    during each early even every for from in into is just last late likely next nor not of on
    only or over possibly probably since sometime than that the this through throughout till to
    until was were within""".split()
)
LAST_WORD = re.compile(r"([A-Za-z]+)\W*$")
MONTH_ABBREVIATION = r"(?:Jan|Feb|Aug|Sept|Sep|Oct|Nov|Dec)\."
# "on Oct. 16", "Dec. 3, 1998", "last week" -- not "Dec. 6-20", "since last week", "next month's".
CALENDAR_DATE = re.compile(
    rf"""\ (?:on\ )?{MONTH_ABBREVIATION}\ \d{{1,2}}(?:,\ \d{{4}})?(?=[\s,.])
    |(?<!\bsince)(?<!\buntil)(?<!\bby)(?<!\bfrom)(?<!\bbefore)(?<!\bafter)(?<!\bthan)(?<!\bof)
    (?<!\bto)(?<!\band)(?<!\bor)
    \ (?:last|this|next|earlier\ this|later\ this)\ (?:week|weekend|month|year)(?![\w'\u2019-])""",
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


def delete_where_whole(pattern: re.Pattern[str], text: str) -> str:
    """`text` without the matches of `pattern`, except those that the word before needs
    ("as of Friday")."""

    def deleted(match: re.Match[str]) -> str:
        before = LAST_WORD.search(text, 0, match.start())
        needed = before is not None and before.group(1).lower() in NEEDS_WHAT_FOLLOWS
        return match.group(0) if needed else ""

    return pattern.sub(deleted, text)


def drop_relative_days(text: str) -> str:
    """Delete weekday and relative day expressions ("on Friday", "Monday night", "said
    today") that name no date."""
    return delete_where_whole(RELATIVE_DAY, text)


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


def drop_appositions(text: str) -> str:
    """Delete an apposition between commas after a name ("Russ Granik, the NBA's deputy
    commissioner, said" -> "Russ Granik said")."""

    def without_apposition(match: re.Match[str]) -> str:
        if CLAUSE_WORD.search(match.group("apposition")):
            return match.group(0)
        return match.group("name") + " "

    return APPOSITION.sub(without_apposition, text)


def drop_calendar_dates(text: str) -> str:
    """Delete a calendar date or a week, month or year relative to the article's date ("on
    Oct. 16", "last week")."""
    return delete_where_whole(CALENDAR_DATE, text)


OPTIONAL_DELETIONS = (drop_appositions, drop_calendar_dates)


def tidy(text: str) -> str:
    """Repair spacing and punctuation left by deletions."""
    text = SPACES.sub(" ", text)
    text = SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = EMPTY_CLAUSE.sub(r"\1", text)
    return text.strip()


def keeps_enough(shorter: str, text: str) -> bool:
    """True when the shortened `text` still has half its words (at least 4) and opens on a
    word or a quotation mark."""
    return len(shorter.split()) >= max(4, len(text.split()) // 2) and (
        shorter[:1].isalnum() or shorter[:1] in OPENING_QUOTES
    )


def compress(text: str) -> str:
    """`text` with the deletable parts removed; `text` itself if too little would remain."""
    shorter = tidy(
        drop_relative_clauses(drop_opening_link(drop_parentheses(drop_relative_days(text))))
    )
    return shorter if keeps_enough(shorter, text) else text


def compressions(text: str) -> tuple[str, ...]:
    """The ways to show `text` in a summary: `compress(text)`, then that without each optional
    deletion that applies (an apposition, a date), then without all of them."""
    base = compress(text)
    variants = [base]
    applied = []
    for deletion in OPTIONAL_DELETIONS:
        shorter = tidy(deletion(base))
        if shorter != base and keeps_enough(shorter, text):
            variants.append(shorter)
            applied.append(deletion)
    if len(applied) > 1:
        shortest = base
        for deletion in applied:
            shortest = tidy(deletion(shortest))
        if keeps_enough(shortest, text):
            variants.append(shortest)
    return tuple(dict.fromkeys(variants))
