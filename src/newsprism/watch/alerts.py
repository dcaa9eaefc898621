"""Alerts: what a watch pass changed in each story, read off the story's stored analysis before
the pass (`StoryBefore`) and its analysis after it. A pure function (`story_alerts`).

Kinds: `new_story` (the story did not exist; it says only that), and for a stored story that
gains articles: `new_outlet` (an outlet it did not have; a wire copy is not a new outlet),
`corroborated` (a finding carried by more independent outlets than before), `conflict` (a new
conflict finding, or a stored one that gains an article), `denial` (a new denial conflict, or
a denied claim in a new article stating a stored fact), `new_quote` (a new quote by an entity
already quoted in the story), `new_date` (a timeline date the story did not have, from a new
article). Each alert cites whole sentences and names the articles it is about.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from newsprism.model import Alert, Analysis, AnnotatedArticle, Finding, Span, Story
from newsprism.watch.politeness import iso

SpanKey = tuple[str, int, int]


@dataclass(frozen=True)
class StoryBefore:
    """A story as stored before the pass (stories merged by the pass are combined)."""

    article_ids: frozenset[str]
    findings: tuple[Finding, ...] = ()
    timeline_dates: frozenset[str] = frozenset()


@dataclass
class _Draft:
    kind: str
    title: str
    text: str
    evidence: list[Span] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    key: str = ""


def analysis_alerts(
    analysis: Analysis, before: Mapping[str, StoryBefore], created: datetime
) -> list[Alert]:
    """The alerts of every story of `analysis`; `before[story id]` its stored state (absent:
    the story is new). Alerts are stamped from `created` on, a microsecond apart, in order."""
    by_id = {a.article.id: a for a in analysis.articles}
    drafts = [
        (story.id, draft)
        for story in analysis.stories
        for draft in story_alerts(story, analysis, by_id, before.get(story.id))
    ]
    return [
        make_alert(story_id, draft, created + timedelta(microseconds=n))
        for n, (story_id, draft) in enumerate(drafts)
    ]


def story_alerts(
    story: Story,
    analysis: Analysis,
    by_id: Mapping[str, AnnotatedArticle],
    before: StoryBefore | None,
) -> list[_Draft]:
    old = before.article_ids if before else frozenset()
    added = [a for a in story.article_ids if a not in old and a in by_id]
    if not added:
        return []
    if before is None or not (old & set(story.article_ids)):
        return [new_story(story, added, by_id)]
    findings = [f for f in analysis.findings if f.story_id == story.id]
    drafts = [
        *new_outlets(story, added, old, by_id, findings),
        *corroborations(findings, added, before, by_id),
        *conflicts(findings, added, before),
        *denials(story, added, old, analysis, by_id),
        *new_quotes(story, added, old, by_id),
        *new_dates(story, added, before, analysis),
    ]
    return drafts


# -- kinds ---------------------------------------------------------------------------------


def new_story(story: Story, added: Sequence[str], by_id: Mapping[str, AnnotatedArticle]) -> _Draft:
    outlets = ordered(outlet_of(by_id[a]) for a in added)
    return _Draft(
        "new_story",
        f"New story: {story.title}",
        f"{plural(len(added), 'article')} from {', '.join(outlets)}.",
        [s for a in added if (s := lead_sentence(by_id[a])) is not None],
        list(added),
    )


def new_outlets(
    story: Story,
    added: Sequence[str],
    old: frozenset[str],
    by_id: Mapping[str, AnnotatedArticle],
    findings: Sequence[Finding],
) -> Iterator[_Draft]:
    copies = dict(story.duplicates)
    had = {outlet_key(by_id[a]) for a in story.article_ids if a in old and a in by_id}
    gained: dict[str, list[str]] = {}
    for article in added:
        if article in copies:  # a wire copy or republished version counts as its original
            continue
        key = outlet_key(by_id[article])
        if key not in had:
            gained.setdefault(key, []).append(article)
    for articles in gained.values():
        name = outlet_of(by_id[articles[0]])
        evidence = [s for a in articles if (s := lead_sentence(by_id[a])) is not None]
        shared = next((f for f in findings if shares(f, articles, old)), None)
        if shared is not None:
            evidence += list(shared.statements)
        else:  # the story it joins: the lead of its first stored article
            first = next((a for a in story.article_ids if a in old and a in by_id), None)
            lead = lead_sentence(by_id[first]) if first is not None else None
            evidence += [lead] if lead is not None else []
        cited = ordered([*articles, *(s.article_id for s in evidence)])
        also = "" if shared is None else f" It shares with earlier reports: {shared.note}."
        yield _Draft(
            "new_outlet",
            f"{name} reports on {story.title}",
            f"{name} is a new outlet on this story ({plural(len(articles), 'article')}).{also}",
            evidence,
            cited,
            key=name,
        )


def corroborations(
    findings: Sequence[Finding],
    added: Sequence[str],
    before: StoryBefore,
    by_id: Mapping[str, AnnotatedArticle],
) -> Iterator[_Draft]:
    earlier = [f for f in before.findings if f.kind in ("corroborated", "single_source")]
    new = set(added)
    for finding in findings:
        if finding.kind != "corroborated" or not new & articles_of(finding):
            continue
        matched = [f for f in earlier if overlaps(f, finding)]
        had = max((f.sources or 1 for f in matched), default=0)
        if not matched:
            had = len({outlet_key(by_id[a]) for a in articles_of(finding) - new if a in by_id})
        if finding.sources > had and finding.sources >= 2:
            newcomers = ordered(
                outlet_of(by_id[s.article_id])
                for s in finding.statements
                if s.article_id in new and s.article_id in by_id
            )
            yield _Draft(
                "corroborated",
                f"Corroborated by {', '.join(newcomers)}: {clip(finding.statements[0].text)}",
                f"Now {finding.sources} independent outlets ({finding.note}).",
                list(finding.statements),
                ordered(s.article_id for s in finding.statements),
            )


def conflicts(
    findings: Sequence[Finding], added: Sequence[str], before: StoryBefore
) -> Iterator[_Draft]:
    earlier = [f for f in before.findings if f.kind == "conflict"]
    new = set(added)
    for finding in findings:
        if finding.kind != "conflict" or not new & articles_of(finding):
            continue
        matched = [f for f in earlier if overlaps(f, finding)]
        had = set().union(*(articles_of(f) for f in matched)) if matched else set()
        if matched and articles_of(finding) <= had:
            continue
        grows = "now also in a new report" if matched else "new"
        draft = _Draft(
            "conflict",
            f"Conflict ({finding.slot or 'claim'}): {finding.note}",
            f"A {grows} conflict between {' and '.join(finding.outlets) or 'reports'}: "
            f"{finding.note}.",
            list(finding.statements),
            ordered(s.article_id for s in finding.statements),
        )
        yield draft
        if finding.slot == "denial":
            yield _Draft("denial", f"Denial: {finding.note}", draft.text, draft.evidence,
                         draft.articles)  # fmt: skip


def denials(
    story: Story,
    added: Sequence[str],
    old: frozenset[str],
    analysis: Analysis,
    by_id: Mapping[str, AnnotatedArticle],
) -> Iterator[_Draft]:
    """A denied claim in a new article whose sentence states a fact stored articles carry."""
    facts = [f for f in analysis.facts if f.story_id == story.id]
    for article in added:
        for claim in by_id[article].claims:
            if claim.status != "denied":
                continue
            sentence = sentence_of(claim.span, by_id) or claim.span
            for fact in facts:
                stored = [s for s in fact.statements if s.article_id in old]
                if stored and any(covers(s, sentence) for s in fact.statements):
                    who = claim.source_name or outlet_of(by_id[article])
                    yield _Draft(
                        "denial",
                        f"{who} denies: {clip(stored[0].text)}",
                        f"{who} denies what earlier reports state.",
                        [sentence, *stored],
                        ordered([article, *(s.article_id for s in stored)]),
                    )
                    break


def new_quotes(
    story: Story, added: Sequence[str], old: frozenset[str], by_id: Mapping[str, AnnotatedArticle]
) -> Iterator[_Draft]:
    quoted: dict[str, str] = {}  # speaker -> an earlier article quoting them
    for article in story.article_ids:
        if article in old and article in by_id:
            for quote in by_id[article].quotes:
                if speaker_key(quote) and quote.cue_kind == "speech":
                    quoted.setdefault(speaker_key(quote), article)
    for article in added:
        said: dict[str, list[Span]] = {}
        names: dict[str, str] = {}
        for quote in by_id[article].quotes:
            speaker = speaker_key(quote)
            if quote.cue_kind != "speech" or not speaker or speaker not in quoted:
                continue
            names[speaker] = quote.speaker_name or (quote.speaker.text if quote.speaker else "")
            for part in quote.content:
                sentence = sentence_of(part, by_id) or part
                if sentence not in said.setdefault(speaker, []):
                    said[speaker].append(sentence)
        for speaker, sentences in said.items():
            yield _Draft(
                "new_quote",
                f"New quote from {names[speaker]}",
                f"{names[speaker]}, quoted before in this story, in "
                f"{outlet_of(by_id[article])}: {clip(sentences[0].text)}",
                sentences,
                [article, quoted[speaker]],
                key=speaker,
            )


def new_dates(
    story: Story, added: Sequence[str], before: StoryBefore, analysis: Analysis
) -> Iterator[_Draft]:
    new = set(added)
    for entry in analysis.timeline:
        if entry.story_id != story.id or entry.date in before.timeline_dates:
            continue
        sources = [s for sentence in entry.sentences for s in sentence.sources]
        if not any(s.article_id in new for s in sources):
            continue
        yield _Draft(
            "new_date",
            f"New date in the timeline: {entry.date}",
            " ".join(sentence.text for sentence in entry.sentences),
            list(dict.fromkeys(sources)),
            ordered(s.article_id for s in sources),
            key=entry.date,
        )


# -- helpers -------------------------------------------------------------------------------


def make_alert(story_id: str, draft: _Draft, created: datetime) -> Alert:
    """The alert with an id from what it says (a pass redone after a kill makes the same id)."""
    parts = [draft.kind, story_id, draft.key, *sorted(set(draft.articles))]
    parts += sorted({f"{s.article_id}:{s.start}:{s.end}" for s in draft.evidence})
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]
    return Alert(
        id=f"a-{digest}",
        kind=draft.kind,
        story_id=story_id,
        created=iso(created),
        title=clip(draft.title, 200),
        text=clip(draft.text, 600),
        evidence=tuple(dict.fromkeys(draft.evidence)),
        article_ids=tuple(dict.fromkeys(draft.articles)),
    )


def span_key(span: Span) -> SpanKey:
    return (span.article_id, span.start, span.end)


def articles_of(finding: Finding) -> set[str]:
    return {s.article_id for s in finding.statements}


def overlaps(a: Finding, b: Finding) -> bool:
    """Whether two findings share a statement (the same finding before and after)."""
    return bool({span_key(s) for s in a.statements} & {span_key(s) for s in b.statements})


def shares(finding: Finding, articles: Sequence[str], old: frozenset[str]) -> bool:
    held = articles_of(finding)
    return (
        finding.kind in ("corroborated", "conflict")
        and bool(held & set(articles))
        and bool(held & old)
    )


def covers(a: Span, b: Span) -> bool:
    return a.article_id == b.article_id and a.start < b.end and b.start < a.end


def sentence_of(span: Span, by_id: Mapping[str, AnnotatedArticle]) -> Span | None:
    """The whole sentence holding the start of `span`."""
    annotated = by_id.get(span.article_id)
    if annotated is None:
        return None
    for sentence in annotated.sentences:
        if sentence.span.start <= span.start < sentence.span.end:
            return sentence.span
    return None


def lead_sentence(annotated: AnnotatedArticle) -> Span | None:
    return annotated.sentences[0].span if annotated.sentences else None


def outlet_of(annotated: AnnotatedArticle) -> str:
    article = annotated.article
    return article.outlet or article.url or article.id


def outlet_key(annotated: AnnotatedArticle) -> str:
    return " ".join(outlet_of(annotated).casefold().split())


def speaker_key(quote: object) -> str:
    entity = getattr(quote, "speaker_entity", None)
    name = getattr(quote, "speaker_name", None)
    return entity or (" ".join(name.casefold().split()) if name else "")


def ordered(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def clip(text: str, limit: int = 160) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
