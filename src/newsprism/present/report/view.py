"""What a report shows, as plain data: one `StoryView` per story, built from an `Analysis`.

The Markdown and HTML renderers only lay these views out, so both show the same things:
articles, cited summary, timeline, who said what, findings, flagged claims, numbers, entities.
Texts here are raw article words with whitespace collapsed; renderers escape them.
Citations are made in `cite`, the source-comparison sections in `findings`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from newsprism.model import (
    Analysis,
    AnnotatedArticle,
    Article,
    Entity,
    InputProblem,
    Quote,
    Story,
)
from newsprism.present.report.cite import CitedLine, Citer, SourceRef
from newsprism.present.report.events_table import EventsTable, events_table
from newsprism.present.report.findings import (
    CoverageView,
    FindingView,
    OutletLines,
    coverage_view,
    findings_of,
    single_source_by_outlet,
)
from newsprism.present.report.matrix import MATRIX_ROWS_SHOWN, ClaimsMatrix, claims_matrix
from newsprism.present.report.story_map import StoryMap, story_map
from newsprism.present.report.text import (
    article_labels,
    format_number,
    one_line,
    quotation,
    readable_date,
    safe_http_url,
    time_span,
)
from newsprism.present.report.why import why_lines

FLAGGED_STATUSES = ("unverified", "hedged", "denied")
T = TypeVar("T")


@dataclass(frozen=True)
class ArticleLine:
    anchor: str
    number: int
    title: str
    outlet: str | None
    published: str | None
    url: str | None  # only http(s) URLs, percent-encoded; None otherwise
    why: tuple[CitedLine, ...] = ()  # why it is in its story (present.report.why)


@dataclass(frozen=True)
class DatedLines:
    date: str
    lines: tuple[CitedLine, ...]


@dataclass(frozen=True)
class QuoteLine:
    kind: str
    cue: str | None
    content: str
    ref: SourceRef


@dataclass(frozen=True)
class SpeakerQuotes:
    name: str
    roles: tuple[str, ...]
    quotes: tuple[QuoteLine, ...]


@dataclass(frozen=True)
class ClaimLine:
    status: str
    text: str
    source_name: str | None
    cue: str | None
    ref: SourceRef


@dataclass(frozen=True)
class NumberLine:
    text: str
    value: str
    unit: str
    qualifier: str | None
    ref: SourceRef

    @property
    def reading(self) -> str:
        """How newsprism read the number ("more than 60 strikes"), "" if that is the text."""
        reading = " ".join(p for p in (self.qualifier, self.value, self.unit) if p)
        return "" if reading.lower() == self.text.lower() else reading


@dataclass(frozen=True)
class EntityLine:
    name: str
    type: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    mentions: int


@dataclass(frozen=True)
class StoryView:
    title: str
    time_span: str | None
    articles: tuple[ArticleLine, ...]
    summary: tuple[CitedLine, ...]
    timeline: tuple[DatedLines, ...]
    speakers: tuple[SpeakerQuotes, ...]
    corroborated: tuple[FindingView, ...]
    single_source: tuple[OutletLines, ...]
    conflicts: tuple[FindingView, ...]
    claims: tuple[ClaimLine, ...]
    numbers: tuple[NumberLine, ...]
    entities: tuple[EntityLine, ...]
    coverage: CoverageView | None = None
    matrix: ClaimsMatrix | None = None  # how each outlet carries each fact or claim
    related: tuple[tuple[int, str], ...] = ()  # (story number, title) of its family's others
    hidden: tuple[tuple[str, int], ...] = ()  # (what, how many) the report leaves out
    events: EventsTable | None = None  # who did what to whom (coded events)
    map: StoryMap | None = None  # the story's places on a map


SHOWN = {  # the most a report shows of a section; the JSON export has every item
    "timeline dates": 60,
    "speakers": 40,
    "quotes of one speaker": 8,
    "corroborated facts": 40,
    "conflicts": 30,
    "claims matrix rows": MATRIX_ROWS_SHOWN,
    "flagged claims": 60,
    "numbers": 60,
    "entities": 100,
}


def capped(
    name: str,
    items: Sequence[T],
    hidden: list[tuple[str, int]],
    rank: Callable[[T], Any] | None = None,
) -> tuple[T, ...]:
    """The first SHOWN[name] of `items` (the best by `rank`, kept in their order), noting in
    `hidden` how many are left out: a story of 3,000 articles has thousands of each."""
    limit = SHOWN[name]
    if len(items) <= limit:
        return tuple(items)
    hidden.append((name, len(items) - limit))
    if rank is None:
        return tuple(items[:limit])
    best = sorted(range(len(items)), key=lambda k: (rank(items[k]), k))[:limit]
    return tuple(items[k] for k in sorted(best))


@dataclass(frozen=True)
class ReportView:
    article_count: int
    story_count: int
    stories: tuple[StoryView, ...]
    problems: tuple[InputProblem, ...]


@dataclass(frozen=True)
class _Numbering:
    """Global article numbers and citation labels, shared by every story of a report."""

    numbers: dict[str, int]
    labels: dict[str, str]


def hidden_note(story: StoryView) -> str:
    """What a capped story's report leaves out, in words ("" when nothing)."""
    totals: dict[str, int] = {}
    for name, count in story.hidden:
        name = "quotes" if name == "quotes of one speaker" else name
        totals[name] = totals.get(name, 0) + count
    if not totals:
        return ""
    listed = ", ".join(f"{count:,} more {name}" for name, count in totals.items())
    return f"A big story: shown here are the best-sourced items; the JSON export also has {listed}."


