"""Which sentences may appear in a summary, and what to trim from them.

Written by hand (no library covers news-page furniture): a summary sentence must be a complete,
declarative sentence of the article's own voice. We trim a leading dateline ("PALMYRA - ",
"NAIROBI, Kenya (AP) _ ") and refuse headings ("- Why is Palmyra important? -", "Authenticity
questions"), photo captions and credits, bylines, questions, quotation fragments (a sentence
that is mostly quoted words, or opens or closes a quotation spread over several sentences),
sentences inside a quotation that an earlier sentence of the paragraph opened, pieces the
segmenter cut mid-way (`continues_previous`, `cut_at_abbreviation`: joined back by the caller),
sentences
opening with a pronoun or a link whose referent is in the sentence before ("He denied it.",
"Then ...", "Others ...") or an interview's "Q." or "A.", sentences that name a person by a
pronoun before naming anyone ("We will fight," he said.) and very short or very long ones.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

MIN_WORDS = 8
MAX_WORDS = 45
MAX_QUOTED_SHARE = 0.5

DATELINE = re.compile(
    r"""^(?:[A-Z][A-Z.'\-]+(?:\ [A-Z][A-Z.'\-]+)*)      # PALMYRA, NEW YORK, U.N.
    (?:,\ [A-Z][\w.']*(?:\ [A-Z][\w.']*)*)?                # , Kenya
    (?:\ ?\([A-Za-z\- ]+\))?                               # (AP)
    \ ?(?:--?|_|\u2014|\u2013)\ +""",
    re.VERBOSE,
)
CAPTION = re.compile(
    r"\b(?:Photograph|Photo|Photos|Picture|Image|Illustration|Video)\s*:|\bAP Photo\b|"
    r"\bAFP PHOTO\b|\bGetty Images\b|\bvia Reuters\b|"
    r"\bin this (?:still |undated |handout )?(?:image|photo|photograph|picture)\b",
    re.IGNORECASE,
)
BYLINE = re.compile(r"^By [A-Z][\w.'\-]+(?: [A-Z][\w.'\-]+)*\b|\b(?:Press|Staff) Writer\b")
HEADING = re.compile(r"^\s*[-\u2013\u2014*#].*[-\u2013\u2014*#]\s*$")
COMPLETE_END = re.compile(r"[.!]['\"\u201d\u2019)\]]*$")
QUESTION_END = re.compile(r"\?['\"\u201d\u2019)\]]*$")
QUOTED = re.compile(r"\"[^\"]*\"|\u201c[^\u201d]*\u201d|``.*?''")
QUOTE_MARKS = re.compile(r"``|''|[\"\u201c\u201d]")
DIRECTED_QUOTE_MARKS = re.compile(r"``|''|[\u201c\u201d]")
DANGLING_START = re.compile(
    r"^(?:He|She|They|It|This|That|These|Those|His|Her|Their|Its|Then|Others|Such)\b|^[QA][.:]"
)
PERSONAL_PRONOUN = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)
TITLE_ABBREVIATION = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Gov|Sen|Rep|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Rev|Prof|St|Mt|Ft|Jan|Feb|Aug|"
    r"Sept|Sep|Oct|Nov|Dec|No|Nos)\.$|(?:^|\s)[A-Z]\.$"
)
COUNTRY_ABBREVIATION = re.compile(r"\b(?:[A-Z]\.){2,}$")
CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
CALENDAR_WORDS = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May "
    "June July August September October November December".split()
)


def dateline_length(text: str) -> int:
    """How many leading characters of `text` are a dateline ("WASHINGTON (AP) _ "), else 0."""
    match = DATELINE.match(text)
    if match is None or not any(c.islower() for c in text[match.end() : match.end() + 40]):
        return 0
    return match.end()


def opens_inside_quotation(paragraph_before: str) -> bool:
    """True when the paragraph text before a sentence leaves a quotation open."""
    marks = QUOTE_MARKS.findall(paragraph_before)
    opening = sum(m in ("``", "\u201c") for m in marks)
    closing = sum(m in ("''", "\u201d") for m in marks)
    return opening > closing or sum(m == '"' for m in marks) % 2 == 1


def after_opening_quote(text: str, position: int | None = None) -> bool:
    """True when the last opening or closing quotation mark (``, '', \u201c, \u201d) in `text`
    before `position` (default: its end) opens a quotation: a sentence there is inside it, even
    where the quotation opened lines earlier (hard-wrapped text) or paragraphs earlier (a
    quotation over several paragraphs closes only at its end)."""
    ends, opening = directed_quote_marks(text)
    last = bisect_right(ends, len(text) if position is None else position) - 1
    return last >= 0 and opening[last]


@lru_cache(maxsize=64)
def directed_quote_marks(text: str) -> tuple[list[int], list[bool]]:
    """Where `text`'s directed quotation marks end and whether each opens a quotation (found
    once per article: a summary tests every sentence against them)."""
    marks = list(DIRECTED_QUOTE_MARKS.finditer(text))
    return [m.end() for m in marks], [m.group(0) in ("``", "\u201c") for m in marks]


def continues_previous(previous: str | None) -> bool:
    """True when the sentence before (None: none) stops mid-sentence ("following a trial,"),
    so the segmenter cut one sentence in two and this part cannot stand alone."""
    if previous is None or not previous.strip():
        return False
    return not (COMPLETE_END.search(previous.rstrip()) or QUESTION_END.search(previous.rstrip()))


def quoted_share(text: str) -> float:
    """The share of `text`'s characters that sit inside quotation marks."""
    quoted = sum(len(m.group(0)) for m in QUOTED.finditer(text))
    return quoted / max(len(text), 1)


