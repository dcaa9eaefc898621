"""`newsprism watch`: follow feeds and pages as they publish, and say what changed in each story.

- `sources` reads the sources file (URLs or OPML) and normalises URLs (courlan);
- `safety` refuses non-http(s) URLs and private, loopback and link-local addresses;
- `fetch` makes one bounded GET (timeouts, size cap, bounded redirects, text types only);
- `politeness` honours robots.txt (protego) and its Crawl-delay, per-origin delays, back-off;
- `pages` reads a feed's entries and an article page's article;
- `run` makes a pass (poll, fetch, analyse with `newsprism.api`, alert) and the loop of passes;
- `alerts` computes alerts as the difference between a story's stored analysis and the new one;
- `deliver` posts alerts to a webhook and mails a digest; `commands` is the CLI's part.

State lives in the store (`newsprism.store.watch_records`).
"""

from newsprism.watch.config import WatchSettings, load_watch_settings
from newsprism.watch.run import PassReport, run_pass

__all__ = ["PassReport", "WatchSettings", "load_watch_settings", "run_pass"]
