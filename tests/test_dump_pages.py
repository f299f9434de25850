"""Reading one page: what the expat page reader must get right, one small dump per case.

Each dump holds a page written here between two plain pages, so every case also shows that the
read goes on after it.  The header names the namespaces Talk (1) and User (2).
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from wikibox.dump.reader import DumpReader, PageRecord

HEADER = """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10">
  <siteinfo>
    <namespaces>
      <namespace key="0" case="first-letter" />
      <namespace key="1" case="first-letter">Talk</namespace>
      <namespace key="2" case="first-letter">User</namespace>
    </namespaces>
  </siteinfo>
"""


def _page(
    revisions: str, *, title: str = "Case", namespace: str = "<ns>0</ns>", before: str = ""
) -> str:
    return f"<page><title>{title}</title>{namespace}<id>7</id>{before}{revisions}</page>\n"


def _revision(text: str = "text", *, revision_id: int = 70, inner: str = "") -> str:
    return (
        f"<revision><id>{revision_id}</id><timestamp>2024-05-06T07:08:09Z</timestamp>"
        f"<contributor><username>Someone</username><id>3</id></contributor>{inner}"
        f'<text bytes="4" xml:space="preserve">{text}</text></revision>'
    )


def _read(tmp_path: Path, page: str, **options: object) -> list[PageRecord]:
    """The records of a dump holding ``page`` between pages "Before" and "After"."""
    path = tmp_path / "case.xml"
    plain = "<page><title>{0}</title><ns>0</ns><id>{1}</id><revision><id>{1}</id><text>x</text>"
    path.write_bytes(
        (
            HEADER
            + plain.format("Before", 1)
            + "</revision></page>\n"
            + page
            + plain.format("After", 2)
            + "</revision></page>\n</mediawiki>\n"
        ).encode("utf-8", "surrogateescape")
    )
    records = list(DumpReader(path, **options))  # type: ignore[arg-type]
    plain_pages = [record.title for record in records if record.title in ("Before", "After")]
    assert plain_pages == ([] if options.get("namespaces") == {1} else ["Before", "After"])
    return [record for record in records if record.title not in ("Before", "After")]


def _one(tmp_path: Path, page: str) -> PageRecord:
    (record,) = _read(tmp_path, page, namespaces=None, skip_redirects=False, damaged=True)
    return record


# --------------------------------------------------------------------------- text


TEXTS = {
    "entities are decoded once": (
        "&amp;lt;ref&amp;gt; &lt;ref&gt; &quot;q&quot; &apos;",
        '&lt;ref&gt; <ref> "q" \'',
    ),
    "character references": ("&#x1F600; &#233; &#13;", "\U0001f600 é \r"),
    "line ends as XML reads them": ("a\r\nb\rc", "a\nb\nc"),
    "CDATA": ("a <![CDATA[<b> & ]]> c", "a <b> &  c"),
    "comments and processing instructions drop out": ("a<!-- no -->b<?x y?>c", "abc"),
    "a tag in the text ends it, as mwxml read it": ("a<b>x</b>c", "a"),
    "non-ASCII": ("ベータ 𝄞", "ベータ 𝄞"),
}


@pytest.mark.parametrize(("xml", "text"), TEXTS.values(), ids=TEXTS.keys())
def test_text_is_read_as_xml_says(tmp_path: Path, xml: str, text: str) -> None:
    record = _one(tmp_path, _page(_revision(xml)))
    assert (record.text, record.damage) == (text, None)


def test_a_long_text_is_read_whole(tmp_path: Path) -> None:
    text = "line &amp; more\n" * 100_000  # far more than expat hands over at once
    assert _one(tmp_path, _page(_revision(text))).text == "line & more\n" * 100_000


def test_the_latest_revision_is_kept(tmp_path: Path) -> None:
    revisions = _revision("first", revision_id=1) + _revision("second", revision_id=2)
    revisions += '<revision><id>3</id><timestamp>2024-12-31T23:59:60Z</timestamp><text bytes="0" />'
    record = _one(tmp_path, _page(revisions + "</revision>"))
    assert (record.revision_id, record.text, record.timestamp) == (3, "", "2024-12-31T23:59:60Z")


NO_TEXT = {
    "deleted": ('<text deleted="deleted" />', True),
    "missing": ("", True),
    "blanked": ('<text bytes="0" />', False),
    "empty without bytes": ('<text xml:space="preserve"></text>', True),
}


@pytest.mark.parametrize(("xml", "warned"), NO_TEXT.values(), ids=NO_TEXT.keys())
def test_a_revision_without_text_gives_empty_text(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, xml: str, warned: bool
) -> None:
    with caplog.at_level(logging.WARNING, logger="wikibox.dump.reader"):
        record = _one(tmp_path, _page(f"<revision><id>5</id>{xml}</revision>"))
    assert (record.revision_id, record.text, record.damage) == (5, "", None)
    assert ("'Case' has no text" in caplog.text) is warned


def test_slots_main_text_is_the_text(tmp_path: Path) -> None:
    inner = "<content><role>mediainfo</role><origin>9</origin><text>{}</text></content>"
    revision = '<revision><id>5</id><text sha1="abc" bytes="4">main</text>' + inner + "</revision>"
    assert _one(tmp_path, _page(revision)).text == "main"


def test_a_short_timestamp_is_given_in_the_long_form(tmp_path: Path) -> None:
    revision = "<revision><id>5</id><timestamp>20240506070809</timestamp><text>x</text></revision>"
    assert _one(tmp_path, _page(revision)).timestamp == "2024-05-06T07:08:09Z"


# --------------------------------------------------------------------------- titles


TITLES = {
    "<ns> with the prefix in the title": ("Talk:Some_page", "<ns>1</ns>", "Talk:Some page", 1),
    "<ns> without the prefix in the title": ("Some_page", "<ns>2</ns>", "User:Some page", 2),
    "<ns> 0 and a prefix-like title": ("Talk:Not talk", "<ns>0</ns>", "Talk:Not talk", 0),
    "no <ns>: the header's prefix": ("Talk:Some_page", "", "Talk:Some page", 1),
    "no <ns>: an unknown prefix": ("Foo:Bar", "", "Foo:Bar", 0),
    "no <ns>: a space after the colon": ("Talk: Bar", "", "Talk: Bar", 0),
    "an entity in the title": ("Tom &amp; Jerry", "<ns>0</ns>", "Tom & Jerry", 0),
}


@pytest.mark.parametrize(("xml", "ns", "title", "namespace"), TITLES.values(), ids=TITLES.keys())
def test_titles_carry_their_namespace_prefix(
    tmp_path: Path, xml: str, ns: str, title: str, namespace: int
) -> None:
    record = _one(tmp_path, _page(_revision(), title=xml, namespace=ns))
    assert (record.title, record.namespace, record.damage) == (title, namespace, None)


# --------------------------------------------------------------------------- damage


_MALFORMED = "malformed XML in the page: "
_BAD_REVISION = "<revision><id>x</id></revision>"
DAMAGE = {
    "raw <": (_page(_revision("a < b")), _MALFORMED + "not well-formed"),
    "bad UTF-8": (_page(_revision("a \udcff b")), _MALFORMED + "not well-formed"),
    "undefined entity": (_page(_revision("&nbsp;")), _MALFORMED + "undefined entity"),
    "unknown tag in <page>": (
        _page(_revision(), before="<bogus/>"),
        "an unexpected tag in a <page>: <bogus>",
    ),
    "unknown tag in <revision>": (
        _page(_revision(inner="<bogus/>")),
        "an unexpected tag in a <revision>: <bogus>",
    ),
    "a tag after the revisions": (
        _page(_revision() + "<title>X</title>"),
        "an unexpected tag after the revisions of a <page>: <title>",
    ),
    "<ns> not a number": (
        _page(_revision(), namespace="<ns>one</ns>"),
        "<ns> is not a number: 'one'",
    ),
    "<ns> empty": (_page(_revision(), namespace="<ns></ns>"), "<ns> is empty"),
    "an older revision's id": (
        _page(_BAD_REVISION + _revision()),
        "<revision><id> is not a number: 'x'",
    ),
    "a timestamp": (
        _page("<revision><timestamp>2024-02-30T00:00:00Z</timestamp></revision>"),
        "<timestamp> is not a date: '2024-02-30T00:00:00Z'",
    ),
    "a contributor id": (
        _page("<revision><contributor><id>me</id></contributor></revision>"),
        "<contributor><id> is not a number: 'me'",
    ),
    "a size": (
        _page('<revision><text bytes="four">text</text></revision>'),
        "<text bytes=\"…\"> is not a number: 'four'",
    ),
    "no <title>": (
        _page(_revision()).replace("<title>Case</title>", ""),
        "a page without <id> or <title>",
    ),
    "no <id>": (_page(_revision()).replace("<id>7</id>", ""), "a page without <id> or <title>"),
}


@pytest.mark.parametrize(("page", "damage"), DAMAGE.values(), ids=DAMAGE.keys())
def test_damage_is_told(tmp_path: Path, page: str, damage: str) -> None:
    record = _one(tmp_path, page)
    assert record.damage is not None and record.damage.startswith(damage)
    assert (record.text, record.revision_id) == ("", None)


def test_malformed_xml_says_where(tmp_path: Path) -> None:
    """The position is in the page put inside the dump's root tag, as when mwxml read it."""
    page = _page(_revision("a < b"))
    root_tag = HEADER.split("\n", 1)[0]
    column = len(root_tag) + page.index("< ") + 1  # expat points at the space after the <
    record = _one(tmp_path, page)
    assert record.damage == f"{_MALFORMED}not well-formed (invalid token): line 1, column {column}"


