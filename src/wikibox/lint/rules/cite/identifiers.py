"""Citation rule on identifiers: an ISBN, ISSN, DOI, PMID or PMC the module rejects.

The checks are CS1's own (Module:Citation/CS1/Identifiers: check digits through python-stdnum,
its list of DOI registrants that never resolve, its PMID/PMC form and limits), so a value
flagged here is one CS1 flags on the rendered page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum import isbn as stdnum_isbn
from stdnum import issn as stdnum_issn
from stdnum.exceptions import ValidationError

from wikibox.lint.findings import Report, Severity
from wikibox.lint.rules.base import Context, rule, short
from wikibox.lint.rules.cite.view import may_cite
from wikibox.model.citation import Citation

__all__ = ["identifier_invalid"]


_ISBN_CHARS = re.compile(r"[0-9X \-]+")
_DOI = re.compile(r"10\.([^/]+)/[^\s–]*[^.,]")
_BAD_REGISTRANT = tuple(
    re.compile(p)
    for p in (
        r"[^1-3][0-9]{4}\.[0-9]+",  # 5 digits with a subcode: 10000–39999
        r"[^1-5][0-9]{4}",  # 5 digits without: 10000–59999
        r"0[0-9]{3}(?:\.[0-9]+)?",  # 4 digits starting with 0
        r"[0-9]{6,}.*",  # 6 or more digits
        r"[0-9]{1,3}",  # fewer than 4 digits without a subcode
        r"5555",  # the test registrant never resolves
        r".*[^0-9.].*",  # anything but digits and dots
    )
)


def _isbn_problem(value: str) -> str | None:
    if not _ISBN_CHARS.fullmatch(value):
        return "invalid character"
    digits = value.replace("-", "").replace(" ", "")
    if len(digits) not in (10, 13):
        return "length"
    if len(digits) == 10:
        if "X" in digits[:-1]:
            return "invalid form"
        if digits.startswith(("630", "631")):
            return "invalid group id"
    else:
        if not digits.isdigit():
            return "invalid character"
        if not digits.startswith(("978", "979")):
            return "invalid prefix"
        if digits.startswith("9790"):
            return "invalid group id"
    try:
        stdnum_isbn.validate(digits)
    except ValidationError:
        return "checksum"
    return None


def _issn_problem(value: str) -> str | None:
    compact = re.sub(r"[ \t\n\r\f\v-]", "", value)  # the module removes [%s-] only: no en dash
    if not re.fullmatch(r"[0-9]{7}[0-9X]", compact):
        return "invalid form" if "–" not in compact else "invalid form (an en dash, not a hyphen)"
    try:
        stdnum_issn.validate(compact)
    except ValidationError:
        return "checksum"
    return None


def _doi_problem(value: str) -> str | None:
    match = _DOI.fullmatch(value)
    if match is None:
        if not value.startswith("10."):
            return "a DOI starts with 10. (no doi: prefix or https://doi.org/)"
        if value.endswith((".", ",")):
            return "it ends with punctuation"
        return "invalid form (10.registrant/suffix, no spaces or en dashes)"
    if any(pattern.fullmatch(match.group(1)) for pattern in _BAD_REGISTRANT):
        return f"invalid registrant {match.group(1)!r}"
    return None


# The module's upper limits when it has no Commons data (Configuration's load-fail value); the
# generated module data overrides them.
_DEFAULT_LIMIT = 99999999999


def _pmid_problem(value: str, limit: int = _DEFAULT_LIMIT) -> str | None:
    if not value.isascii() or not value.isdigit():
        return "a PMID has digits only"
    return None if 1 <= int(value) <= limit else "out of range"


def _pmc_problem(value: str, limit: int = _DEFAULT_LIMIT) -> str | None:
    match = re.fullmatch(r"(?:[Pp][Mm][Cc])?([0-9]+)", value)
    if match is None:
        return "a PMC is digits, optionally after PMC"
    return None if 1 <= int(match.group(1)) <= limit else "out of range"


_LIMITED = {"pmid": "PMID", "PMID": "PMID", "pmc": "PMC", "PMC": "PMC"}

_IDENTIFIERS = {
    "isbn": _isbn_problem, "ISBN": _isbn_problem, "issn": _issn_problem, "ISSN": _issn_problem,
    "eissn": _issn_problem, "EISSN": _issn_problem, "doi": _doi_problem, "DOI": _doi_problem,
    "pmid": _pmid_problem, "PMID": _pmid_problem, "pmc": _pmc_problem, "PMC": _pmc_problem,
}  # fmt: skip


@rule(name="cite-identifier-invalid", severity=Severity.ERROR, visits="citation", needs=may_cite)
def identifier_invalid(ctx: Context, cite: Citation) -> Iterator[Report]:
    """An ISBN, ISSN/eISSN, DOI, PMID or PMC that fails the module's form or check digit.

    Why:
        A wrong identifier links the reader to another book or to nothing.  CS1 shows an
        error: err_bad_isbn ("Check |isbn= value: checksum"), err_bad_issn, err_bad_doi,
        err_bad_pmid, err_bad_pmc (categories "CS1 errors: ISBN" …); the same rules apply
        here: ISBN-10/13 check digits (no 630/631 or 9790 prefixes), ISSN mod-11 with hyphens
        only (an en dash is an error), a DOI of the form ``10.<registrant>/<suffix>`` with a
        plausible registrant and no trailing punctuation, a PMID of digits only and a PMC of
        digits (``PMC`` prefix allowed), both from 1 up to the module's limit.
    Fails:
        {{cite book |title=A |isbn=978-0-306-40615-8}}
        {{cite journal |title=A |issn=0378–5955}}
        {{cite journal |title=A |doi=https://doi.org/10.1000/182}}
        {{cite journal |title=A |pmid=PMID 12345}}
    Passes:
        {{cite book |title=A |isbn=978-0-306-40615-7}}
        {{cite journal |title=A |issn=0378-5955 |doi=10.1000/182 |pmid=12345 |pmc=PMC6789}}
    Does not flag:
        Values CS1 is told to accept as written (``((…))``); values with templates; other
        identifiers (OCLC, arXiv …).
    """
    for param in cite.params:
        check = _IDENTIFIERS.get(param.name)
        text = param.value.strip()
        if check is None or not text or "{{" in param.raw or text.startswith("(("):
            continue
        if param.name in _LIMITED and cite.module is not None:
            limit = cite.module.data.get("id_limits", {}).get(_LIMITED[param.name])
            problem = check(text, limit) if limit else check(text)
        else:
            problem = check(text)
        if problem:
            yield Report(
                f"Check |{param.name}= value: {problem} ({short(text)!r})",
                param.value_span,
                data={"param": param.name, "problem": problem},
            )
