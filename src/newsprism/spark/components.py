"""Connected components of the candidate graph.

GraphFrames (the usual Spark graph library) is not on PyPI. A graph of up to
`DRIVER_ARTICLES` articles (a few million edges) is collected and joined by
union-find on the driver, one Spark job; a larger one is computed by iterated
minimum-label propagation over Spark DataFrames: every article starts labelled with its own
id, and each round takes the smallest label among itself and its neighbours, until no label
changes (as many rounds as the longest shortest path in a component; each round's result is
checkpointed locally so the plan stays short).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

DRIVER_ARTICLES = 500_000
MAX_ROUNDS = 200


def union_find(ids: Iterable[str], edges: Iterable[tuple[str, str]]) -> dict[str, str]:
    """id -> the smallest id of its component."""
    parent = {i: i for i in ids}

    def root(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {i: root(i) for i in parent}


def component_labels(spark: Any, ids: list[str], edges: Any) -> dict[str, str] | Any:
    """id -> component for the articles `ids` and the RDD of `edges` (a, b): a dict made on
    the driver when the graph is small enough, else an RDD of (id, component)."""
    if len(ids) <= DRIVER_ARTICLES:
        return union_find(ids, edges.collect())
    vertices = spark.createDataFrame([(i,) for i in ids], "id string")
    frame = propagated_labels(vertices, spark.createDataFrame(edges, "a string, b string"))
    return frame.rdd.map(lambda row: (row["id"], row["component"]))


def propagated_labels(vertices: Any, edges: Any) -> Any:
    """DataFrame (id, component) by minimum-label propagation over Spark DataFrames."""
    from pyspark.sql import functions as F

    both = edges.select(F.col("a").alias("src"), F.col("b").alias("dst")).union(
        edges.select(F.col("b").alias("src"), F.col("a").alias("dst"))
    )
    both = both.localCheckpoint()
    labels = vertices.select("id", F.col("id").alias("component")).localCheckpoint()
    for _ in range(MAX_ROUNDS):
        offered = both.join(labels, both.src == labels.id).select(
            F.col("dst").alias("id"), F.col("component")
        )
        updated = (
            labels.union(offered)
            .groupBy("id")
            .agg(F.min("component").alias("component"))
            .localCheckpoint()
        )
        changed = (
            updated.alias("new")
            .join(labels.alias("old"), "id")
            .where(F.col("new.component") != F.col("old.component"))
            .count()
        )
        labels = updated
        if changed == 0:
            break
    return labels