def build_report_view(analysis: Analysis) -> ReportView:
    """Everything a report shows; articles in no story are gathered in a last section."""
    by_id = {a.article.id: a for a in analysis.articles}
    numbering = _Numbering(
        numbers={a_id: n for n, a_id in enumerate(by_id, start=1)},
        labels=article_labels(a.article for a in analysis.articles),
    )
    views = [
        story_view(
            analysis, story, [by_id[i] for i in story.article_ids if i in by_id], numbering, f"s{k}"
        )
        for k, story in enumerate(analysis.stories, start=1)
    ]
    views = [
        replace(view, related=related_stories(analysis.stories, k)) for k, view in enumerate(views)
    ]
    in_stories = {i for s in analysis.stories for i in s.article_ids}
    loose = [a for a in analysis.articles if a.article.id not in in_stories]
    if loose:
        title = "Articles in no story" if analysis.stories else "Articles"
        loose_story = Story("", title, tuple(a.article.id for a in loose))
        views.append(story_view(analysis, loose_story, loose, numbering, "s0"))
    return ReportView(
        len(analysis.articles), len(analysis.stories), tuple(views), analysis.problems
    )


def related_stories(stories: Sequence[Story], index: int) -> tuple[tuple[int, str], ...]:
    """(number, title) of the other stories in the family of `stories[index]`."""
    family = stories[index].family
    return tuple(
        (number, one_line(other.title) or "Untitled story")
        for number, other in enumerate(stories, start=1)
        if family is not None and other.family == family and number - 1 != index
    )


def story_view(
    analysis: Analysis,
    story: Story,
    members: list[AnnotatedArticle],
    numbering: _Numbering,
    prefix: str,
) -> StoryView:
    """The sections of one story; a story without id (loose articles) has no story-level ones."""
    anchors = {a.article.id: f"{prefix}-a{numbering.numbers[a.article.id]}" for a in members}
    citer = Citer(numbering.labels, anchors)
    entities = {e.id: e for e in analysis.entities}
    member_ids = set(anchors)
    in_story = bool(story.id)
    hidden: list[tuple[str, int]] = []
    timeline = [
        DatedLines(readable_date(t.date), tuple(citer.line(s) for s in t.sentences))
        for t in analysis.timeline
        if in_story and t.story_id == story.id
    ]
    quoted = speakers([q for a in members for q in a.quotes], entities, citer)
    quoted = capped("speakers", quoted, hidden, lambda s: -len(s.quotes))
    if any(len(s.quotes) > SHOWN["quotes of one speaker"] for s in quoted):
        quoted = tuple(
            replace(s, quotes=capped("quotes of one speaker", s.quotes, hidden)) for s in quoted
        )
    entity_lines = [
        entity_line(e, member_ids)
        for e in analysis.entities
        if any(m.article_id in member_ids for m in e.mentions)
    ]
    numbers = [
        NumberLine(
            one_line(q.span.text),
            format_number(q.value),
            q.unit,
            q.qualifier,
            citer.ref(q.span.article_id, [q.span]),
        )
        for a in members
        for q in a.quantities
    ]
    corroborated = findings_of(analysis.findings, story, "corroborated", citer)
    matrix = claims_matrix(analysis, story, citer, SHOWN["claims matrix rows"])
    if matrix is not None and matrix.more:
        hidden.append(("claims matrix rows", matrix.more))
    conflicts = findings_of(analysis.findings, story, "conflict", citer)
    memberships = {
        m.article_id: m for m in analysis.memberships if in_story and m.story_id == story.id
    }
    return StoryView(
        title=one_line(story.title) or "Untitled story",
        time_span=time_span(
            [story.first_published, story.last_published] + [a.article.published for a in members]
        ),
        articles=tuple(
            replace(
                article_line(a.article, anchors[a.article.id], numbering.numbers[a.article.id]),
                why=why_lines(memberships.get(a.article.id), citer, len(members) - 1),
            )
            for a in members
        ),
        summary=tuple(
            citer.line(s)
            for summary in analysis.summaries
            if in_story and summary.story_id == story.id
            for s in summary.sentences
        ),
        timeline=capped("timeline dates", timeline, hidden, lambda d: -len(d.lines[0].refs)),
        speakers=quoted,
        corroborated=capped("corroborated facts", corroborated, hidden),
        single_source=single_source_by_outlet(analysis.findings, story, citer, by_outlet(members)),
        conflicts=capped("conflicts", conflicts, hidden),
        coverage=coverage_view(analysis, story, citer) if in_story else None,
        matrix=matrix,
        claims=capped("flagged claims", flagged_claims(members, citer), hidden),
        numbers=capped("numbers", numbers, hidden),
        entities=capped("entities", entity_lines, hidden, lambda e: -e.mentions),
        hidden=tuple(hidden),
        events=events_table(analysis, story, citer),
        map=story_map(
            analysis, story, {a.article.id: [x.span for x in a.sentences] for a in members}, citer
        ),
    )


