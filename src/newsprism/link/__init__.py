"""The link stage: what joins articles. Stories (`stories`, `similarity`, `linkage`,
`duplicates`, `arrivals` for incremental runs) and their families (`families`); entities across
articles (`entities`, `names`, `name_joins`, `attach`); statements aligned into facts
(`align`, `pairs`, `paraphrase`, `context`, `date_ranges`, `events`). Nothing is exported here.
"""
