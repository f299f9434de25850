"""The citation module's data (generated from its Lua) and the port of its date checks.

The tests that run the module's Lua need ``../shared/reference/cs1/enwiki`` and ``lua5.1``;
they skip, saying so, where either is absent.
"""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from wikibox.model.cs1 import DATA_DIR, CitationModule, citation_module, enumerated_name
from wikibox.model.cs1.dates import DateNames, check_date, citation_date_errors
from wikibox.model.cs1.dates import year_date_mismatch as module_year_mismatch
from wikibox.model.cs1.generate import module_data

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "cs1" / "enwiki"
ORACLE = Path(__file__).resolve().parents[1] / "benchmarks" / "cs1_date_oracle.lua"
TODAY = datetime.date(2026, 1, 1)
needs_module = pytest.mark.skipif(
    not REFERENCE.is_dir() or shutil.which("lua5.1") is None,
    reason="needs ../shared/reference/cs1/enwiki and lua5.1",
)


@pytest.fixture(scope="module")
def enwiki() -> CitationModule:
    module = citation_module("enwiki")
    assert module is not None
    return module


def names(module: CitationModule) -> DateNames:
    return DateNames(module.data["date_names"])


@pytest.mark.parametrize(
    ("name", "state"),
    [
        ("accessdate", "valid"),
        ("archiveurl", "valid"),
        ("archivedate", "valid"),
        ("authorlink", "valid"),
        ("origyear", "valid"),
        ("title-link", "valid"),
        ("agency", "valid"),
        ("last12", "valid"),
        ("author3-link", "valid"),
        ("deadurl", "unsupported"),
        ("displayauthors", "unsupported"),
        ("titel", "unsupported"),
        ("people", "unsupported"),  # only cite AV media and a few more take it
    ],
)
def test_parameter_states_of_cite_web(enwiki: CitationModule, name: str, state: str) -> None:
    assert enwiki.param_state("web", name) == state


def test_class_specific_and_limited_lists(enwiki: CitationModule) -> None:
    assert enwiki.param_state("audio-visual", "people") == "valid"
    assert enwiki.param_state("arxiv", "eprint") == "valid"
    assert enwiki.param_state("arxiv", "publisher") == "unsupported"  # preprints: a short list
    assert enwiki.param_state("web", "class") == "unsupported"  # cite arXiv only
    assert enwiki.citation_class("Cite web") == "web"
    assert enwiki.citation_class("cite tweet") is None
    assert "live" in enwiki.keywords("url-status") and "dmy-all" in enwiki.keywords("df")


def test_deprecated_and_tracked_values_are_read_from_the_whitelist() -> None:
    data = {
        "whitelist": {
            "common": {"old-name": False, "watched": "tracked", "name#": True},
            "limited": {},
            "document": {},
            "preprint": {},
            "unique": {},
        }
    }
    module = CitationModule(data)
    assert module.param_state("web", "old-name") == "deprecated"
    assert module.param_state("web", "old-name", empty=True) == "unsupported"
    assert module.param_state("web", "watched") == "tracked"
    assert module.param_state("web", "name3") == "valid"
    assert enumerated_name("author2-link") == "author#-link"


@needs_module
def test_bundled_data_is_what_the_module_lua_gives() -> None:
    bundled = json.loads((DATA_DIR / "enwiki.json").read_text(encoding="utf-8"))
    generated = module_data(REFERENCE, source=bundled["source"])
    assert generated == bundled
    assert bundled["source"]["pages"]["Module:Citation/CS1/Whitelist"]["oldid"] == 1240835177


@pytest.mark.parametrize(
    ("param", "value", "accepted"),
    [
        ("date", "5-7 March 2021", True),  # hyphenated ranges are accepted (and tracked)
        ("date", "2020-21", True),
        ("date", "2003–05", False),  # could be May 2003
        ("date", "29 February 1500", True),  # Julian leap year
        ("date", "29 February 1700", False),
        ("date", "12\u00a0May 2020", False),  # a non-breaking space is not a separator
        ("date", "0999", False),
        ("date", "2021a", True),
        ("archive-date", "2021a", False),  # the CITEREF letter only in |date=
        ("publication-date", "12 May 2021a", False),
        ("archive-date", "May 2021", False),  # an archive date is one full date
        ("archive-date", "2027-12-31", True),  # up to the end of next year
        ("access-date", "2026-01-02", True),  # tomorrow
        ("access-date", "2026-01-03", False),
        ("access-date", "2001-01-14", False),
        ("date", "c. 1900", True),
        ("access-date", "c. 1900", False),
        ("date", "Spring–Summer 2020", True),
        ("publication-date", "Spring 2020", False),
        ("date", "Sept 2020", False),
        ("date", "March 2020 – April 2021", True),
    ],
)
def test_date_verdicts(enwiki: CitationModule, param: str, value: str, accepted: bool) -> None:
    assert check_date(value, param, names=names(enwiki), today=TODAY) is accepted


