"""Machine-checkable expectations about a story's findings, in the form of the example's
gold.json ("checks"): a finding matches a check when, for every side of the check, a distinct
statement of the finding comes from that side's article and holds one of that side's phrases.
Articles are named by the first three characters of their file name ("000", "002").
Evaluation code, kept with the benches: bench/compare.py scores the example with it and
tests/test_compare.py checks the example's gold findings (both put bench/ on the path)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from newsprism.model import AnnotatedArticle, Finding


def article_prefixes(annotated: Sequence[AnnotatedArticle]) -> dict[str, str]:
    """Article id -> the first three characters of the article's file name."""
    return {a.article.id: (a.article.source_path or "").rsplit("/", 1)[-1][:3] for a in annotated}


def matches_check(finding: Finding, check: Mapping, prefixes: Mapping[str, str]) -> bool:
    """Every side of the check has its own statement in the finding: from the side's article
    and holding one of its phrases (distinct statements for distinct sides)."""
    used: set[int] = set()
    for side in check["sides"]:
        hit = next(
            (
                k
                for k, s in enumerate(finding.statements)
                if k not in used
                and prefixes.get(s.article_id) == side["article"]
                and any(phrase in s.text for phrase in side["any"])
            ),
            None,
        )
        if hit is None:
            return False
        used.add(hit)
    return True


def checks_found(
    findings: Sequence[Finding], checks: Sequence[Mapping], prefixes: Mapping[str, str]
) -> list[str]:
    """The `what` of each check some finding matches."""
    return [c["what"] for c in checks if any(matches_check(f, c, prefixes) for f in findings)]
