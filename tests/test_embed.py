"""The packaged sentence encoders: a paraphrase is closer than an unrelated sentence."""

import os

import numpy as np
import pytest

from newsprism.embed import THREADS_VARIABLE, MiniLM, encoder_threads, load_encoder

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


def test_the_encoder_runs_on_the_threads_asked_for_and_on_two_cores_at_most(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(THREADS_VARIABLE, "1")
    assert encoder_threads() == 1  # as the Spark job asks of its workers
    monkeypatch.setenv(THREADS_VARIABLE, "not a number")
    assert encoder_threads() == min(2, len(os.sched_getaffinity(0)))
    monkeypatch.delenv(THREADS_VARIABLE)
    assert encoder_threads() == min(2, len(os.sched_getaffinity(0)))


def test_two_threads_give_the_very_vectors_of_one() -> None:
    texts = [
        "Islamic State fighters retook the ancient city of Palmyra on Sunday.",
        "IS recaptured Palmyra despite dozens of Russian air strikes, a monitor said.",
        "The Syrian army had driven the jihadists out of the town in March.",
    ] * 3
    assert np.array_equal(MiniLM(threads=1).encode(texts), MiniLM(threads=2).encode(texts))
