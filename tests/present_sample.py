"""Hand-built analyses for the present-stage tests (export and reports).

Sentences come from the Palmyra worked example (AFP 2016-12-12, The Guardian 2016-12-14);
every span is found in the article text, so offsets are real.
"""

from __future__ import annotations

from datetime import date

from newsprism.model import (
    Analysis,
    AnnotatedArticle,
    Article,
    CitedSentence,
    Claim,
    Entity,
    Fact,
    Finding,
    InputProblem,
    JoinReason,
    Membership,
    Quantity,
    Quote,
    Sentence,
    Span,
    Story,
    Summary,
    TimelineEntry,
    TimeRef,
)

AFP_TEXT = (
    "PALMYRA - The Kremlin on Monday deplored the lack of cooperation with the United States "
    "in Palmyra after Islamic State jihadists re-entered the ancient Syrian city at the weekend.\n"
    '"We regret that we have yet to completely neutralise their offensive," Kremlin spokesman '
    "Dmitry Peskov said of the fighters return to the fabled city after an eight-month absence.\n"
    '"We also regret that there still is a lack of coordinated action and real cooperation with '
    'other states -- with the United States first and foremost -- that do not want to cooperate."\n'
    "Russia's defence ministry said Sunday that its war planes had carried out more than 60 "
    'overnight strikes on Palmyra, claiming to have "thwarted all terrorist attacks" on the city.\n'
    '"The geography of the city," said Romain Caillet, an expert on jihadist groups, '
    '"makes it very difficult to defend."\n'
    "IS ravaged the ruins during the 10 months it held Palmyra from March 2015 to May 2016, "
    "systematically blowing up ancient temples in attacks that provoked worldwide horror."
)

GUARDIAN_TEXT = (
    "Isis took control of Palmyra over the weekend after days of intense fighting and Russian "
    "airstrikes.\n\n"
    "The video has not been independently verified and it is unclear exactly when it was taken.\n\n"
    "Konashenkov claimed around 5,000 Isis militants took part in the attack on Palmyra, which "
    "surprised analysts given the group has been in retreat in recent months.\n\n"
    "It marks the second time Isis has taken over Palmyra. Last May, the grouping’s militants "
    "laid siege to the city and then stormed it after Syrian military forces retreated."
)

AFP = Article(
    id="a000",
    title="Palmyra recapture a boost for IS jihadists",
    text=AFP_TEXT,
    published=date(2016, 12, 12),
    outlet="AFP",
    url="https://www.afp.com/en/palmyra-recapture",
    source_path="palmyra/000_02cc217ee7d2ff1b.txt",
)
GUARDIAN = Article(
    id="a002",
    title="Isis video claims to show abandoned Russian base in Palmyra",
    text=GUARDIAN_TEXT,
    published=date(2016, 12, 14),
    outlet="The Guardian",
    url="https://www.theguardian.com/world/2016/dec/14/isis-video-palmyra",
    source_path="palmyra/002_7755901504861f9e.txt",
)


def span(article: Article, words: str, occurrence: int = 0) -> Span:
    """The span of the `occurrence`-th appearance of `words` in `article`'s text."""
    start = -1
    for _ in range(occurrence + 1):
        start = article.text.index(words, start + 1)
    return Span(article.id, start, start + len(words), words)


def sentence_span(article: Article, opening: str) -> Span:
    """The line (or sentence, up to its full stop) of `article` that begins with `opening`."""
    start = article.text.index(opening)
    stops = [i for i in (article.text.find(". ", start), article.text.find("\n", start)) if i > 0]
    end = min(stops, default=len(article.text))
    end = end + 1 if article.text[end : end + 1] == "." else end
    return Span(article.id, start, end, article.text[start:end])


def sentences_of(article: Article, openings: list[str]) -> tuple[Sentence, ...]:
    return tuple(Sentence(sentence_span(article, o), i, ()) for i, o in enumerate(openings))