def has_unbalanced_quotes(text: str) -> bool:
    """True when `text` opens or closes a quotation it does not also close or open."""
    marks = QUOTE_MARKS.findall(text)
    opening = sum(m in ("``", "\u201c") for m in marks)
    closing = sum(m in ("''", "\u201d") for m in marks)
    straight = sum(m == '"' for m in marks)
    return opening != closing or straight % 2 == 1


def skip_reason(text: str) -> str | None:
    """Why `text` (a sentence, dateline trimmed) cannot be a summary sentence, or None if it can."""
    words = len(text.split())
    if CAPTION.search(text):
        return "caption"
    if BYLINE.search(text):
        return "byline"
    if HEADING.match(text):
        return "heading or fragment"
    if words < MIN_WORDS:
        return "too short"
    if words > MAX_WORDS:
        return "too long"
    if QUESTION_END.search(text):
        return "question"
    if not COMPLETE_END.search(text):
        return "heading or fragment"
    if text[0].islower() or not text[0].isalnum() and text[0] not in "\"'`\u201c\u2018":
        return "starts mid-sentence"
    if DANGLING_START.match(text):
        return "pronoun without its referent"
    if has_unbalanced_quotes(text) or quoted_share(text) > MAX_QUOTED_SHARE:
        return "quotation"
    return None


def pronoun_before_person(text: str, person_starts: list[int]) -> bool:
    """True when `text` says "he" or "she" before naming anyone who could be meant: a PERSON
    mention (`person_starts`: their offsets in `text`) or a capitalised word that is no other
    kind of name, so the referent is in another sentence (```No,'' he said.``)."""
    pronoun = PERSONAL_PRONOUN.search(text)
    if pronoun is None:
        return False
    before = text[: pronoun.start()]
    return not any(start < pronoun.start() for start in person_starts) and not any(
        w.lower() not in STOP_WORDS and w not in CALENDAR_WORDS for w in CAPITALISED.findall(before)
    )


def cut_at_abbreviation(previous: str, piece: str) -> bool:
    """True when the segmenter ended `previous` at an abbreviation that the next `piece`
    continues: a title or month ("Maj." + "Freddy Diaz said.", "Oct." + "9."), an initial
    ("James P." + "Rubin said"), or "U.S." / "U.N." + a word that starts no sentence ("U.S." +
    "Agency for ...", but not + "The ...")."""
    previous, words = previous.rstrip(), piece.split()
    if not words:
        return False
    if TITLE_ABBREVIATION.search(previous):
        return True
    return bool(COUNTRY_ABBREVIATION.search(previous)) and words[0].lower() not in STOP_WORDS
