"""Generated citations for the CS1 comparison: the edge cases a corpus rarely holds.

Each case is one idea (a Julian 29 February, an ISSN with an en dash, ``|deadurl=``), in the
smallest citation that is otherwise clean, so a disagreement points at that idea alone.  Dates
that depend on "today" (an access date in the future) are made from the date the test wiki's
server uses, which the comparison also hands to wikibox.
"""

from __future__ import annotations

import datetime

from .cs1_compare import Case

__all__ = ["edge_cases"]

WEB = "{{{{cite web |url=https://example.com/a |title=Summit ends |website=Example{}}}}}"
BOOK = "{{{{cite book |title=Summit ends |publisher=Example{}}}}}"
JOURNAL = "{{{{cite journal |title=Summit ends |journal=Example{}}}}}"
NBSP = "\u00a0"
ARCHIVE = "|archive-url=https://web.archive.org/web/20200102030405/https://example.com/a"

DATES = {
    "date-hyphen-year-range-short": "|date=2020-21",
    "date-hyphen-year-range": "|date=2019-2020",
    "date-dash-year-range-short": "|date=2020–21",
    "date-dash-year-range": "|date=2019–2020",
    "date-hyphen-month-range": "|date=January-February 2020",
    "date-hyphen-day-range": "|date=5-7 May 2020",
    "date-dash-day-range": "|date=5–7 May 2020",
    "date-julian-leap-1500": "|date=29 February 1500",
    "date-julian-leap-1300": "|date=29 February 1300",
    "date-gregorian-nonleap-1700": "|date=29 February 1700",
    "date-gregorian-nonleap-1900": "|date=29 February 1900",
    "date-gregorian-leap-2000": "|date=29 February 2000",
    "date-nbsp-entity": "|date=12&nbsp;February 2020",
    "date-nbsp-character": f"|date=12{NBSP}February 2020",
    "date-leading-zero-year": "|date=0999",
    "year-leading-zero": "|year=0999",
    "date-four-digit-early": "|date=999",
    "date-citeref-letter": "|date=2021a",
    "year-citeref-letter": "|year=2021a",
    "access-date-citeref-letter": "|access-date=2021a",
    "archive-date-citeref-letter": f"{ARCHIVE} |archive-date=2021a",
    "archive-date-matches-url": f"{ARCHIVE} |archive-date=2 January 2020",
    "archive-date-differs-from-url": f"{ARCHIVE} |archive-date=3 January 2020",
    "archive-date-bad-iso": f"{ARCHIVE} |archive-date=2020-1-2",
    "archivedate-old-name": f"|archiveurl={ARCHIVE.split('=', 1)[1]} |archivedate=2 January 2020",
    "year-and-date-agree": "|year=2020 |date=5 May 2020",
    "year-and-date-same": "|year=2020 |date=2020",
    "year-and-date-mismatch": "|year=2020 |date=2021",
    "year-range-in-year": "|year=1947–71",
    "date-no-date": "|date=n.d.",
    "date-circa": "|date=c. 1900",
    "date-season": "|date=Spring 2020",
    "date-season-range": "|date=Winter 2019–2020",
    "date-christmas": "|date=Christmas 2020",
    "date-iso-year-month": "|date=2020-05",
    "date-mdy": "|date=May 5, 2020",
    "date-dmy-comma": "|date=5 May, 2020",
    "date-sept": "|date=Sept 2020",
    "date-iso-bad-day": "|date=2020-02-30",
    "date-day-32": "|date=32 May 2020",
    "date-misspelt-month": "|date=12 Febuary 2020",
    "date-iso-single-digits": "|date=2020-5-1",
    "date-slashes": "|date=03/04/2020",
    "date-far-future-year": "|date=2099",
    "access-date-before-wikipedia": "|access-date=5 May 1999",
    "access-date-ok": "|access-date=5 May 2020",
}
IDENTIFIERS = {
    "isbn13-valid": ("book", "|isbn=978-0-306-40615-7"),
    "isbn13-checksum": ("book", "|isbn=978-0-306-40615-8"),
    "isbn10-valid": ("book", "|isbn=0-306-40615-2"),
    "isbn10-checksum": ("book", "|isbn=0-306-40615-3"),
    "isbn-spaces": ("book", "|isbn=978 0 306 40615 7"),
    "isbn-en-dash": ("book", "|isbn=978–0–306–40615–7"),
    "isbn10-x": ("book", "|isbn=0-8044-2957-X"),
    "isbn-accept-as-written": ("book", "|isbn=((978-0-306-40615-8))"),
    "issn-valid": ("journal", "|issn=0378-5955"),
    "issn-checksum": ("journal", "|issn=0378-5954"),
    "issn-en-dash": ("journal", "|issn=0378–5955"),
    "issn-no-hyphen": ("journal", "|issn=03785955"),
    "eissn-checksum": ("journal", "|eissn=0378-5954"),
    "doi-valid": ("journal", "|doi=10.1000/182"),
    "doi-url": ("journal", "|doi=https://doi.org/10.1000/182"),
    "doi-trailing-dot": ("journal", "|doi=10.1000/182."),
    "doi-bad-registrant": ("journal", "|doi=10.1/182"),
    "pmid-valid": ("journal", "|pmid=12345678"),
    "pmid-letters": ("journal", "|pmid=abc"),
    "pmc-valid": ("journal", "|pmc=123456"),
    "pmc-prefix": ("journal", "|pmc=PMC123456"),
}
PARAMS = {
    "accessdate-old-name": WEB.format(" |accessdate=5 May 2020"),
    "deadurl": WEB.format(" |deadurl=no"),
    "dead-url": WEB.format(" |dead-url=no"),
    "displayauthors": WEB.format(" |last1=A |last2=B |displayauthors=1"),
    "authorlink": WEB.format(" |last=A |first=B |authorlink=A B"),
    "origyear": BOOK.format(" |year=2000 |origyear=1900"),
    "misspelt-param": WEB.format(" |titel=Summit"),
    "misspelt-param-empty": WEB.format(" |titel="),
    "positional-text": "{{cite web |url=https://example.com/a |title=Summit ends |stray text}}",
    "author-number-50": WEB.format(" |last50=A |first50=B"),
    "editor-number-6": BOOK.format(" |editor6-last=A |editor6-first=B"),
    "volume-in-cite-web": WEB.format(" |volume=2"),
    "missing-title-web": "{{cite web |url=https://example.com/a}}",
    "missing-title-book": "{{cite book |publisher=Example}}",
    "missing-title-encyclopedia": "{{cite encyclopedia |encyclopedia=Example |year=2000}}",
    "missing-url-web": "{{cite web |title=Summit ends}}",
    "missing-url-web-archive": (
        f"{{{{cite web |title=Summit ends |url= {ARCHIVE} |archive-date=2 January 2020}}}}"
    ),
    "access-date-no-url-news": "{{cite news |title=Summit ends |access-date=5 May 2020}}",
    "access-date-chapter-url": (
        "{{cite book |title=A |chapter=B |chapter-url=https://example.com/c "
        "|access-date=5 May 2020}}"
    ),
    "external-link-in-website": WEB.format(" |publisher=https://example.com"),
    "generic-title": "{{cite web |url=https://example.com/a |title=Page not found}}",
    "archived-copy-title": "{{cite web |url=https://example.com/a |title=Archived copy}}",
    "missing-pipe": "{{cite web |url=https://example.com/a |title=Summit ends website=X}}",
    "invisible-zwsp": "{{cite web |url=https://example.com/a |title=Summit\u200bends}}",
}


def edge_cases(today: datetime.date) -> list[Case]:
    """The generated cases, ids ``edge/<name>``; *today* is the wiki server's date."""
    cases = [Case(f"edge/{name}", WEB.format(" " + params)) for name, params in DATES.items()]
    for days, name in ((1, "tomorrow"), (5, "in-five-days"), (400, "next-year")):
        future = today + datetime.timedelta(days=days)
        value = f"{future.day} {future:%B} {future.year}"
        cases.append(Case(f"edge/access-date-{name}", WEB.format(f" |access-date={value}")))
    templates = {"book": BOOK, "journal": JOURNAL}
    cases += [
        Case(f"edge/{name}", templates[kind].format(" " + params))
        for name, (kind, params) in IDENTIFIERS.items()
    ]
    cases += [Case(f"edge/{name}", wikitext) for name, wikitext in PARAMS.items()]
    return cases