AFP_KREMLIN = sentence_span(AFP, "PALMYRA - The Kremlin")
AFP_STRIKES = sentence_span(AFP, "Russia's defence ministry")
AFP_HELD = sentence_span(AFP, "IS ravaged the ruins")
GDN_TOOK = sentence_span(GUARDIAN, "Isis took control")
GDN_VIDEO = sentence_span(GUARDIAN, "The video has not")
GDN_5000 = sentence_span(GUARDIAN, "Konashenkov claimed")
GDN_LAST_MAY = sentence_span(GUARDIAN, "Last May")


def afp_annotated() -> AnnotatedArticle:
    return AnnotatedArticle(
        article=AFP,
        sentences=sentences_of(AFP, ["PALMYRA", '"We regret', '"We also', "Russia's", '"The geo']),
        mentions=(),
        quotes=(
            Quote(
                id="q1",
                article_id=AFP.id,
                kind="direct",
                content=(
                    span(
                        AFP, "We regret that we have yet to completely neutralise their offensive,"
                    ),
                ),
                cue=span(AFP, "said", 0),
                speaker=span(AFP, "Kremlin spokesman Dmitry Peskov"),
                speaker_name="Dmitry Peskov",
                speaker_mention=span(AFP, "Dmitry Peskov"),
                speaker_role="Kremlin spokesman",
                sentence=1,
                speaker_entity="e-peskov",
            ),
            Quote(
                id="q2",
                article_id=AFP.id,
                kind="direct",
                content=(
                    span(AFP, "We also regret that there still is a lack of coordinated action"),
                ),
                cue=None,
                speaker=None,
                speaker_name="Dmitry Peskov",
                speaker_role="Kremlin spokesman",
                sentence=2,
                speaker_entity="e-peskov",
            ),
            Quote(
                id="q3",
                article_id=AFP.id,
                kind="direct",
                content=(
                    span(AFP, "The geography of the city,"),
                    span(AFP, "makes it very difficult to defend."),
                ),
                cue=span(AFP, "said", 2),
                speaker=span(AFP, "Romain Caillet"),
                speaker_name="Romain Caillet",
                speaker_mention=span(AFP, "Romain Caillet"),
                speaker_role="an expert on jihadist groups",
                sentence=4,
            ),
        ),
        claims=(
            Claim(
                id="c1",
                span=AFP_STRIKES,
                status="attributed",
                sentence=3,
                source=span(AFP, "Russia's defence ministry"),
                source_name="Russia's defence ministry",
                cue="said",
                refers_to=span(AFP, "more than 60 overnight strikes"),
                source_entity="e-mod",
            ),
        ),
        times=(
            TimeRef(span(AFP, "on Monday"), "DATE", "2016-12-12", "day", 0),
            TimeRef(span(AFP, "eight-month"), "DURATION", "P8M", "duration", 1),
            TimeRef(span(AFP, "March 2015"), "DATE", "2015-03", "month", 5),
        ),
        quantities=(
            Quantity(span(AFP, "more than 60 overnight strikes"), 60.0, "strikes", "more than", 3),
            Quantity(span(AFP, "10 months"), 10.0, "months", None, 5),
        ),
        annotator="en_core_web_md-3.7.1",
    )


def guardian_annotated() -> AnnotatedArticle:
    return AnnotatedArticle(
        article=GUARDIAN,
        sentences=sentences_of(GUARDIAN, ["Isis took", "The video", "Konashenkov", "It marks"]),
        mentions=(),
        quotes=(
            Quote(
                id="q4",
                article_id=GUARDIAN.id,
                kind="indirect",
                content=(
                    span(
                        GUARDIAN, "around 5,000 Isis militants took part in the attack on Palmyra"
                    ),
                ),
                cue=span(GUARDIAN, "claimed"),
                speaker=span(GUARDIAN, "Konashenkov"),
                speaker_name="Igor Konashenkov",
                speaker_mention=span(GUARDIAN, "Konashenkov"),
                sentence=2,
                speaker_entity="e-konashenkov",
            ),
        ),
        claims=(
            Claim(
                id="c2",
                span=GDN_VIDEO,
                status="unverified",
                sentence=1,
                refers_to=span(GUARDIAN, "The video"),
            ),
        ),
        times=(
            TimeRef(span(GUARDIAN, "over the weekend"), "DATE", "2016-W49-WE", "weekend", 0),
            TimeRef(span(GUARDIAN, "Last May"), "DATE", "2015-05", "month", 4),
        ),
        quantities=(
            Quantity(
                span(GUARDIAN, "around 5,000 Isis militants"), 5000.0, "militants", "around", 2
            ),
        ),
        annotator="en_core_web_md-3.7.1",
    )


