"""A well-cited article gets no citation findings: the cite family's precision check.

The articles are written here (no corpus text): an English one with 50 citations ({{cite
news}}, {{cite web}}, {{cite book}}) whose ISBNs and ISSNs are generated with valid check
digits by python-stdnum, and a jawiki one with 10 classic ``和書`` citations using
``|accessdate=`` and 年月日 dates.
"""

from __future__ import annotations

import datetime

import pytest
from stdnum import ean, isbn, issn

from wikibox.lint.checker import check_text
from wikibox.lint.config import Settings
from wikibox.model.build import parse

TODAY = datetime.date(2026, 1, 1)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
OUTLETS = ("The Guardian", "Reuters", "The Washington Post", "Associated Press",
           "Le Monde", "The Irish Times", "Financial Times", "The Hindu", "Deutsche Welle",
           "Politico")  # fmt: skip
SITES = ("Council on Foreign Relations", "United Nations", "Kremlin", "White House",
         "Ministry of Foreign Affairs of Finland", "NATO", "European Commission",
         "Carnegie Endowment", "Brookings Institution", "Chatham House")  # fmt: skip
TOPICS = ("energy prices", "grain exports", "sanctions relief", "prisoner exchanges",
          "nuclear arms control", "shipping in the Black Sea", "frozen assets",
          "a ceasefire line", "humanitarian corridors", "trade talks")  # fmt: skip
SURNAMES = ("Smith", "Kowalski", "Novak", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Rossi",
            "Haddad", "Silva")  # fmt: skip
GIVEN = ("Anna", "Peter", "Maria", "John", "Elena", "David", "Sofia", "Tom", "Laura", "Omar")


def valid_isbn13(number: int) -> str:
    body = f"978{number:09d}"
    code = body + ean.calc_check_digit(body)
    assert isbn.is_valid(code)
    return isbn.format(code)


def valid_issn(number: int) -> str:
    body = f"{number:07d}"
    code = body + issn.calc_check_digit(body)
    assert issn.is_valid(code)
    return issn.format(code)


def day(index: int) -> datetime.date:
    return datetime.date(2024, 1, 3) + datetime.timedelta(days=11 * index)


def dmy(date: datetime.date) -> str:
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def news(index: int) -> str:
    published = day(index)
    return (
        f"{{{{cite news |last={SURNAMES[index % 10]} |first={GIVEN[index % 10]} "
        f"|title=Leaders discuss {TOPICS[index % 10]} in round {index} "
        f"|work={OUTLETS[index % 10]} |date={dmy(published)} "
        f"|url=https://news{index}.example.com/{published.year}/story-{index} "
        f"|access-date={(published + datetime.timedelta(days=2)).isoformat()}"
        + (f" |issn={valid_issn(1000 + index)}" if index % 5 == 0 else "")
        + "}}"
    )


def web(index: int) -> str:
    published = day(index)
    return (
        f"{{{{cite web |title=Statement on {TOPICS[index % 10]}, part {index} "
        f"|website={SITES[index % 10]} |date={dmy(published)} "
        f"|url=https://www.site{index}.example.org/statements/{index} "
        f"|access-date={dmy(published + datetime.timedelta(days=1))}"
        + (f" |doi=10.{1000 + index}/statement.{index}" if index % 4 == 0 else "")
        + "}}"
    )


def book(index: int) -> str:
    extra = ""
    if index % 3 == 0:
        extra = f" |doi=10.{2000 + index}/book.{index}"
    elif index % 3 == 1:
        extra = f" |series=Studies in Diplomacy |issn={valid_issn(5000 + index)}"
    return (
        f"{{{{cite book |last={SURNAMES[index % 10]} |first={GIVEN[(index + 3) % 10]} "
        f"|title=A History of {TOPICS[index % 10].capitalize()} |publisher=Example Press "
        f"|location=London |year={2000 + index} |isbn={valid_isbn13(100000 + 37 * index)}"
        f" |page={10 + index}{extra}}}}}"
    )


def english_article() -> str:
    citations = [news(i) for i in range(20)] + [web(i) for i in range(20)]
    citations += [book(i) for i in range(10)]
    lines = ["{{Use dmy dates}}", "'''Example summit''' was a meeting of leaders.", ""]
    for number, citation in enumerate(citations):
        lines.append(f'Sentence {number} of the article.<ref name="c{number}">{citation}</ref>')
        if number % 7 == 0:
            lines.append(f'A later sentence cites it again.<ref name="c{number}" />')
    lines += ["", "== References ==", "{{Reflist}}", ""]
    return "\n".join(lines)


def japanese_article() -> str:
    citations = []
    for number in range(8):
        published = datetime.date(2025, 2, 1 + number)
        ja = f"{published.year}年{published.month}月{published.day}日"
        accessed = f"{published.year}年{published.month}月{published.day + 1}日"
        if number % 2:
            citations.append(
                f"{{{{Cite news|和書|title=首脳会談の第{number}回協議|newspaper=朝日新聞"
                f"|url=https://www.example.jp/news/{number}|date={ja}|accessdate={accessed}}}}}"
            )
        else:
            citations.append(
                f"{{{{Cite web|和書|title=外務大臣の談話（その{number}）|website=外務省"
                f"|publisher=外務省|url=https://www.example.go.jp/danwa/{number}"
                f"|date={published.isoformat()}|accessdate={accessed}}}}}"
            )
    for number in range(2):
        citations.append(
            f"{{{{Cite book|和書|author=山田太郎|title=外交史入門 第{number + 1}巻"
            f"|publisher=例出版|year=20{10 + number}|isbn={valid_isbn13(400000 + number)}}}}}"
        )
    lines = ["'''例の首脳会談'''は、首脳による会談である。", ""]
    for number, citation in enumerate(citations):
        lines.append(f"本文{number}。<ref>{citation}</ref>")
    lines += ["", "== 脚注 ==", "{{Reflist}}", ""]
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("wiki", "text", "count"),
    [("enwiki", english_article(), 50), ("jawiki", japanese_article(), 10)],
    ids=["enwiki", "jawiki"],
)
def test_clean_article_has_no_findings(wiki, text, count):
    """Every rule, not only the citation ones, is silent on a well-formed article."""
    assert len(parse(text, wiki=wiki).references) == count
    findings = check_text(text, settings=Settings(wiki=wiki, today=TODAY))
    assert [f"{f.line}:{f.column} {f.rule}: {f.message}" for f in findings] == []


def test_generated_identifiers_are_checked():
    """The clean article would be a weak test if the identifier rule never looked at it."""
    text = english_article().replace(valid_isbn13(100000), "978-0-00-000000-0", 1)
    findings = check_text(text, settings=Settings(select=("cite",), today=TODAY))
    assert [f.rule for f in findings] == ["cite-identifier-invalid"]
