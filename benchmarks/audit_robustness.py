"""Re-run issue #17's robustness audit and print its table (run by hand, never in the tests).

    python benchmarks/audit_robustness.py [--only tracebacks,batches,dumps,edits,wiki]
                                          [--files 1000] [--runs 20] [--keep DIR]

Every input is generated in a temporary directory by this script (no corpus text), and every
command is the real ``wikibox`` of this venv run in a new process, so a traceback is counted as a
user would see it: ``Traceback (most recent call last)`` on stderr, or an exit status other than
0, 1 or 2.  The parts, one row each:

* **tracebacks**: the bad inputs the issue lists (outputs that cannot be written, hostile specs,
  configs, profiles and templates, CR-only pages, SARIF URIs) and a few more (audit_probes.py);
* **batches**: FILES pages with one non-UTF-8 file among them: ``check`` (text, json, sarif) and
  ``fix`` must give the other pages what they give them alone;
* **damaged dumps**: ~60 damaged copies of a dump, scanned 4 ways each (audit_dumps.py);
* **edits lost**: ``fix`` and ``set`` started on one file at once, RUNS times;
* **hostile values on the wiki**: tests/test_render_on_wiki.py, which saves rendered hostile
  values on the real MediaWiki the test suite starts, and prints how many changed the page.

"other" counts what is none of the named columns: an error that is not one line naming the
file, a hang, invalid JSON, a damaged page not counted, a CR-only page's findings on the wrong
line, a bad SARIF URI, a hostile value that changed the page.  The details follow the table.
Runs at nice 10 (the machine may be shared); takes a few minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from audit_common import CITE_DATES, Cli, Result, Row, page_text, wikibox_path
from audit_dumps import audit_dumps
from audit_probes import audit_tracebacks

REPO = Path(__file__).resolve().parent.parent
TEXT_FINDING = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<column>\d+): \w+ (?P<rule>[\w-]+) "
)


def _text_findings(out: str) -> Counter:
    found = Counter()
    for line in out.splitlines():
        match = TEXT_FINDING.match(line)
        if match:
            found[(Path(match["path"]).name, match["line"], match["column"], match["rule"])] += 1
    return found


def _batch_findings(result: Result, fmt: str) -> Counter:
    """(file name, line, column, rule) of every finding; ValueError if the output is invalid."""
    if fmt == "text":
        return _text_findings(result.stdout)
    document = json.loads(result.stdout)
    found = Counter()
    if fmt == "json":
        for file in document["files"]:
            for f in file["findings"]:
                found[(Path(file["path"]).name, str(f["line"]), str(f["column"]), f["rule"])] += 1
        return found
    for r in document["runs"][0]["results"]:
        location = r["locations"][0]["physicalLocation"]
        name = Path(urllib.parse.unquote(location["artifactLocation"]["uri"])).name
        region = location["region"]
        found[(name, str(region["startLine"]), str(region["startColumn"]), r["ruleId"])] += 1
    return found


def audit_batches(cli: Cli, tmp: Path, files: int) -> Row:
    row = Row(f"batches ({files} files, one not UTF-8)")
    every, alone = tmp / "batch" / "all", tmp / "batch" / "alone"
    every.mkdir(parents=True)
    alone.mkdir()
    bad = files // 2
    for n in range(files):
        text = page_text(n).encode("utf-8")
        if n == bad:
            text = text[:40] + b"\xff" + text[40:]
        else:
            (alone / f"p{n:04}.wiki").write_bytes(text)
        (every / f"p{n:04}.wiki").write_bytes(text)
    bad_name = f"p{bad:04}.wiki"
    for fmt in ("text", "json", "sarif"):
        mixed = cli.run("check", "--format", fmt, *sorted(every.iterdir()), timeout=900)
        clean = cli.run("check", "--format", fmt, *sorted(alone.iterdir()), timeout=900)
        row.expect(f"check --format {fmt}, the {files - 1} alone", clean, (1,))
        if not row.expect(f"check --format {fmt}, all {files}", mixed, (2,), names=bad_name):
            continue
        try:
            wanted, got = _batch_findings(clean, fmt), _batch_findings(mixed, fmt)
        except (ValueError, KeyError, IndexError) as exc:
            row.other += 1
            row.notes.append(f"invalid {fmt} output: {exc}")
            continue
        lost = sum((wanted - got).values())
        row.findings_lost += lost
        counts = f"{sum(got.values())} findings, alone {sum(wanted.values())}"
        row.notes.append(f"check --format {fmt}: {counts}")
    for folder in (every, alone):
        shutil.copytree(folder, folder.with_name(folder.name + "-fixed"))
    mixed = cli.run("fix", *sorted(every.with_name("all-fixed").iterdir()), timeout=900)
    clean = cli.run("fix", *sorted(alone.with_name("alone-fixed").iterdir()), timeout=900)
    row.expect(f"fix, the {files - 1} alone", clean, (0,))
    row.expect(f"fix, all {files}", mixed, (2,), names=bad_name)
    differ = [
        page.name
        for page in sorted(alone.with_name("alone-fixed").iterdir())
        if page.read_bytes() != every.with_name("all-fixed").joinpath(page.name).read_bytes()
    ]
    fixed = sum(
        page.read_bytes() != alone.joinpath(page.name).read_bytes()
        for page in alone.with_name("alone-fixed").iterdir()
    )
    row.edits_lost += len(differ)
    row.notes.append(
        f"fix: {fixed} of {files - 1} files fixed alone, {len(differ)} otherwise in the batch"
    )
    return row


def audit_edits(cli: Cli, tmp: Path, runs: int) -> Row:
    """``fix`` and ``set`` on one file at once: an edit reported as made must be in the file
    (a conflict reported as an error is fine: nothing was claimed)."""
    row = Row(f"edits lost (fix and set at once, {runs} runs)")
    folder = tmp / "edits"
    folder.mkdir()
    text = page_text(7, citations=8)
    unpadded = sum(text.count(f"|date={date} ") for date in CITE_DATES)
    outcomes = Counter()
    for run in range(runs):
        page = folder / f"Race{run}.wiki"
        page.write_text(text, encoding="utf-8")
        setter = cli.start("set", page, "infobox.venue", f"Hall {run}")
        time.sleep(0.01 * (run % 10))  # vary who reads first
        fixer = cli.start("fix", page)
        results = {}
        for name, process in (("set", setter), ("fix", fixer)):
            out, err = process.communicate(timeout=300)
            results[name] = Result(process.returncode, out.decode(), err.decode())
            row.expect(f"{name} in race {run}", results[name], (0, 2))
        final = page.read_text(encoding="utf-8")
        left = sum(final.count(f"|date={date} ") for date in CITE_DATES)
        if results["fix"].code == 0 and left:
            row.edits_lost += left
            row.notes.append(f"race {run}: fix said done, {left} of {unpadded} dates not fixed")
        if results["set"].code == 0 and f"Hall {run}" not in final:
            row.edits_lost += 1
            row.notes.append(f"race {run}: set said done, the venue is not in the file")
        outcomes[(results["fix"].code, results["set"].code)] += 1
    shown = ", ".join(f"fix {f}/set {s}: {n}" for (f, s), n in sorted(outcomes.items()))
    row.notes.append(f"exit statuses (fix/set): {shown}; {unpadded} fixable dates a page")
    return row


def audit_wiki() -> Row:
    row = Row("hostile render values on the real wiki")
    pytest = Path(sys.executable).parent / "pytest"
    done = subprocess.run(
        [str(pytest), "-q", "-s", "-p", "no:cacheprovider", "tests/test_render_on_wiki.py"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    count = re.search(r"(\d+) of (\d+) hostile values changed the page", done.stdout)
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-200:]
    if count:
        row.inputs, row.other = int(count[2]), int(count[1])
        row.notes.append(f"{count[0]} (each value in 8 spec fields; pytest: {summary})")
    else:
        row.other += 1
        row.notes.append(f"no count printed; pytest: {summary}")
    return row


def print_table(rows: list[Row]) -> None:
    headers = ["category", "inputs", "tracebacks", "findings lost", "edits lost"]
    headers += ["wrong exit", "other"]
    cells = [
        [r.category, r.inputs, r.tracebacks, r.findings_lost, r.edits_lost, r.wrong_exit, r.other]
        for r in rows
    ]
    totals = ["total", *(sum(c[i] for c in cells) for i in range(1, len(headers)))]
    table = [headers, *cells, totals]
    widths = [max(len(str(line[i])) for line in table) for i in range(len(headers))]
    for number, line in enumerate(table):
        numbers = [str(v).rjust(w) for v, w in zip(line[1:], widths[1:], strict=True)]
        print("  ".join([str(line[0]).ljust(widths[0]), *numbers]))
        if number in (0, len(table) - 2):
            print("  ".join("-" * w for w in widths))
    for row in rows:
        if row.notes:
            print(f"\n{row.category}:")
            for note in row.notes:
                print(f"  {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="tracebacks,batches,dumps,edits,wiki")
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="Keep the generated inputs in this directory.")
    args = parser.parse_args()
    os.nice(10)
    cli = Cli(wikibox_path())
    parts = set(args.only.split(","))
    with tempfile.TemporaryDirectory(prefix="wikibox-audit-") as scratch:
        tmp = args.keep or Path(scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        rows = []
        if "tracebacks" in parts:
            rows.append(audit_tracebacks(cli, tmp))
        if "batches" in parts:
            rows.append(audit_batches(cli, tmp, args.files))
        if "dumps" in parts:
            rows.append(audit_dumps(cli, tmp))
        if "edits" in parts:
            rows.append(audit_edits(cli, tmp, args.runs))
        if "wiki" in parts:
            rows.append(audit_wiki())
    print(f"wikibox audit ({cli.program}), {time.monotonic() - started:.0f} s\n")
    print_table(rows)


if __name__ == "__main__":
    main()