def palmyra_analysis() -> Analysis:
    """Two articles, one story, with every kind of record the export knows."""
    story = Story(
        "s1",
        "Palmyra recapture a boost for IS jihadists",
        (AFP.id, GUARDIAN.id),
        date(2016, 12, 12),
        date(2016, 12, 14),
    )
    return Analysis(
        articles=(afp_annotated(), guardian_annotated()),
        entities=(
            Entity(
                "e-is",
                "Islamic State",
                "ORG",
                ("IS", "Isis", "Islamic State"),
                (span(AFP, "Islamic State"), span(GUARDIAN, "Isis"), span(AFP, "IS")),
            ),
            Entity(
                "e-peskov",
                "Dmitry Peskov",
                "PERSON",
                ("Dmitry Peskov",),
                (span(AFP, "Dmitry Peskov"),),
                ("Kremlin spokesman",),
            ),
            Entity(
                "e-konashenkov",
                "Igor Konashenkov",
                "PERSON",
                ("Konashenkov",),
                (span(GUARDIAN, "Konashenkov"),),
            ),
            Entity(
                "e-mod",
                "Russian defence ministry",
                "ORG",
                ("Russia's defence ministry",),
                (span(AFP, "Russia's defence ministry"),),
            ),
        ),
        stories=(story,),
        facts=(Fact("f1", "s1", (AFP_KREMLIN, GDN_TOOK), ("AFP", "The Guardian")),),
        timeline=(
            TimelineEntry(
                "s1",
                "2015-03",
                (
                    CitedSentence(
                        "IS took Palmyra and held it for ten months.", (span(AFP, "March 2015"),)
                    ),
                ),
            ),
            TimelineEntry(
                "s1",
                "2016-W49-WE",
                (
                    CitedSentence(
                        "Islamic State jihadists re-entered Palmyra.", (AFP_KREMLIN, GDN_TOOK)
                    ),
                ),
            ),
        ),
        findings=(
            Finding(
                "s1",
                "corroborated",
                (AFP_KREMLIN, GDN_TOOK),
                "IS retook Palmyra at the weekend",
                ("AFP", "The Guardian"),
                ("reporter", "reporter"),
            ),
            Finding(
                "s1", "single_source", (AFP_STRIKES,), "", ("AFP",), ("Russia's defence ministry",)
            ),
            Finding(
                "s1", "single_source", (GDN_5000,), "", ("The Guardian",), ("Igor Konashenkov",)
            ),
            Finding(
                "s1",
                "conflict",
                (AFP_HELD, GDN_LAST_MAY),
                "when IS first took Palmyra: March 2015 or May 2015",
                ("AFP", "The Guardian"),
                ("reporter", "reporter"),
                "date",
            ),
        ),
        summaries=(
            Summary(
                "s1",
                (
                    CitedSentence(AFP_KREMLIN.text, (AFP_KREMLIN, GDN_TOOK)),
                    CitedSentence(GDN_5000.text, (GDN_5000,)),
                ),
            ),
        ),
        problems=(InputProblem("feeds/broken.xml", "not well-formed XML at line 3"),),
        memberships=(
            Membership(
                "s1",
                GUARDIAN.id,
                AFP.id,
                0.41,
                (
                    JoinReason("names", "Palmyra", (AFP.id,), 1.0),
                    JoinReason("words", "palmyra, islamic state", (AFP.id,), 0.52),
                ),
            ),
        ),
    )
