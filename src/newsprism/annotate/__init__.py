"""The annotate stage: one spaCy parse per article, then every extractor on the parsed `Doc`.

`pipeline.annotate_articles` / `annotate_each` turn `Article`s into `AnnotatedArticle`s
(sentences, mentions, quotes, claims, times, quantities); `nlp` loads the pipeline once and
names the annotator version the store caches annotations by. Parts: `time/` (time
expressions), `attribution/` (who said what), and the modules `sentences`, `mentions`,
`quantities`, `claims`, `hedges` and `lexicon`. Nothing is exported here.
"""
