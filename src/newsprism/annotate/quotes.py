"""PLACEHOLDER — being replaced by the quotes engineer."""
from spacy.tokens import Doc
from newsprism.model import Quote
def find_quotes(doc: Doc, article_id: str) -> list[Quote]:
    return []
