"""Cross-document entities: one entity per real-world thing across all articles.

Mentions meet when their keys match (case, accents, "the", transliteration: Raqa = Raqqa),
when the alias lexicon names them as one (IS = Isis = Daesh = Islamic State), when the text
glosses one by the other ("Tadmur [the Arabic name for Palmyra]", "Daesh [ISIS]"), when one
is the initials of the other ("IS" / "Islamic State"), when a surname stands for a full
name given in the same article, else in exactly one article ("Peskov" -> "Dmitry Peskov"),
and when a familiar first name stands for the formal one ("Bill Clinton" / "William
Clinton"); the rules are in `newsprism.link.name_joins`.
The entity's type is voted over its mentions, which fixes the tagger's one-off errors
("Winter" as a place).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence

from newsprism.annotate.lexicon import known_aliases
from newsprism.link.name_joins import (
    KeyUnion,
    SpanKey,
    join_acronyms,
    join_compound_spellings,
    join_country_qualified,
    join_generic_suffixes,
    join_glosses,
    join_headline_names,
    join_known_aliases,
    join_middle_names,
    join_nicknames,
    join_partial_names,
    join_spelling_variants,
    mention_key,
    span_key,
)
from newsprism.link.names import name_key
from newsprism.model import AnnotatedArticle, Entity, Mention

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def link_entities(annotated: Sequence[AnnotatedArticle]) -> tuple[list[Entity], dict[SpanKey, str]]:
    """The entities of `annotated` and, for each mention span, the id of its entity."""
    mentions = [m for a in annotated for m in a.mentions]
    countries = {name_key(m.span.text) for m in mentions if m.label == "GPE"}
    key_of = {span_key(m.span): mention_key(m, countries) for m in mentions}
    union = KeyUnion()
    for key in key_of.values():
        union.find(key)
    join_known_aliases(union, mentions, key_of)
    join_glosses(union, mentions, key_of, countries)
    join_acronyms(union, mentions, key_of)
    join_generic_suffixes(union, mentions, key_of)
    for article in annotated:
        join_headline_names(union, article, key_of)
    join_compound_spellings(union, key_of.values())
    join_country_qualified(union, mentions, key_of, countries)
    for article in annotated:
        join_partial_names(union, article.mentions, key_of, within_article=True)
    join_partial_names(union, mentions, key_of, within_article=False)
    join_middle_names(union, mentions, key_of)
    join_nicknames(union, mentions, key_of)
    join_spelling_variants(union, mentions, key_of)

    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        groups[union.find(key_of[span_key(m.span)])].append(m)
    entities, entity_of = [], {}
    for members in groups.values():
        entity = build_entity(members)
        entities.append(entity)
        for m in members:
            entity_of[span_key(m.span)] = entity.id
    entities.sort(key=lambda e: (-len(e.mentions), e.name))
    return entities, entity_of


def build_entity(members: list[Mention]) -> Entity:
    """Name, type (voted), aliases, mentions and roles of one group of mentions."""
    forms = Counter(m.span.text for m in members)
    label = vote_label(members)
    known = [known_aliases()[f] for f in forms if f in known_aliases()]
    if known:
        name = Counter(k.canonical for k in known).most_common(1)[0][0]
    else:
        typed = [m for m in members if m.label == label] or members
        name = max(
            Counter(m.span.text for m in typed).items(),
            key=lambda kv: (len(kv[0].split()) if label == "PERSON" else 0, kv[1], len(kv[0])),
        )[0]
    roles = tuple(dict.fromkeys(m.role for m in members if m.role))
    digest = hashlib.sha1(f"{label}|{name_key(name)}".encode()).hexdigest()[:10]
    return Entity(
        id=f"e-{digest}",
        name=name,
        type=label,
        aliases=tuple(sorted(forms, key=lambda f: (-forms[f], f))),
        mentions=tuple(sorted((m.span for m in members), key=lambda s: (s.article_id, s.start))),
        roles=roles,
    )


def vote_label(members: Sequence[Mention]) -> str:
    """The type most mentions give, multi-word names counting double."""
    votes: Counter[str] = Counter()
    for m in members:
        weight = 2 if len(m.span.text.split()) >= 2 else 1
        votes["GPE" if m.label in PLACE_LABELS and m.label != "FAC" else m.label] += weight
    return votes.most_common(1)[0][0]
