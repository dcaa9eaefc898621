"""Conflicts inside a story: the same slot given different values, across articles or in one.

`find_conflicts(story_id, sentences, facts)` returns the story's conflict `Finding`s, each
slot (`date`, `duration`, `number`, `revised`, `outdated`, `negation`, `denial`, `actor`,
`claim_vs_outcome`) with the statements of each side. Inside: `find` (the front, with the
date, duration and claim-against-outcome rules), `aligned` (statements aligned as one fact
that differ in negation, denial or actor), `predicates` (what a sentence says happened, read
off its words), `figures` (the figures a story reports for one quantity), `numbers`
(incompatible figures at the same time) and `revisions` (figures revised over time, and
reports left behind).
"""

from newsprism.analyse.conflicts.find import find_conflicts

__all__ = ["find_conflicts"]