def article_line(article: Article, anchor: str, number: int) -> ArticleLine:
    return ArticleLine(
        anchor=anchor,
        number=number,
        title=one_line(article.title) or "Untitled",
        outlet=one_line(article.outlet) if article.outlet else None,
        published=article.published.isoformat() if article.published else None,
        url=safe_http_url(article.url),
    )


def by_outlet(members: list[AnnotatedArticle]) -> dict[str, str]:
    return {a.article.id: one_line(a.article.outlet or "") for a in members}


def speaker_name(quote: Quote, entities: dict[str, Entity]) -> str:
    """The best name for who spoke: the linked entity, the resolved name, the words, or '?'."""
    entity = entities.get(quote.speaker_entity or "")
    if entity is not None:
        return one_line(entity.name)
    if quote.speaker_name:
        return one_line(quote.speaker_name)
    if quote.speaker is not None:
        return one_line(quote.speaker.text)
    return "Unattributed"


def speakers(
    quotes: list[Quote], entities: dict[str, Entity], citer: Citer
) -> tuple[SpeakerQuotes, ...]:
    """Quotes grouped by speaker, speakers in order of their first quote; attributions whose
    cue reports no one's words or views (`cue_kind` "other") are left to the JSON export, and
    an article repeating the same words (a caption printed twice) shows them once."""
    groups: dict[str, list[Quote]] = {}
    seen = set()
    for q in quotes:
        said = (
            q.article_id,
            q.speaker_name,
            q.cue and q.cue.text,
            tuple(c.text for c in q.content),
        )
        if q.cue_kind == "other" or said in seen:
            continue
        seen.add(said)
        groups.setdefault(speaker_name(q, entities), []).append(q)
    return tuple(
        SpeakerQuotes(
            name=name,
            roles=tuple(dict.fromkeys(one_line(q.speaker_role) for q in group if q.speaker_role)),
            quotes=tuple(
                QuoteLine(
                    kind=q.kind,
                    cue=one_line(q.cue.text) if q.cue else None,
                    content=quotation(" … ".join(one_line(s.text) for s in q.content), q.kind),
                    ref=citer.ref(q.article_id, q.content),
                )
                for q in group
            ),
        )
        for name, group in groups.items()
    )


def entity_line(entity: Entity, member_ids: set[str]) -> EntityLine:
    return EntityLine(
        name=one_line(entity.name),
        type=entity.type,
        aliases=tuple(
            a
            for a in dict.fromkeys(one_line(x) for x in entity.aliases)
            if a != one_line(entity.name)
        ),
        roles=tuple(one_line(r) for r in entity.roles),
        mentions=sum(1 for m in entity.mentions if m.article_id in member_ids),
    )


def flagged_claims(members: list[AnnotatedArticle], citer: Citer) -> tuple[ClaimLine, ...]:
    """Hedged, denied and unverified claims, each once per article (a caption that an article
    prints twice is listed once)."""
    lines, seen = [], set()
    for article in members:
        for c in article.claims:
            key = (c.span.article_id, c.status, one_line(c.span.text))
            if c.status not in FLAGGED_STATUSES or key in seen:
                continue
            seen.add(key)
            ref = citer.ref(c.span.article_id, [c.span])
            lines.append(ClaimLine(c.status, key[2], c.source_name, c.cue, ref))
    return tuple(lines)
