"""The Spark job's pieces that need no Spark: a manifest, a WARC fetched over HTTP by its
task, exact duplicates dropped, and the components of a candidate graph."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from spark_corpus import STORIES, write_crawl

from newsprism.model import Article, InputProblem
from newsprism.settings import Settings
from newsprism.spark.components import union_find
from newsprism.spark.inputs import distinct_articles, input_files, manifest_paths, read_one_file


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[str]:
    """A local web server over tmp_path (the crawl in it); its base URL."""
    write_crawl(tmp_path)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_a_manifest_lists_paths_and_urls(tmp_path: Path) -> None:
    manifest = tmp_path / "warc.paths"
    manifest.write_text("# CC-NEWS, one day\na.warc.gz\n\nhttps://x.example/b.warc.gz\n")
    assert manifest_paths(manifest) == ["a.warc.gz", "https://x.example/b.warc.gz"]
    files, problems = input_files(["https://x.example/b.warc.gz", str(tmp_path / "gone.warc")])
    assert files == ["https://x.example/b.warc.gz"]
    assert [p.reason for p in problems] == ["no such file or directory"]


def test_a_warc_url_is_fetched_by_its_task(served: str) -> None:
    items = list(read_one_file(3, f"{served}/news.warc.gz", Settings()))
    articles = [item for _, _, item in items if isinstance(item, Article)]
    assert len(articles) == 2 + len(STORIES)
    assert all(a.source_path == f"{served}/news.warc.gz" for a in articles)
    assert {number for number, _, _ in items} == {3}
    [(_, _, missing)] = read_one_file(4, f"{served}/gone.warc.gz", Settings())
    assert isinstance(missing, InputProblem) and "404" in missing.reason


def test_the_first_read_of_an_article_is_kept() -> None:
    first = Article(id="a1", title="One", text="The same words.")
    again = Article(id="a1", title="One again", text="The same words.")
    other = Article(id="a1", title="Other", text="Other words.")
    kept = distinct_articles([(2, 0, again), (1, 5, first), (3, 0, other)])
    assert [item.title for _, _, item in kept if isinstance(item, Article)] == ["One", "Other"]
    [(_, _, note)] = [k for k in kept if isinstance(k[2], InputProblem)]
    assert note.kept and "is another article's" in note.reason


def test_components_are_the_smallest_id_of_each_connected_group() -> None:
    labels = union_find(["a", "b", "c", "d", "e"], [("b", "c"), ("d", "c")])
    assert labels == {"a": "a", "b": "b", "c": "b", "d": "b", "e": "e"}
