"""The optional abstractive summary: a language model rewrites, newsprism checks every sentence.

Off by default (`summary_mode = "extractive"`). In `"abstractive"` mode the extractive
summary is first made with a larger budget; its sentences, numbered, are the only evidence the
model sees, and it must end every sentence it writes with the numbers it rests on ("[2][5]").
Each generated sentence then cites the spans of those evidence sentences (their own spans and
their corroborating Fact statements) and is kept only if they support it (`support`);
sentences with no valid citation, unsupported ones and those past the word budget are dropped.
If the endpoint cannot be reached or nothing survives, the extractive summary is returned and
a warning logged, so a run never fails on the model. The HTTP call is plain `urllib` to an
OpenAI-compatible `POST {endpoint}/chat/completions`: no client library is needed for one
request, and any local server (llama.cpp, vLLM, Ollama) speaks it.
"""

from __future__ import annotations

import json
import logging
import os
import re
import urllib.error
import urllib.request
from collections.abc import Sequence

from newsprism.analyse.summary.extractive import Articles, summarise_story
from newsprism.analyse.summary.support import is_supported
from newsprism.errors import NewsprismError
from newsprism.model import CitedSentence, Fact, Span, Story, Summary
from newsprism.settings import Settings

LOG = logging.getLogger(__name__)
EVIDENCE_BUDGET_FACTOR = 3  # the model chooses from three times as many words as it may write
TIMEOUT_SECONDS = 120
ENDPOINT_VARIABLE = "NEWSPRISM_SUMMARY_ENDPOINT"
MODEL_VARIABLE = "NEWSPRISM_SUMMARY_MODEL"
API_KEY_VARIABLE = "NEWSPRISM_SUMMARY_API_KEY"  # sent as a bearer token; never in settings files
CITATION_GROUP = re.compile(r"\s*((?:\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\]\s*)+)([.!?]['\"\u201d]?)?")
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"\u201c])")
INSTRUCTIONS = (
    "You write a short, neutral news summary using only the numbered source sentences. "
    "Write at most {words} words in plain sentences. Do not add facts, numbers or names "
    "that the sources do not state, and keep who said what. End every sentence with the "
    "numbers of the source sentences that support it in square brackets, e.g. [2][5]."
)


def summarise_abstractively(
    story: Story, annotated: Articles, facts: Sequence[Fact], settings: Settings
) -> Summary:
    """A model-written summary of checked, cited sentences (extractive if none survive)."""
    endpoint = settings.summary_endpoint or os.environ.get(ENDPOINT_VARIABLE, "")
    model = settings.summary_model or os.environ.get(MODEL_VARIABLE, "")
    if not endpoint or not model:
        raise NewsprismError(
            f"summary_mode abstractive needs summary_endpoint and summary_model "
            f"(or ${ENDPOINT_VARIABLE} and ${MODEL_VARIABLE})"
        )
    words = settings.summary_words
    extractive = summarise_story(story, annotated, facts, words)
    evidence = summarise_story(story, annotated, facts, EVIDENCE_BUDGET_FACTOR * words).sentences
    if not evidence:
        return extractive
    try:
        reply = chat_completion(endpoint, model, prompt_messages(evidence, words))
    except (OSError, ValueError, KeyError, IndexError, TypeError) as error:
        LOG.warning("abstractive summary of %s failed (%s); kept extractive", story.id, error)
        return extractive
    checked = checked_sentences(reply, evidence, words)
    if not checked:
        LOG.warning("no generated sentence of %s was supported; kept the extractive one", story.id)
        return extractive
    return Summary(story_id=story.id, sentences=tuple(checked))


def evidence_text(sentence: CitedSentence) -> str:
    """The full source sentence an evidence item stands for, whitespace normalised."""
    return " ".join(sentence.sources[0].text.split())


def prompt_messages(evidence: Sequence[CitedSentence], max_words: int) -> list[dict[str, str]]:
    """Chat messages: the instructions, then the numbered evidence sentences."""
    numbered = "\n".join(f"[{n}] {evidence_text(s)}" for n, s in enumerate(evidence, start=1))
    return [
        {"role": "system", "content": INSTRUCTIONS.format(words=max_words)},
        {"role": "user", "content": f"Source sentences:\n{numbered}"},
    ]


def chat_completion(endpoint: str, model: str, messages: list[dict[str, str]]) -> str:
    """The reply text of one OpenAI-compatible chat completion (temperature 0)."""
    body = json.dumps({"model": model, "messages": messages, "temperature": 0}).encode()
    headers = {"Content-Type": "application/json"}
    if key := os.environ.get(API_KEY_VARIABLE):
        headers["Authorization"] = f"Bearer {key}"
    url = endpoint.rstrip("/") + "/chat/completions"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            payload = json.load(response)
    except urllib.error.URLError as error:
        raise OSError(f"{url}: {error}") from error
    return str(payload["choices"][0]["message"]["content"])


def split_cited(reply: str) -> list[tuple[str, tuple[int, ...]]]:
    """(sentence, cited evidence numbers) for each sentence of `reply`; sentences after the
    last citation group, which cite nothing, are left out."""
    cited, start = [], 0
    for match in CITATION_GROUP.finditer(reply):
        numbers = tuple(int(n) for n in re.findall(r"\d+", match.group(1)))
        segment = " ".join((reply[start : match.start()] + (match.group(2) or "")).split())
        start = match.end()
        cited += [(part, numbers) for part in SENTENCE_BREAK.split(segment) if part]
    return cited


def checked_sentences(
    reply: str, evidence: Sequence[CitedSentence], max_words: int
) -> list[CitedSentence]:
    """The reply's sentences that cite valid evidence, are supported by it and fit the budget,
    each citing the spans of the evidence it names."""
    kept: list[CitedSentence] = []
    used = 0
    for text, numbers in split_cited(reply):
        items = [evidence[n - 1] for n in dict.fromkeys(numbers) if 1 <= n <= len(evidence)]
        if not items or text[-1:] not in ".!\"'\u201d":
            continue
        spans = tuple(dict.fromkeys(span for item in items for span in item.sources))
        if not is_supported(text, (span_text(s) for s in spans)):
            LOG.info("dropped unsupported generated sentence: %s", text)
            continue
        if used + len(text.split()) > max_words:
            continue
        used += len(text.split())
        kept.append(CitedSentence(text, spans))
    return kept


def span_text(span: Span) -> str:
    """A cited span's words, whitespace normalised."""
    return " ".join(span.text.split())