# --------------------------------------------------------------------------- filters


def test_a_filtered_page_is_left_at_its_first_revision(tmp_path: Path) -> None:
    """Damage in the text of a page the filter drops is never seen (its text is not read);
    damage before its first revision is, and then the page is dropped for its namespace."""
    talk = _page(_revision("a < b"), title="Talk:X", namespace="<ns>1</ns>")
    redirect = _page(_revision("a < b"), before='<redirect title="Y" />')
    assert _read(tmp_path, talk + redirect, damaged=True) == []
    assert [r.title for r in _read(tmp_path, talk + redirect, skip_redirects=False)] == []
    broken = _page(_revision(), title="Talk:X", namespace="<ns>1</ns>", before="<bogus/>")
    assert _read(tmp_path, broken, damaged=True) == []
    (record,) = _read(tmp_path, broken, namespaces={1}, damaged=True)
    assert record.damage == "an unexpected tag in a <page>: <bogus>"


def test_a_redirect_is_read_when_asked_for(tmp_path: Path) -> None:
    page = _page(_revision("#REDIRECT [[Y]]"), before='<redirect title="Y" />')
    assert _read(tmp_path, page) == []
    (record,) = _read(tmp_path, page, skip_redirects=False)
    assert (record.redirect, record.text) == ("Y", "#REDIRECT [[Y]]")
