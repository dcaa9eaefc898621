"""Why an article is in its story: reasons read off the linkage's numbers, in the export and
on the story page."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from newsprism.link.reasons import feature_names, story_memberships
from newsprism.link.similarity import tfidf_matrix
from newsprism.model import Analysis
from newsprism.present.export import analysis_to_json
from newsprism.present.report import render_html


def test_each_member_names_its_nearest_and_what_it_shares(example_analysis: Analysis):
    story = example_analysis.stories[0]
    assert len(story.article_ids) == 2
    first, second = story.article_ids
    exported = analysis_to_json(example_analysis)["memberships"]
    by_article = {m["article"]: m for m in exported}
    assert set(by_article) == {first, second}
    assert by_article[first]["nearest"] == second and by_article[second]["nearest"] == first
    assert 0 < by_article[first]["similarity"] == by_article[second]["similarity"] <= 1
    for membership in exported:
        kinds = [r["kind"] for r in membership["reasons"]]
        assert kinds == sorted(kinds, key=["copy", "sentences", "names", "dates", "words"].index)
        names = [r["text"] for r in membership["reasons"] if r["kind"] == "names"]
        assert "Palmyra" in names
        other = second if membership["article"] == first else first
        assert all(r["articles"] == [other] for r in membership["reasons"])


def test_shared_sentences_are_the_articles_own_words_from_one_fact(example_analysis):
    texts = {a.article.id: a.article.text for a in example_analysis.articles}
    fact_sentences = {(s.article_id, s.text) for f in example_analysis.facts for s in f.statements}
    for membership in example_analysis.memberships:
        sentences = [r for r in membership.reasons if r.kind == "sentences"]
        assert sentences, membership.article_id
        for reason in sentences:
            own = {t for a, t in fact_sentences if a == membership.article_id}
            assert " ".join(reason.text.split()) in {" ".join(t.split()) for t in own}
            assert reason.text.split()[0] in texts[membership.article_id]


def test_shared_words_are_the_largest_terms_of_the_cosine(example_analysis):
    members = list(example_analysis.articles)
    vectors = tfidf_matrix(members)
    names = feature_names(members)
    assert len(names) == vectors.shape[1]
    products = vectors[0].multiply(vectors[1]).toarray().ravel()
    top = [names[k] for k in np.argsort(-products, kind="stable")[:5]]
    words = next(r for r in example_analysis.memberships[0].reasons if r.kind == "words")
    assert words.text.split(", ") == top
    assert words.weight == round(products[np.argsort(-products)[:5]].sum() / products.sum(), 4)


def test_a_near_duplicate_says_it_is_a_copy(example_analysis):
    story = example_analysis.stories[0]
    first, second = story.article_ids
    copied = replace(story, duplicates=((second, first),))
    members = list(example_analysis.articles)
    reasons = {m.article_id: m.reasons for m in story_memberships(copied, members)}
    assert reasons[second][0].kind == "copy" and reasons[second][0].articles == (first,)
    assert reasons[first][0].kind == "copy" and reasons[first][0].articles == (second,)


def test_a_lone_article_has_no_membership(example_analysis):
    story = replace(
        example_analysis.stories[0], article_ids=example_analysis.stories[0].article_ids[:1]
    )
    assert story_memberships(story, list(example_analysis.articles[:1])) == ()


def test_the_story_page_shows_why_each_article_is_here(example_analysis):
    page = render_html(example_analysis)
    assert page.count('<details class="why"><summary>Why this article is here</summary>') == 2
    assert "Names Palmyra, as the other article does" in page
    assert "of its similarity) with" in page
