"""PLACEHOLDER — being written."""
from spacy.tokens import Doc
from newsprism.model import Mention
def find_mentions(doc: Doc, article_id: str) -> list[Mention]:
    return []
