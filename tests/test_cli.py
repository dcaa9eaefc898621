"""The `newsprism analyze` command as a user runs it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from newsprism.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "palmyra-2016"


def test_analyze_writes_json_and_report_and_names_a_bad_input(tmp_path, capsys):
    inputs = tmp_path / "inputs"
    shutil.copytree(EXAMPLE, inputs)
    (inputs / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    db, export, report = tmp_path / "news.db", tmp_path / "a.json", tmp_path / "r.html"
    status = main(
        [
            "analyze",
            str(inputs),
            "--db",
            str(db),
            "--json",
            str(export),
            "--report",
            str(report),
            "--quiet",
        ]
    )
    assert status == 0
    err = capsys.readouterr().err
    assert "broken.txt" in err and len([line for line in err.splitlines() if "broken" in line]) == 1
    data = json.loads(export.read_text(encoding="utf-8"))
    assert data["schema"] == "newsprism/1" and len(data["articles"]) == 2
    assert "<html" in report.read_text(encoding="utf-8").lower()
    # Running again on the same folder stores nothing twice.
    assert main(["analyze", str(inputs), "--db", str(db), "--quiet"]) == 0
    again = main(["analyze", str(inputs), "--db", str(db), "--json", str(export), "--quiet"])
    assert again == 0 and len(json.loads(export.read_text("utf-8"))["articles"]) == 2


def test_nothing_readable_exits_non_zero(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert main(["analyze", str(empty), "--db", str(tmp_path / "n.db"), "--quiet"]) == 1
    assert "empty.txt" in capsys.readouterr().err


def test_markdown_report_by_extension(tmp_path):
    report = tmp_path / "r.md"
    args = ["analyze", str(EXAMPLE), "--db", ":memory:", "--report", str(report), "--quiet"]
    assert main(args) == 0
    assert report.read_text(encoding="utf-8").startswith("# newsprism report")
