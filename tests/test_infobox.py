"""Infobox detection on the layouts real pages use."""

from __future__ import annotations

import pytest

from wikibox import parse

DETECTION_CASES = {
    "plain": (
        "{{Infobox summit meeting\n|date=2025-02-12\n}}",
        "enwiki",
        ["Infobox summit meeting"],
    ),
    "lower case and underscore": (
        "{{infobox_summit meeting|date=x}}",
        "enwiki",
        ["Infobox summit meeting"],
    ),
    "template prefix": (
        "{{Template:Infobox summit meeting|date=x}}",
        "enwiki",
        ["Infobox summit meeting"],
    ),
    "comment inside the name": (
        "{{Infobox summit meeting<!-- see doc -->\n|date=x}}",
        "enwiki",
        ["Infobox summit meeting"],
    ),
    "newlines around the name": (
        "{{\nInfobox summit meeting <!-- x -->\n\n|date=x}}",
        "enwiki",
        ["Infobox summit meeting"],
    ),
    "not the first template": (
        "{{Short description|x}}\n{{Use dmy dates|date=May 2025}}\n{{Infobox event|date=x}}",
        "enwiki",
        ["Infobox event"],
    ),
    "two infoboxes": (
        "{{Infobox event|title=a}}\ntext\n{{Infobox summit meeting|date=x}}",
        "enwiki",
        ["Infobox event", "Infobox summit meeting"],
    ),
    "jawiki 基礎情報": ("{{基礎情報 会議\n|名称=x\n}}", "jawiki", ["基礎情報 会議"]),
    # issue 13: the infobox families of other languages are found on any wiki (a page given
    # without its wiki is read with enwiki's conventions)
    "基礎情報 is found without the wiki": (
        "{{基礎情報 会議\n|名称=x\n}}",
        "enwiki",
        ["基礎情報 会議"],
    ),
    "ukwiki Картка without the wiki": ("{{Картка:Лідер|ім'я=x}}", "enwiki", ["Картка:Лідер"]),
    "ruwiki НП": ("{{НП|Название=x}}", "ruwiki", ["НП"]),
    "ruwiki Государство": ("{{Государство|Название=x}}", "enwiki", ["Государство"]),
    "bgwiki … инфо": ("{{Селище инфо|име=x}}", "bgwiki", ["Селище инфо"]),
    "eswiki Ficha de": ("{{Ficha de persona|nombre=x}}", "eswiki", ["Ficha de persona"]),
    "eowiki Informkesto": ("{{Informkesto urbo|nomo=x}}", "eowiki", ["Informkesto urbo"]),
    "glwiki … info": ("{{Persoa info|nome=x}}", "glwiki", ["Persoa info"]),
    "nnwiki Infoboks": ("{{Infoboks verksemd|namn=x}}", "nnwiki", ["Infoboks verksemd"]),
    "afwiki Inligtingskas": (
        "{{Inligtingskas persoon|naam=x}}",
        "afwiki",
        ["Inligtingskas persoon"],
    ),
    "ltgwiki Infoskreine": ("{{Infoskreine cylvāks|x=y}}", "ltgwiki", ["Infoskreine cylvāks"]),
    "viwiki Hộp thông tin": (
        "{{Hộp thông tin tổ chức|name=x}}",
        "viwiki",
        ["Hộp thông tin tổ chức"],
    ),
    "taxobox": ("{{Taxobox\n| name = x\n}}", "enwiki", ["Taxobox"]),
    "automatic taxobox": ("{{automatic taxobox|taxon=x}}", "enwiki", ["Automatic taxobox"]),
    "ukwiki нп is an interlanguage link": ("{{нп|Йоганн Пеєр|||Johann Peyer}}", "ukwiki", []),
    "a navbox is not an infobox": ("{{Infobox navbox|x}}", "enwiki", []),
    "a sidebar is not an infobox": ("{{Картка sidebar|x}}", "ukwiki", []),
    "a navigation template is not an infobox": ("{{Navbox|name=Info}}", "enwiki", []),
    "a name ending in info-something is not an infobox": ("{{Information|x}}", "enwiki", []),
    "infobox-like name is not an infobox": ("{{Infoboxes needed|x}}", "enwiki", []),
    "no infobox": ("Just text {{cite web|url=x}}", "enwiki", []),
}


@pytest.mark.parametrize(
    ("text", "wiki", "expected"), DETECTION_CASES.values(), ids=DETECTION_CASES.keys()
)
def test_infobox_detection(text, wiki, expected):
    article = parse(text, wiki=wiki)
    assert [box.template for box in article.infoboxes] == expected
    if expected:
        assert article.infobox is article.infoboxes[0]
    else:
        assert article.infobox is None


def test_profile_roles_for_summit_meeting():
    box = parse("{{Infobox summit meeting|date=x|follows=[[A]]|precedes=[[B]]}}").infobox
    assert box.profile == "Infobox summit meeting"
    assert box.role_param("previous").name == "follows"
    assert box.role_param("next").name == "precedes"


@pytest.mark.parametrize(
    ("template", "previous", "next_"),
    [
        ("Infobox recurring event", "prev", "next"),
        ("Infobox officeholder", "predecessor", "successor"),
    ],
)
def test_profile_roles_of_other_templates(template, previous, next_):
    box = parse(f"{{{{{template}|{previous}=[[A]]|{next_}=[[B]]}}}}").infobox
    assert box.role_param("previous").value == "A"
    assert box.role_param("next").value == "B"


def test_duplicate_param_last_one_wins():
    box = parse("{{Infobox event|date=1 May 2020|date=2 May 2020}}").infobox
    assert [p.name for p in box.params] == ["date", "date"]
    assert box.get("date").value == "2 May 2020"


def test_param_plain_value_drops_comments_and_refs():
    box = parse("{{Infobox event|date=12 May 2020<!-- c --><ref>x</ref>\n}}").infobox
    param = box.get("date")
    assert param.value == "12 May 2020"
    assert param.raw == "12 May 2020<!-- c --><ref>x</ref>\n"
