"""The packaged sentence encoders: a paraphrase is closer than an unrelated sentence."""

import numpy as np
import pytest

from newsprism.embed import load_encoder

RETOOK = "Islamic State fighters retook the city of Palmyra on Sunday."
PARAPHRASE = "IS militants recaptured Palmyra, the ancient desert city, at the weekend."
UNRELATED = "The stock market fell sharply in Tokyo."


@pytest.mark.parametrize("name", ["minilm", "static"])
def test_paraphrase_is_closer_than_unrelated_sentence(name: str) -> None:
    vectors = load_encoder(name).encode([RETOOK, PARAPHRASE, UNRELATED])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    similar, unrelated = vectors[0] @ vectors[1], vectors[0] @ vectors[2]
    assert similar > unrelated + 0.2


def test_empty_input_gives_empty_matrix() -> None:
    assert load_encoder("minilm").encode([]).shape == (0, 384)
