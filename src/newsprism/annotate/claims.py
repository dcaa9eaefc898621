"""PLACEHOLDER — being replaced by the quotes engineer."""
from collections.abc import Sequence
from spacy.tokens import Doc
from newsprism.model import Claim, Quote
def find_claims(doc: Doc, article_id: str, quotes: Sequence[Quote]) -> list[Claim]:
    return []
