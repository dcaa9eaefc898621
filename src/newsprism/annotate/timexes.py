"""PLACEHOLDER — being replaced by the time engineer."""
from datetime import date
from spacy.tokens import Doc
from newsprism.model import TimeRef
def find_times(doc: Doc, article_id: str, published: date | None) -> list[TimeRef]:
    return []
