"""PLACEHOLDER — being written."""
from spacy.tokens import Doc
from newsprism.model import Quantity
def find_quantities(doc: Doc, article_id: str) -> list[Quantity]:
    return []
