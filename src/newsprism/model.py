"""The data model every stage shares: small frozen dataclasses, no spaCy objects.

Every piece of evidence is a `Span`: an article id and character offsets into that
article's text as stored, so any claim newsprism makes can be traced to its words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Article:
    """One news article as read from an input; `id` is a stable hash of its content."""

    id: str
    title: str
    text: str
    published: date | None = None
    outlet: str | None = None
    url: str | None = None
    source_path: str | None = None
    published_inferred: str | None = None
    """When `published` is unknown: the date inferred from the text and the story, as a TIMEX3
    value at its granularity ("2016-12"), never a guessed day."""
    published_granularity: str | None = None  # day | month | year
    published_confidence: float | None = None  # 1.0 from metadata, lower when inferred
    published_source: str | None = None  # metadata | text | story


@dataclass(frozen=True)
class Span:
    """Characters `start:end` of an article's text."""

    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article with its content-word lemmas (lower case, no stop words)."""

    span: Span
    index: int
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    """A mention of a named thing (`kind="name"`) or a role noun (`kind="role"`).

    `label` is the entity type (PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, ...);
    `role` is the title or description the text attaches to it ("Kremlin spokesman");
    `gloss` is what an explicit gloss says it is ("the Arabic name for Palmyra").
    """

    span: Span
    label: str
    sentence: int
    kind: str = "name"
    role: str | None = None
    gloss: str | None = None


@dataclass(frozen=True)
class Quote:
    """Who said what: content, cue verb and speaker of one attribution.

    `speaker` is the text that names the speaker where the quote is (possibly "he"), or None
    when the speaker is carried over from an earlier paragraph; `speaker_name` is the resolved
    name ("Dmitry Peskov"), `speaker_mention` the span of the mention it was resolved to.
    `speaker_entity` is filled by the link stage.
    """

    id: str
    article_id: str
    kind: str  # direct | indirect | mixed
    content: tuple[Span, ...]
    cue: Span | None
    speaker: Span | None
    speaker_name: str | None = None
    speaker_mention: Span | None = None
    speaker_role: str | None = None
    sentence: int = 0
    speaker_entity: str | None = None
    cue_kind: str = "speech"
    """speech | thought | view | other (a cue that reports no one's words: not shown as a
    quote, and its content stays the reporter's claim); "speech" when there is no cue."""


@dataclass(frozen=True)
class Claim:
    """A statement and its standing: asserted | attributed | hedged | denied | unverified."""

    id: str
    span: Span
    status: str
    sentence: int
    source: Span | None = None
    source_name: str | None = None
    cue: str | None = None
    refers_to: Span | None = None
    source_entity: str | None = None


@dataclass(frozen=True)
class TimeRef:
    """A time expression normalised to a TIMEX3 value against the publication date.

    `granularity` is one of: day, week, weekend, month, season, quarter, year, decade,
    century, time, duration, set, unknown. `value` is "" when it cannot be normalised.
    """

    span: Span
    type: str  # DATE | TIME | DURATION | SET
    value: str
    granularity: str
    sentence: int


@dataclass(frozen=True)
class Quantity:
    """A number with what it counts and how exact it is ("more than 60 overnight strikes")."""

    span: Span
    value: float
    unit: str
    qualifier: str | None
    sentence: int


@dataclass(frozen=True)
class EventCandidate:
    """Who did what to whom in one clause, as the parse and the verb dictionary read it
    (`newsprism.annotate.events`): a PLOVER `type` and `mode`, the `trigger` words, the actor
    phrases (`source`, `target`, each with its `*_head` word), where (`place`, a place phrase)
    and when (`when`, a time expression's span), in `sentence`."""

    trigger: Span
    type: str
    mode: str
    sentence: int
    source: Span | None = None
    source_head: Span | None = None
    target: Span | None = None
    target_head: Span | None = None
    place: Span | None = None
    when: Span | None = None
    context: str = ""


@dataclass(frozen=True)
class AnnotatedArticle:
    """An article with everything the annotate stage found in it."""

    article: Article
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    quotes: tuple[Quote, ...]
    claims: tuple[Claim, ...]
    times: tuple[TimeRef, ...]
    quantities: tuple[Quantity, ...]
    annotator: str = ""
    events: tuple[EventCandidate, ...] = ()


@dataclass(frozen=True)
class Place:
    """Where a place entity is: one GeoNames entry, or unresolved (`geonameid` None, `note`
    says why). `country` is the ISO 3166 alpha-2 code; `feature` the GeoNames feature code
    (PPL, PPLC, ADM1, PCLI); `confidence` from 0 to 1."""

    geonameid: int | None
    name: str | None = None
    """The gazetteer's name for it ("Tadmur" for Palmyra)."""
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    feature: str | None = None
    confidence: float = 0.0
    note: str = ""


@dataclass(frozen=True)
class Entity:
    """One real-world thing across all articles; a place (GPE, LOC, FAC, or a nationality
    word standing for a country) carries its `place`, set by `newsprism.link.places`."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: tuple[Span, ...]
    roles: tuple[str, ...] = ()
    place: Place | None = None


@dataclass(frozen=True)
class Story:
    """Articles grouped by the event they report."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    first_published: date | None = None
    last_published: date | None = None
    duplicates: tuple[tuple[str, str], ...] = ()
    """(copy article id, original article id) for each near-duplicate (wire copy, republished
    version) in the story: a copy and its original count as one source."""
    merged_from: tuple[str, ...] = ()
    """Ids of stories stored by earlier runs that merged into this one (their id now points
    here)."""
    family: str | None = None
    """Id of the story family: stories of one kind or topic that are not one event (two
    earthquakes, a summit and an arrest in one country). "f-" plus the id of the family's oldest
    story; None for a story with no related story."""


@dataclass(frozen=True)
class Fact:
    """Statements (sentences) from one or more articles of a story that report the same thing."""

    id: str
    story_id: str
    statements: tuple[Span, ...]
    outlets: tuple[str, ...]
    sources: int = 0
    """Independent outlets carrying the fact: an outlet whose statement comes from a
    near-duplicate copy of another carrier's article (Story.duplicates) does not count again."""
    one_sided_by: str | None = None
    """The party every statement of the fact rests on (a ministry, an armed group's agency),
    when no outlet states it in its own voice; None otherwise."""


MAX_CITED_SOURCES = 100
"""The most source spans one cited sentence (of a timeline or summary) lists; the facts list
every statement."""


@dataclass(frozen=True)
class CitedSentence:
    """A sentence shown to the user with the source spans it rests on."""

    text: str
    sources: tuple[Span, ...]


@dataclass(frozen=True)
class TimelineEntry:
    """A dated event of a story (`date` is a TIMEX3 value: 2016-12-11, 2015-05, ...)."""

    story_id: str
    date: str
    sentences: tuple[CitedSentence, ...]


@dataclass(frozen=True)
class Finding:
    """A comparison result: corroborated | single_source | conflict.

    `asserted_by` has one entry per statement: "reporter" or the name of the party claiming it.
    `slot` names what differs in a conflict (date, number, negation, ...).
    """

    story_id: str
    kind: str
    statements: tuple[Span, ...]
    note: str
    outlets: tuple[str, ...] = ()
    asserted_by: tuple[str, ...] = ()
    slot: str | None = None
    sources: int = 0
    """Independent outlets behind the finding (near-duplicate copies counted once)."""
    one_sided_by: str | None = None
    """For corroborated and single-source findings: the one party the statements rest on."""


@dataclass(frozen=True)
class Event:
    """A coded event of a story (PLOVER category `type` and `mode`): its actors as entity ids
    (`source`, `target`; None when the phrase names no entity, `source_text`/`target_text`
    keep the words), `place` (a place entity id), `date` (TIMEX3 value) and the sentence it
    rests on (`evidence`). An event the text reports someone saying keeps who: `status`
    "attributed" and `attributed_to` (entity id) / `attributed_name`."""

    id: str
    story_id: str
    type: str
    mode: str
    evidence: Span
    trigger: Span
    source: str | None = None
    target: str | None = None
    place: str | None = None
    date: str | None = None
    source_text: str | None = None
    target_text: str | None = None
    place_text: str | None = None
    context: str = ""
    status: str = "asserted"
    attributed_to: str | None = None
    attributed_name: str | None = None
    evidence_all: tuple[Span, ...] = ()
    """The sentence of every report of the event, `evidence` first (`analyse.event_merge`)."""
    articles: tuple[str, ...] = ()
    """The articles that report it, in story order."""


@dataclass(frozen=True)
class Summary:
    story_id: str
    sentences: tuple[CitedSentence, ...]


@dataclass(frozen=True)
class Alert:
    """What changed in a story in one watch pass, with its evidence: `kind` is new_story,
    new_outlet, corroborated, conflict, denial, new_quote or new_date; `evidence` holds whole
    sentences; `articles` the articles it is about; `created` ISO 8601 UTC."""

    id: str
    kind: str
    story_id: str
    created: str
    title: str
    text: str
    evidence: tuple[Span, ...] = ()
    article_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class InputProblem:
    """An input that could not be read, and why (one line for the user). `kept`: the input
    was still read, changed as the reason says (a text cut at a limit, an id made unique)."""

    source: str
    reason: str
    kept: bool = False

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class JoinReason:
    """One reason an article is in its story, read off the numbers story linking uses."""

    kind: str  # copy | sentences | names | dates | words
    text: str  # the shared sentence, name, date value, or words (comma-separated)
    articles: tuple[str, ...]  # the other members that share it
    weight: float  # words: share of the cosine they make; others: share of the other members


@dataclass(frozen=True)
class Membership:
    """Why an article is in its story: its nearest other member (TF-IDF cosine times the date
    factor, as story linking computes it) and its strongest reasons, strongest kinds first."""

    story_id: str
    article_id: str
    nearest: str | None
    similarity: float
    reasons: tuple[JoinReason, ...] = ()


@dataclass(frozen=True)
class Analysis:
    """Everything `newsprism.analyze` found, ready for export and reports."""

    articles: tuple[AnnotatedArticle, ...]
    entities: tuple[Entity, ...] = ()
    stories: tuple[Story, ...] = ()
    facts: tuple[Fact, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    findings: tuple[Finding, ...] = ()
    summaries: tuple[Summary, ...] = ()
    problems: tuple[InputProblem, ...] = field(default=())
    events: tuple[Event, ...] = ()
    memberships: tuple[Membership, ...] = ()
    """Why each story member is in its story (`newsprism.link.reasons`); derived, not stored."""
