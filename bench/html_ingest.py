"""Score the HTML reader on saved news pages: python bench/html_ingest.py DATA_DIR

DATA_DIR holds pages and `expectations.json` ({file: {url, with: [...], without: [...]}}, the
format of trafilatura's evaluation set, e.g. ../shared/data/html-news). A page passes when its
extracted text contains every `with` snippet and no `without` snippet (whitespace collapsed on
both sides). Snippet counts give precision / recall / F1 as trafilatura's evaluation does:
a found `with` is a true positive, a missing one a false negative, a present `without` a false
positive. Baseline, in the same run: the page's whole text, `lxml.html.fromstring(html)
.text_content()`, with no boilerplate removal.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

import lxml.html

from newsprism.ingest import read_inputs
from newsprism.model import Article


@dataclass(frozen=True)
class PageScore:
    found: int  # `with` snippets present
    missing: int  # `with` snippets absent
    leaked: int  # `without` snippets present
    excluded: int  # `without` snippets absent

    @property
    def passed(self) -> bool:
        return self.missing == 0 and self.leaked == 0


def collapse_spaces(text: str) -> str:
    return " ".join(text.split())


def score_page(text: str, expected: dict[str, list[str]]) -> PageScore:
    flat = collapse_spaces(text)
    found = sum(collapse_spaces(snippet) in flat for snippet in expected["with"])
    leaked = sum(collapse_spaces(snippet) in flat for snippet in expected["without"])
    return PageScore(
        found, len(expected["with"]) - found, leaked, len(expected["without"]) - leaked
    )


def read_article(path: Path) -> Article | None:
    """The newsprism HTML reader's article for the page, or None (the problem is printed)."""
    for result in read_inputs([path]):
        if isinstance(result, Article):
            return result
        print(f"  problem: {result}")
    return None


def whole_page_text(path: Path) -> str:
    return str(lxml.html.fromstring(path.read_bytes()).text_content())


def summarise(name: str, scores: list[PageScore]) -> None:
    found = sum(score.found for score in scores)
    missing = sum(score.missing for score in scores)
    leaked = sum(score.leaked for score in scores)
    excluded = sum(score.excluded for score in scores)
    precision = found / (found + leaked) if found + leaked else 0.0
    recall = found / (found + missing) if found + missing else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    passed = sum(score.passed for score in scores)
    print(
        f"{name:<28} pages passed {passed}/{len(scores)}  "
        f"with found {found}/{found + missing}  without kept out {excluded}/{excluded + leaked}  "
        f"P {precision:.3f} R {recall:.3f} F1 {f1:.3f}"
    )


def run(data_dir: Path) -> None:
    expectations: dict[str, dict] = json.loads(
        (data_dir / "expectations.json").read_text(encoding="utf-8")
    )
    reader_scores: list[PageScore] = []
    baseline_scores: list[PageScore] = []
    urls_matched = dated = 0
    for file_name, expected in sorted(expectations.items()):
        path = data_dir / file_name
        article = read_article(path)
        score = score_page(article.text if article else "", expected)
        baseline = score_page(whole_page_text(path), expected)
        reader_scores.append(score)
        baseline_scores.append(baseline)
        status = "PASS" if score.passed else "FAIL"
        print(
            f"{status} {file_name}  with {score.found}/{score.found + score.missing}"
            f"  without-leaked {score.leaked}  (baseline {'PASS' if baseline.passed else 'FAIL'})"
        )
        if article is not None:
            urls_matched += article.url == expected.get("url")
            dated += article.published is not None
            print(f"     title: {article.title!r}")
            print(f"     date: {article.published}  outlet: {article.outlet!r}  url: {article.url}")
    print()
    summarise("newsprism HTML reader", reader_scores)
    summarise("baseline text_content()", baseline_scores)
    pages = len(expectations)
    print(
        f"newsprism: pages with a date {dated}/{pages},"
        f" url equal to the expected {urls_matched}/{pages}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Score the HTML reader on saved news pages.")
    parser.add_argument("data_dir", type=Path, help="folder with the pages and expectations.json")
    run(parser.parse_args(argv).data_dir)


if __name__ == "__main__":
    main()