def test_year_and_publication_date_are_moved_into_an_empty_date(enwiki: CitationModule) -> None:
    errors = citation_date_errors({"year": ("year", "1908–1952")}, names=names(enwiki), today=TODAY)
    assert errors == []  # checked as |date=, where a range is fine
    errors = citation_date_errors(
        {"date": ("date", "1908"), "year": ("year", "1908–1952")},
        names=names(enwiki),
        today=TODAY,
    )
    assert errors == ["year"]  # |year= proper takes a year only


@pytest.mark.parametrize(
    ("year", "date", "mismatch"),
    [
        ("2025", "12 February 2025", False),
        ("2024", "12 February 2025", True),
        ("2020", "2019–2020", False),
        ("2021", "2019–2020", True),
        ("2025a", "2025-02-12", False),
        ("c. 1900", "1900", False),
        ("2021", "2020–21", False),
    ],
)
def test_year_date_mismatch(year: str, date: str, mismatch: bool) -> None:
    assert module_year_mismatch(year, date) is mismatch


@needs_module
def test_the_port_agrees_with_the_module_lua(enwiki: CitationModule) -> None:
    values = [
        "5-7 March 2021", "2020–21", "2003–05", "29 February 1500", "12\u00a0May 2020",
        "0999", "2021a", "May 2021", "2027-12-31", "2028-01-01", "2026-01-02", "2026-01-03",
        "c. 1900", "n.d.", "Spring–Summer 2020", "Winter 2020–21", "Sept 2020",
        "1 March – 5 April 2020", "March 1 – April 5, 2020", "2020-02-30", "1581-12-01",
        "Christmas 2019", "First Quarter 2020", "May 5–7, 2021", "April–March 2020",
    ]  # fmt: skip
    params = ("date", "year", "publication-date", "access-date", "archive-date")
    cases = [{param: value} for value in values for param in params]
    lines = "\n".join("\t".join(f"{k}={v}" for k, v in case.items()) for case in cases)
    result = subprocess.run(
        ["lua5.1", str(ORACLE), str(REFERENCE), TODAY.isoformat()],
        input=lines + "\n", capture_output=True, text=True, check=True,
    )  # fmt: skip
    module = result.stdout.split("\n")[: len(cases)]
    ours = [
        "|".join(
            sorted(
                citation_date_errors(
                    {k: (k, v) for k, v in case.items()}, names=names(enwiki), today=TODAY
                )
            )
        )
        for case in cases
    ]
    disagreements = [(c, m, o) for c, m, o in zip(cases, module, ours, strict=True) if m != o]
    assert disagreements == []
    assert sum(bool(m) for m in module) > 20  # the module does reject some of them


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        ("^wayback%s+machine$", "wayback  machine", True),
        ("^wayback%s+machine$", "wayback machine\n", False),  # Lua's $ is the very end
        ("^[%(%[{<]?no +title[>}%]%)]?$", "(no title)", True),
        ("^[%(%[{<]?no +title[>}%]%)]?$", "{no title}", True),
        ("^[%(%[{<]?no +title[>}%]%)]?$", "no titles", False),
        ("error[ %-]404", "Error-404".lower(), True),
        ("^404", "A 404", False),
        ("a.-b", "a{x|y}b", True),
    ],
)
def test_lua_patterns_of_the_module_data(pattern: str, text: str, found: bool) -> None:
    from wikibox.model.cs1.patterns import lua_find

    assert lua_find(text, pattern) is found


def test_generic_titles_follow_the_module_list(enwiki: CitationModule) -> None:
    assert enwiki.is_generic_title("Bloomberg - Are you a robot?")  # plain, lowercased
    assert enwiki.is_generic_title("(no title)")
    assert not enwiki.is_generic_title("(No title)")  # patterns see the title as written
    assert not enwiki.is_generic_title("Just a moment...")
