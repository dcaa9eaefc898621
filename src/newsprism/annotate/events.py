"""Event candidates: who did what to whom, read off the dependency parse with the verb
dictionary (`event_verbs`), coded in PLOVER categories (2021 names).

The coding rules are ours:
- a verb in the dictionary (with its particle: "pull out", "call for") is an event; a verb
  with a listed object ("take control", "lift sanctions") takes the pair's code first;
- a light verb ("launch", "carry out", "hold") takes the code of its object noun ("launched
  air strikes": ASSAULT, "held talks": CONSULT);
- a frame verb codes its clausal complement: "threatened to attack" is THREATEN, "agreed to
  meet" AGREE, "refused to withdraw" REJECT, "urged X to" REQUEST; an offer or vow of force
  ("vowed to attack") is THREATEN, and the complement is not coded again;
- intent: an act of cooperation in the future ("will visit") or offered ("is willing to
  send", "ready to host") is AGREE, force, sanctions or protest in the future ("will
  attack", "will boycott") THREATEN; an act someone "must" or "should" do is REQUEST; a
  negated act of cooperation ("did not agree") is REJECT, any other negated act is no event;
- an event noun with an actor beside it ("Russian air strikes", "Russia's bombing") is an
  event even without a verb;
- the source is the subject (the agent of a passive, the controller of a complement), the
  target the first actor (a name, a pronoun, a noun for people or institutions) among the
  object, its possessor, the objects of "against", "on", "with", "to", "of", ... and the
  subject of a governed clause, else the object (the subject of a passive); where is a
  place name after "in", "at", "near" (or a place target of force); when is a time
  expression the event's clause holds.
Actors are phrases here; the link stage resolves them to entities.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from newsprism.annotate.event_verbs import COOPERATIVE, HOSTILE, Code, verb_dictionary
from newsprism.model import EventCandidate, Mention, Span, TimeRef

SUBJECTS = frozenset({"nsubj", "csubj"})
OBJECTS = frozenset({"dobj", "attr", "oprd"})
TARGET_PREPS = frozenset({"against", "on", "upon", "at", "with", "to", "into", "of", "from"})
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "around", "inside", "across"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
ACTOR_LABELS = frozenset({"GPE", "NORP", "ORG", "PERSON", "LOC", "FAC"})
FUTURE = frozenset({"will", "would", "shall", "'ll"})
OBLIGATION = frozenset({"must", "should"})
READY = frozenset({"willing", "ready", "prepared", "committed", "determined", "eager"})
COMPLEMENTS = frozenset({"xcomp", "ccomp"})
OBJECT_CONTROL = frozenset({"REQUEST"})  # "urged X to ...": X is the target
NOT_ACTORS = frozenset({"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
ACTOR_NOUNS = frozenset({
    "government", "army", "military", "police", "troop", "force", "soldier", "rebel",
    "militant", "fighter", "insurgent", "guerrilla", "jihadist", "terrorist", "protester",
    "demonstrator", "official", "minister", "ministry", "president", "leader", "premier",
    "chancellor", "king", "prime", "authority", "regime", "parliament", "congress", "senate",
    "court", "people", "civilian", "refugee", "worker", "student", "member", "officer",
    "prisoner", "hostage", "detainee", "opposition", "party", "group", "movement", "union",
    "coalition", "alliance", "administration", "cabinet", "delegation", "negotiator",
    "mediator", "envoy", "ambassador", "diplomat", "embassy", "country", "nation", "state",
    "side", "faction", "militia", "journalist", "reporter", "activist", "leadership",
    "peacekeeper", "inspector", "observer", "monitor", "agency", "organization",
    "organisation", "company", "villager", "resident", "settler", "citizen", "voter",
})  # fmt: skip


def find_events(
    doc: Doc,
    article_id: str,
    mentions: Sequence[Mention] = (),
    times: Sequence[TimeRef] = (),
) -> list[EventCandidate]:
    """The event candidates of a parsed article, in text order."""
    coder = EventCoder(doc, article_id, mentions, times)
    return coder.events()


class EventCoder:
    """The rules above over one Doc; `events()` is the only public method."""

    def __init__(
        self, doc: Doc, article_id: str, mentions: Sequence[Mention], times: Sequence[TimeRef]
    ) -> None:
        self.doc, self.article_id = doc, article_id
        self.lex = verb_dictionary()
        self.label_at: dict[int, tuple[str, int, int]] = {}
        for m in mentions:
            for token in doc.char_span(m.span.start, m.span.end, alignment_mode="expand") or ():
                self.label_at[token.i] = (m.label, m.span.start, m.span.end)
        self.times = [t for t in times if t.type in ("DATE", "TIME")]
        self.used: set[int] = set()  # tokens already coded (a frame's complement, an object)

    def events(self) -> list[EventCandidate]:
        found: list[EventCandidate] = []
        for index, sent in enumerate(self.doc.sents):
            for token in sent:
                if token.i in self.used:
                    continue
                event = None
                if token.pos_ in ("VERB", "AUX") and token.tag_ != "MD":
                    event = self.verb_event(token, index)
                elif token.pos_ in ("NOUN", "PROPN"):
                    event = self.noun_event(token, index)
                if event is not None:
                    found.append(event)
        return sorted(found, key=lambda e: e.trigger.start)

    # -- coding -----------------------------------------------------------------------

    def verb_event(self, verb: Token, sentence: int) -> EventCandidate | None:
        lemma = verb.lemma_.lower()
        obj = first_child(verb, OBJECTS)
        code, trigger_end, noun = None, verb, None
        complement = next((c for c in verb.children if c.dep_ in COMPLEMENTS), None)
        ready = next((c for c in verb.children if c.dep_ == "acomp" and c.lower_ in READY), None)
        if ready is not None and complement is None:  # "is willing to send", "ready to host"
            complement = next((c for c in ready.children if c.dep_ == "xcomp"), None)
            lemma = "intend" if complement is not None else lemma
        if lemma in self.lex.frames and complement is not None and complement.pos_ == "VERB":
            inner = self.code_of_verb(complement)
            if inner is not None or lemma in self.lex.verbs:
                return self.frame_event(verb, complement, inner, sentence, lemma)
        if obj is not None:
            code = self.lex.pairs.get(f"{lemma} {obj.lemma_.lower()}")
            if code is not None:
                noun = obj
        if code is None and self.is_light(verb):
            noun = obj or self.prep_object(verb, ("on", "under"))  # "go on strike"
            code = self.code_of_noun(noun) if noun is not None else None
            noun = noun if code is not None else None
        if code is None:
            code, trigger_end = self.code_with_particle(verb)
        if code is None and self.demanded(verb):
            code = Code("REQUEST")  # "Iraq must hand over ...": a demand
        if code is None:
            return None
        if noun is not None:
            self.used.add(noun.i)
            trigger_end = max(trigger_end, noun, key=lambda t: t.i)
        code = self.with_modality(verb, code)
        if code is None:
            return None
        source, target = self.actors(verb, code, noun)
        return self.candidate(verb, trigger_end, code, sentence, source, target, noun)

    def frame_event(
        self, verb: Token, complement: Token, inner: Code | None, sentence: int, lemma: str
    ) -> EventCandidate | None:
        frame = self.lex.frames[lemma]
        self.used.add(complement.i)
        code: Code | None = frame
        if frame.type == "AGREE" and inner is not None and inner.type in HOSTILE:
            code = Code("THREATEN", "violence" if inner.type == "ASSAULT" else "", inner.context)
        elif frame.type == "THREATEN" and inner is not None:
            mode = {"ASSAULT": "violence", "SANCTION": "relations", "COERCE": "restrict"}
            code = Code("THREATEN", mode.get(inner.type, ""), inner.context)
        elif inner is not None and not frame.context:
            code = Code(frame.type, frame.mode, inner.context)
        code = self.with_modality(verb, frame if code is None else code)
        if code is None:
            return None
        source, target = self.actors(verb, code, None)
        if code.type not in OBJECT_CONTROL or target is None or not self.is_actor(target):
            target = self.target_of([verb, complement]) or target
        return self.candidate(verb, verb, code, sentence, source, target, None, complement)

    def noun_event(self, noun: Token, sentence: int) -> EventCandidate | None:
        """An event noun with an actor beside it ("Russian air strikes"), not the object of
        a verb coded already."""
        code = self.code_of_noun(noun)
        if code is None or code.type not in HOSTILE:
            return None
        actor = next(
            (
                c
                for c in noun.children
                if c.dep_ in ("poss", "amod", "compound", "nmod")
                and self.label_at.get(c.i, ("",))[0] in ACTOR_LABELS
            ),
            None,
        )
        if actor is None:
            return None
        target = self.prep_object(noun, ("on", "against", "of"))
        start = min(
            (c for c in noun.children if c.dep_ == "compound"), default=noun, key=lambda t: t.i
        )
        return self.candidate(start, noun, code, sentence, actor, target, noun)

    def code_with_particle(self, verb: Token) -> tuple[Code | None, Token]:
        lemma = verb.lemma_.lower()
        for child in verb.children:
            if child.dep_ in ("prt", "prep") and child.i > verb.i:
                code = self.lex.verbs.get(f"{lemma} {child.lower_}")
                if code is not None:
                    return code, child
        obj = first_child(verb, OBJECTS)
        if obj is not None and f"{lemma} {obj.lower_}" in self.lex.verbs:  # "open fire"
            return self.lex.verbs[f"{lemma} {obj.lower_}"], obj
        return self.lex.verbs.get(lemma), verb

    def code_of_verb(self, verb: Token) -> Code | None:
        obj = first_child(verb, OBJECTS)
        if obj is not None:
            pair = self.lex.pairs.get(f"{verb.lemma_.lower()} {obj.lemma_.lower()}")
            if pair is not None:
                return pair
        code, _ = self.code_with_particle(verb)
        if code is None and self.is_light(verb) and obj is not None:
            code = self.code_of_noun(obj)
        return code

    def code_of_noun(self, noun: Token) -> Code | None:
        lemma = noun.lemma_.lower()
        for child in noun.children:
            if child.dep_ == "compound":
                code = self.lex.nouns.get(f"{child.lower_} {lemma}")
                if code is not None:
                    return code
        return self.lex.nouns.get(lemma)

    def is_light(self, verb: Token) -> bool:
        lemma = verb.lemma_.lower()
        particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
        return lemma in self.lex.light or f"{lemma} {particle}" in self.lex.light

    def with_modality(self, verb: Token, code: Code) -> Code | None:
        """Negation, obligation and intent (see the module's rules); None when no event is
        left."""
        if any(c.dep_ == "neg" for c in verb.children):
            return Code("REJECT", "", code.context) if code.type in COOPERATIVE else None
        if self.demanded(verb) and code.type != "REQUEST":
            return Code("REQUEST", "", code.context)
        future = any(c.dep_ == "aux" and c.lower_ in FUTURE for c in verb.children)
        if future and code.type in COOPERATIVE - {"AGREE"}:
            return Code("AGREE", "", code.context)
        if future and code.type in ("ASSAULT", "COERCE", "SANCTION", "PROTEST"):
            mode = {"ASSAULT": "violence", "SANCTION": "relations"}.get(code.type, "")
            return Code("THREATEN", mode, code.context)
        return code

    def demanded(self, verb: Token) -> bool:
        """Whether the verb is said to be a must ("Iraq must hand over", "should withdraw")."""
        return any(c.dep_ == "aux" and c.lower_ in OBLIGATION for c in verb.children)

    # -- actors, place, time ------------------------------------------------------------

    def actors(
        self, verb: Token, code: Code, noun: Token | None
    ) -> tuple[Token | None, Token | None]:
        passive = first_child(verb, frozenset({"nsubjpass"}))
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if passive is None and agent is not None and verb.dep_ in ("acl", "relcl"):
            passive = verb.head  # "Russian weapons seized by Isis"
        if passive is not None:
            by = first_child(agent, frozenset({"pobj"})) if agent is not None else None
            return by, passive
        source = self.subject_of(verb)
        target = self.target_of([verb], noun)
        if noun is not None and source is None:
            source = next(
                (c for c in noun.children if c.dep_ in ("poss", "amod") and c.i in self.label_at),
                None,
            )
        return source, target

    def target_of(self, heads: Sequence[Token], noun: Token | None = None) -> Token | None:
        """The first actor among the words an event can be done to (the object, its
        possessor, the objects of "against", "on", "with", "to", ... of the event's words,
        the subject of a clause it governs: "demanded that the US cancel"), else the first
        of those words that is not a date or number (a thing: "seized oil fields")."""
        found: list[Token] = []
        if noun is not None:
            found += self.prep_objects(noun)
        for head in heads:
            obj = self.object_of(head) if noun is None or head.i != noun.i else None
            obj = None if obj is not None and noun is not None and obj.i == noun.i else obj
            if obj is not None:
                found.append(obj)
                found += [c for c in obj.children if c.dep_ == "poss"]
            found += self.prep_objects(head)
            if obj is not None:
                found += self.prep_objects(obj)
            for clause in (c for c in head.children if c.dep_ == "ccomp"):
                found += [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
        found = [t for t in found if t.ent_type_ not in NOT_ACTORS and t.pos_ != "NUM"]
        return next((t for t in found if self.is_actor(t)), found[0] if found else None)

    def prep_objects(self, head: Token) -> list[Token]:
        return [
            pobj
            for child in head.children
            if child.dep_ in ("prep", "dative") and child.lower_ in TARGET_PREPS
            for pobj in child.children
            if pobj.dep_ == "pobj"
        ]

    def is_actor(self, token: Token) -> bool:
        """Whether the word names someone who can act or be acted on: a name of a person,
        group or country, a personal pronoun, or a noun for people or institutions."""
        label = self.label_at.get(token.i, (token.ent_type_,))[0]
        if label in ACTOR_LABELS:
            return True
        if token.pos_ == "PRON":
            return token.lower_ not in ("it", "this", "that", "what", "which")
        return token.lemma_.lower() in ACTOR_NOUNS

    def subject_of(self, verb: Token) -> Token | None:
        seen = 0
        while verb is not None and seen < 4:
            subject = first_child(verb, SUBJECTS) or next(
                (c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i in self.label_at),
                None,
            )  # "IS seized control": the name read as an auxiliary
            if subject is not None:
                return subject
            if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.i != verb.i:
                verb, seen = verb.head, seen + 1
                continue
            if verb.dep_ in ("relcl", "acl") and verb.head.i != verb.i:
                return verb.head
            return None
        return None

    def object_of(self, verb: Token) -> Token | None:
        obj = first_child(verb, OBJECTS)
        if obj is not None and obj.lemma_.lower() in ("control", "charge", "power"):
            return self.prep_object(obj, ("of", "over")) or obj
        return obj

    def prep_object(self, head: Token, preps: tuple[str, ...]) -> Token | None:
        for child in head.children:
            if child.dep_ in ("prep", "dative") and child.lower_ in preps:
                pobj = first_child(child, frozenset({"pobj"}))
                if pobj is not None:
                    return pobj
        return None

    def place_of(self, heads: Sequence[Token], target: Token | None, code: Code) -> Token | None:
        for head in heads:
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ in PLACE_PREPS:
                    pobj = first_child(child, frozenset({"pobj"}))
                    if pobj is not None and self.label_at.get(pobj.i, ("",))[0] in PLACE_LABELS:
                        return pobj
        if target is not None and code.type in ("ASSAULT", "COERCE"):
            if self.label_at.get(target.i, ("",))[0] in PLACE_LABELS:
                return target
        return None

    def time_of(self, heads: Sequence[Token]) -> Span | None:
        """A time expression whose nearest verb (or event noun) above it is the event's."""
        wanted = {h.i for h in heads}
        for time in self.times:
            token = self.doc.char_span(time.span.start, time.span.end, alignment_mode="expand")
            if token is None or len(token) == 0:
                continue
            node = token.root
            for _ in range(6):
                if node.i in wanted:
                    return time.span
                if node.pos_ in ("VERB", "AUX") and node.dep_ != "aux" or node.head.i == node.i:
                    break
                node = node.head
        return None

    def candidate(
        self,
        start: Token,
        end: Token,
        code: Code,
        sentence: int,
        source: Token | None,
        target: Token | None,
        noun: Token | None,
        complement: Token | None = None,
    ) -> EventCandidate:
        heads = [t for t in (start, noun, complement) if t is not None]
        place = self.place_of(heads, target, code)
        first, last = min(start.i, end.i), max(start.i, end.i)
        return EventCandidate(
            trigger=self.span(first, last + 1),
            type=code.type,
            mode=code.mode,
            context=code.context,
            sentence=sentence,
            source=self.phrase(source),
            source_head=self.head_span(source),
            target=self.phrase(target),
            target_head=self.head_span(target),
            place=self.head_span(place),
            when=self.time_of(heads),
        )

    def span(self, start: int, end: int) -> Span:
        tokens = self.doc[start:end]
        return Span(self.article_id, tokens.start_char, tokens.end_char, tokens.text)

    def head_span(self, token: Token | None) -> Span | None:
        """The actor's head word, or the whole name it is part of."""
        if token is None:
            return None
        named = token if token.i in self.label_at else self.named_apposition(token)
        if named is not None:
            _, start, end = self.label_at[named.i]
            return Span(self.article_id, start, end, self.doc.text[start:end])
        return self.span(token.i, token.i + 1)

    def named_apposition(self, token: Token) -> Token | None:
        """The name in apposition to a common noun ("government ally Russia")."""
        return next(
            (c for c in token.children if c.dep_ in ("appos", "compound") and c.i in self.label_at),
            None,
        )

    def phrase(self, token: Token | None) -> Span | None:
        """The actor's noun phrase: its head and the words before it that depend on it."""
        if token is None:
            return None
        start = token.left_edge.i
        while start < token.i and self.doc[start].dep_ in ("det", "punct", "cc", "prep"):
            start += 1
        end = token.i + 1
        named = token if token.i in self.label_at else self.named_apposition(token)
        if named is not None:
            _, _, name_end = self.label_at[named.i]
            while end < len(self.doc) and self.doc[end].idx < name_end:
                end += 1
        return self.span(start, end)


def first_child(token: Token | None, deps: frozenset[str]) -> Token | None:
    if token is None:
        return None
    return next((c for c in token.children if c.dep_ in deps), None)
