"""Who said what: direct, indirect and mixed quotes of one article.

Written by hand (textacy's `direct_quotations` finds direct quotes only, without pronoun
resolution or carried-over speakers; it is the baseline in bench/attribution.py). Steps:
1. quoted passages from the quotation marks (`quote_marks`);
2. attributions from the dependency parse (`frames`): cue verb, source, content;
3. each quoted passage no attribution took is linked to a speech verb right after it
   ('"...," he said') or right before it ('told Russia Today that "..."'), else continues the
   previous quote of its paragraph ('"...," says X. "..."'), else, when it opens a paragraph
   that follows a quote (directly, or across one paragraph without quotes or attributions),
   takes that quote's speaker (carried over, `speaker=None`);
4. speakers are resolved in text order (`quote_speakers`): a pronoun takes the previous person
   speaker, or the last PERSON named before it; a surname maps to the full name given earlier.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from spacy.tokens import Doc

from newsprism.annotate.attribution.cues import cue_kind
from newsprism.annotate.attribution.frames import (
    Draft,
    drafts_from_parse,
    is_filler,
    token_passages,
)
from newsprism.annotate.attribution.quote_cues import (
    cue_verb_in,
    learned_cue_offsets,
    speaker_of_verb,
)
from newsprism.annotate.attribution.quote_marks import QuotedPassage, find_quoted_passages
from newsprism.annotate.attribution.quote_speakers import resolve_speakers
from newsprism.annotate.nlp import text_of
from newsprism.model import Quote, Span

ATTRIBUTION_AFTER_ENDINGS = ",!?—–-…"
MAX_WORDS_BEFORE_QUOTE = 8
MIN_WORDS_CARRIED_OVER = 4
MAX_PARAGRAPHS_CARRIED_OVER = 1  # a quote's speaker carries over one unquoted paragraph
BARE_CONTENTS = frozenset({"what", "which", "whom", "who", "it", "that", "this", "so", "them"})


def find_quotes(doc: Doc, article_id: str) -> list[Quote]:
    """Every attribution in `doc` (parsed from the article's text), in text order."""
    text = text_of(doc)
    passages = find_quoted_passages(text)
    owner = token_passages(doc, passages)
    drafts = _outermost(list(drafts_from_parse(doc, passages, owner)), text)
    taken = {i for d in drafts for i in d.passages}
    for index in range(len(passages)):
        if index not in taken:
            _link_passage(doc, text, passages, owner, index, drafts)
    drafts.sort(key=lambda d: d.start)
    resolve_speakers(doc, drafts)
    sentence_starts = [s.start_char for s in doc.sents]
    return [
        _to_quote(text, article_id, n, draft, sentence_starts, _cue_kind(doc, draft))
        for n, draft in enumerate(drafts, start=1)
    ]


def _cue_kind(doc: Doc, draft: Draft) -> str:
    if draft.cue is None:
        return "speech"
    cue = doc.char_span(*draft.cue, alignment_mode="expand")
    return "speech" if cue is None else cue_kind(cue)


def _outermost(drafts: list[Draft], text: str) -> list[Draft]:
    """Drop attributions nested in another's content ("she said she thought ..." keeps "said";
    measured on polnear/train, keeping them costs precision for less recall), repeats, and
    those whose content is a bare pronoun ("what he calls ...")."""
    kept: list[Draft] = []
    for draft in drafts:
        if text[draft.start : draft.end].lower() in BARE_CONTENTS:
            continue
        if draft.cue is not None and (
            any(other is not draft and other.start <= draft.cue[0] < other.end for other in drafts)
        ):
            continue
        if all((other.content, other.cue) != (draft.content, draft.cue) for other in kept):
            kept.append(draft)
    return kept


def _link_passage(
    doc: Doc,
    text: str,
    passages: Sequence[QuotedPassage],
    owner: Sequence[int | None],
    index: int,
    drafts: list[Draft],
) -> None:
    """Attach quoted passage `index` to a speech verb, the previous quote, or nothing."""
    passage = passages[index]
    paragraph_start = text.rfind("\n", 0, passage.start) + 1
    paragraph_end = _paragraph_end(text, passage.end)
    previous = max((d for d in drafts if d.end <= passage.start), key=lambda d: d.end, default=None)
    verb = _verb_after(doc, text, passages, owner, index, paragraph_end)
    if verb is None:
        verb = _verb_before(doc, passages, owner, index, paragraph_start)
    if verb is not None:
        for draft in drafts:
            if draft.cue == verb[:2]:
                draft.content.append((passage.start, passage.end))
                draft.content.sort()
                draft.passages.append(index)
                return
        speaker = speaker_of_verb(doc[verb[2]], owner)
        drafts.append(
            Draft(
                [(passage.start, passage.end)],
                verb[:2],
                speaker,
                doc[verb[2]].lemma_.lower(),
                passages=[index],
                quoted_only=True,
            )
        )
        return
    if previous is not None and previous.end >= paragraph_start and previous.quoted_only:
        previous.content.append((passage.start, passage.end))
        previous.passages.append(index)
        return
    if (
        previous is not None
        and previous.end >= paragraph_start
        and is_filler(text[previous.end : passage.start])
        and not any(mark in text[previous.end : passage.start] for mark in ".?!")
    ):
        previous.content[-1] = (previous.content[-1][0], passage.end)
        previous.passages.append(index)
        return
    quote = max(
        (d for d in drafts if d.end <= passage.start and d.passages),
        key=lambda d: d.end,
        default=None,
    )
    if (
        quote is not None
        and not text[paragraph_start : passage.start].strip(" \t-–—")
        and _paragraphs_between(text, quote.end, paragraph_start) <= MAX_PARAGRAPHS_CARRIED_OVER
        and (quote is previous or quote.quoted_only)
        and previous is not None
        and _paragraphs_between(text, previous.end, paragraph_start) == 0
        and (index == 0 or passages[index - 1].end <= quote.end)
        and len(text[passage.start : passage.end].split()) >= MIN_WORDS_CARRIED_OVER
    ):
        drafts.append(
            Draft(
                [(passage.start, passage.end)],
                None,
                None,
                quote.cue_lemma,
                passages=[index],
                quoted_only=True,
                follows=quote,
            )
        )


def _paragraph_end(text: str, position: int) -> int:
    end = text.find("\n", position)
    return len(text) if end < 0 else end


def _paragraphs_between(text: str, position: int, paragraph_start: int) -> int:
    """How many non-blank paragraphs lie wholly between `position` and `paragraph_start`."""
    lines = text[position:paragraph_start].split("\n")[1:]
    return sum(bool(line.strip()) for line in lines)


def _verb_after(
    doc: Doc,
    text: str,
    passages: Sequence[QuotedPassage],
    owner: Sequence[int | None],
    index: int,
    paragraph_end: int,
) -> tuple[int, int, int] | None:
    passage = passages[index]
    inner_end = passage.inner(text)[1]
    ending = text[inner_end - 1] if inner_end > passage.start else ""
    limit = passages[index + 1].start if index + 1 < len(passages) else len(text)
    window = doc.char_span(passage.end, min(limit, paragraph_end), alignment_mode="contract")
    if window is None or not len(window):
        return None
    cut = next((t.i for t in window if t.text in {".", ";", "\n"} or t.is_space), window.end)
    window = doc[window.start : cut]
    if not len(window) or (ending not in ATTRIBUTION_AFTER_ENDINGS and not window[0].is_lower):
        return None
    verb = cue_verb_in(window, owner)
    return None if verb is None else (*learned_cue_offsets(verb, owner), verb.i)


def _verb_before(
    doc: Doc,
    passages: Sequence[QuotedPassage],
    owner: Sequence[int | None],
    index: int,
    paragraph_start: int,
) -> tuple[int, int, int] | None:
    passage = passages[index]
    start = max(paragraph_start, passages[index - 1].end if index else 0)
    window = doc.char_span(start, passage.start, alignment_mode="contract")
    if window is None or not len(window):
        return None
    sentence_start = max(
        (t.i + 1 for t in window if t.text in {".", "?", "!"}), default=window.start
    )
    window = doc[sentence_start : window.end]
    verb = cue_verb_in(window, owner, last=True)
    if verb is None or window.end - verb.i > MAX_WORDS_BEFORE_QUOTE:
        return None
    return (*learned_cue_offsets(verb, owner), verb.i)


def _to_quote(
    text: str,
    article_id: str,
    n: int,
    draft: Draft,
    sentence_starts: Sequence[int],
    kind_of_cue: str,
) -> Quote:
    content = tuple(Span(article_id, s, e, text[s:e]) for s, e in sorted(set(draft.content)))
    cue = None if draft.cue is None else Span(article_id, *draft.cue, text[slice(*draft.cue)])
    speaker = draft.speaker
    named = speaker if speaker is not None else draft.carried
    mention = None
    if named is not None and named.mention is not None:
        mention = Span(article_id, *named.mention, text[slice(*named.mention)])
    anchor = draft.cue[0] if draft.cue is not None else content[0].start
    return Quote(
        id=f"{article_id}:q{n}",
        article_id=article_id,
        kind=_kind(draft),
        content=content,
        cue=cue,
        speaker=None
        if speaker is None
        else Span(article_id, speaker.start, speaker.end, text[speaker.start : speaker.end]),
        speaker_name=None if named is None else named.name or None,
        speaker_mention=mention,
        speaker_role=None if named is None else named.role,
        sentence=max(0, bisect.bisect_right(sentence_starts, anchor) - 1),
        cue_kind=kind_of_cue,
    )


def _kind(draft: Draft) -> str:
    if draft.quoted_only:
        return "direct"
    return "mixed" if draft.passages else "indirect"
