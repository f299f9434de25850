"""Agreement of wikibox's citation date verdicts with Module:Citation/CS1/Date validation.

Run by hand (never in tests)::

    .venv/bin/python benchmarks/cs1_date_agreement.py [--today 2026-12-03] [--show 20]

Collects the date values of every citation template in the enwiki articles of
``../shared/corpus`` and puts each into seven parameter setups (``|date=``, ``|year=``,
``|publication-date=``, ``|access-date=``, ``|archive-date=``, ``|doi-broken-date=``, and the
citation's own date parameters as written), plus hand-written edge cases.  Each setup goes
through both:

* the module: ``benchmarks/cs1_date_oracle.lua`` runs the real Date validation module of
  ``../shared/reference/cs1/enwiki`` with ``lua5.1`` (the main module's promotion of
  ``|year=`` / ``|publication-date=`` into an empty ``|date=`` included);
* wikibox: ``{{cite web}}`` with those parameters, checked by ``cite-date-invalid`` and
  ``cite-year-date-mismatch``.

A verdict is the set of parameters in err_bad_date (plus the year/date mismatch).  Prints the
agreement table per setup and the first disagreements.  Values holding templates, tags or
pipes are left out: the module sees them expanded, wikibox sees the markup.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import subprocess
from pathlib import Path

import mwparserfromhell

from wikibox.lint.checker import check_text
from wikibox.lint.config import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "articles"
MODULE_DIR = SHARED / "reference" / "cs1" / "enwiki"
ORACLE = Path(__file__).parent / "cs1_date_oracle.lua"
ENWIKI_DIRS = ("wtf_wikipedia", "enwiki_gensim", "enwiki_gensim_tables")
ALIASES = {
    "date": "date", "air-date": "date", "airdate": "date", "year": "year",
    "publication-date": "publication-date", "publicationdate": "publication-date",
    "access-date": "access-date", "accessdate": "access-date", "archive-date": "archive-date",
    "archivedate": "archive-date", "doi-broken-date": "doi-broken-date",
    "pmc-embargo-date": "pmc-embargo-date",
}  # fmt: skip
SINGLE_SETUPS = ("date", "year", "publication-date", "access-date", "archive-date",
                 "doi-broken-date")  # fmt: skip
RULES = ("cite-date-invalid", "cite-year-date-mismatch")

EDGE_VALUES = [
    "5-7 March 2021", "5–7 March 2021", "2020-21", "2020–21", "2003–05", "2020–2021",
    "29 February 1500", "29 February 1700", "29 February 2000", "29 February 2023",
    "1908–1952", "12\u00a0May 2020", "12&nbsp;May 2020", "0999", "999", "99", "2021a",
    "12 May 2021a", "c. 1900", "c. 1900a", "n.d.", "nd", "n.d.a", "Spring 2020",
    "Winter 2020–21", "Summer 2019–2020", "Spring–Summer 2020", "Spring–Spring 2020",
    "First Quarter 2020", "Christmas 2019", "March–April 2020", "March-April 2020",
    "Mar–April 2020", "April–March 2020", "March 2020 – April 2021", "1 March – 5 April 2020",
    "March 1 – April 5, 2020", "1 March 2020 – 5 April 2021", "May 5–7, 2021", "May 5-7, 2021",
    "2020-02-30", "2020-13-01", "1581-12-01", "1582-10-15", "2020-1-1", "01 May 2020",
    "May 01, 2020", "Sept 2020", "Sep 2020", "September 2020", "2027", "2028", "2026-12-04",
    "2026-12-05", "2027-12-31", "2028-01-01", "2001-01-14", "2001-01-15", "14 January 2001",
    "May 2020 – June 2020", "2020 – 2021", "2019-20", "1999–2000", "Autumn 2020", "Fall 2020",
    "05 May 2020", "5 may 2020", "5 May, 2020", "May 5 2020", "2020/2021", "c. 2020",
    "2020s", "Winter 2020–2021", "Winter 2019–21",
]  # fmt: skip


def corpus_citations() -> list[dict[str, str]]:
    """The date parameters of every citation template in the enwiki corpus articles."""
    found = []
    for directory in ENWIKI_DIRS:
        for path in sorted((CORPUS / directory).glob("*")):
            if path.suffix not in (".txt", ".wiki"):
                continue
            code = mwparserfromhell.parse(path.read_text(encoding="utf-8"))
            for template in code.filter_templates():
                name = str(template.name).strip().casefold()
                if not (name.startswith("cite ") or name == "citation"):
                    continue
                dates = {}
                for param in template.params:
                    key = str(param.name).strip()
                    value = str(param.value).strip()
                    if key in ALIASES and value and usable(value):
                        dates.setdefault(ALIASES[key], (key, value))
                if dates:
                    found.append(dict(dates.values()))
    return found


def usable(value: str) -> bool:
    return not any(mark in value for mark in ("{{", "}}", "|", "<", "[[", "\n", "\t", "="))


def lua_verdicts(cases: list[dict[str, str]], today: datetime.date) -> list[str]:
    lines = []
    for case in cases:
        lines.append("\t".join(f"{ALIASES[k]}={v}" for k, v in case.items()))
    result = subprocess.run(
        ["lua5.1", str(ORACLE), str(MODULE_DIR), today.isoformat()],
        input="\n".join(lines) + "\n", capture_output=True, text=True, check=True,
    )  # fmt: skip
    out = result.stdout.split("\n")[: len(cases)]
    return out


def wikibox_verdict(case: dict[str, str], today: datetime.date) -> str:
    params = "".join(f" |{k}={v}" for k, v in case.items())
    text = f"{{{{cite web |url=https://example.org/ |title=T{params}}}}}"
    settings = Settings(wiki="enwiki", today=today, select=RULES)
    names = []
    for finding in check_text(text, settings=settings):
        if finding.rule == "cite-year-date-mismatch":
            names.append("MISMATCH")
        else:
            names.append(ALIASES.get(finding.data.get("param", ""), finding.data.get("param")))
    return "|".join(sorted(names))


def lua_names(verdict: str) -> str:
    return "|".join(sorted(ALIASES.get(n, n) for n in verdict.split("|") if n))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", default=datetime.date.today().isoformat())
    parser.add_argument("--show", type=int, default=20)
    args = parser.parse_args()
    if not CORPUS.is_dir() or not MODULE_DIR.is_dir():
        raise SystemExit(f"needs {CORPUS} and {MODULE_DIR}")
    today = datetime.date.fromisoformat(args.today)
    citations = corpus_citations()
    values = sorted({v for c in citations for v in c.values()} | set(EDGE_VALUES))
    setups: list[tuple[str, dict[str, str]]] = []
    for setup in SINGLE_SETUPS:
        setups += [(f"|{setup}=", {setup: value}) for value in values]
    setups += [("as written", dict(c)) for c in {tuple(sorted(c.items())) for c in citations}]
    lua = lua_verdicts([case for _, case in setups], today)
    table: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    disagreements = []
    for (setup, case), module in zip(setups, lua, strict=True):
        ours = wikibox_verdict(case, today)
        agree = lua_names(module) == ours
        table[setup]["agree" if agree else "disagree"] += 1
        table[setup]["module errors"] += bool(module)
        if not agree:
            disagreements.append((setup, case, module, ours))
    print(f"{len(citations)} citations with dates, {len(values)} distinct values, today {today}")
    print(f"{'setup':22} {'cases':>7} {'errors':>7} {'agree':>7} {'%':>7}")
    total = collections.Counter()
    for setup, counts in table.items():
        n = counts["agree"] + counts["disagree"]
        total.update(counts)
        errors, agree = counts["module errors"], counts["agree"]
        print(f"{setup:22} {n:7} {errors:7} {agree:7} {100 * agree / n:7.2f}")
    n = total["agree"] + total["disagree"]
    errors, agree = total["module errors"], total["agree"]
    print(f"{'all':22} {n:7} {errors:7} {agree:7} {100 * agree / n:7.2f}")
    print("errors: cases where the module reports a date error (or a year/date mismatch)")
    for setup, case, module, ours in disagreements[: args.show]:
        print(f"  {setup}: {case!r}: module [{module}] wikibox [{ours}]")


if __name__ == "__main__":
    main()
