"""The present stage: an `Analysis` for people and programs. `export` writes the JSON export
(the contract, docs/schema.md), `report/` the Markdown and HTML reports, `web/` the local web
UI (`newsprism serve`). Nothing is exported here.
"""
