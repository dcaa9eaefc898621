"""The analyse stage: per story, what the linked articles say together. Publication dates
(`pubdate`), the comparison (`compare`, with `statements`, `descriptions`, `one_sided`,
`coverage` and the `conflicts/` package), the dated timeline (`timeline/`) and the cited
summary (`summary/`). Nothing is exported here.
"""
