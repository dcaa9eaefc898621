"""A story's dated timeline: its statements anchored to the dates they are about, with sources.

`build_timeline(story, by_id, facts, max_dates, sentences_per_date)` returns the story's
`TimelineEntry`s in date order, each sentence citing every source span. Inside: `build` (the
front: every dated entry, or a summarised timeline when `max_dates` is given), `anchors`
(sentences anchored to the calendar dates they state outside quotation, merged across
articles), `dates` (the learned date ranker, weights in `data/timeline_dates.json`),
`date_features` (what the coverage says about each day) and `day_summaries` (the days that
matter most, each summarised by its most central sentences).
"""

from newsprism.analyse.timeline.build import build_timeline

__all__ = ["build_timeline"]
