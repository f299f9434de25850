"""The audit's "damaged dumps" part: ~60 damaged copies of one small dump written here, each
scanned by the real CLI with 1 and 2 jobs, as JSON lines and as one JSON document.

What must hold for each: every finding of the pages that are still whole (the clean dump's
findings minus those of the damaged pages, and of the pages after a cut) is reported; the output
is valid JSON (lines); the exit status is 2 when the stream was cut, else 1 (every page here has
findings); each damaged page is counted in the summary (``unreadable``) or reported as a
``scan-page-error``.
"""

from __future__ import annotations

import bz2
import gzip
import itertools
import json
import lzma
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from audit_common import Cli, Result, Row, page_text

from wikibox.dump.writer import write_dump, write_multistream

__all__ = ["audit_dumps"]

PAGES = 12
POSITIONS = {"first": 0, "middle": 5, "last": PAGES - 1}


def _clean_pages() -> list[tuple[str, str]]:
    return [(f"Page {n}", page_text(n) + f"MARK{n}\n") for n in range(PAGES)]


def _page_slice(xml: bytes, n: int) -> tuple[int, int]:
    start = xml.index(f"<title>Page {n}</title>".encode())
    return start, xml.index(b"</page>", start)


def _in_page(n: int, old: bytes, new: bytes, whole: bool = False) -> Callable[[bytes], bytes]:
    """Replace OLD by NEW in page N (``whole``: up to and with its ``</page>``)."""

    def damage(xml: bytes) -> bytes:
        start, end = _page_slice(xml, n)
        at = xml.index(old, start, end + len(b"</page>") if whole else end)
        return xml[:at] + new + xml[at + len(old) :]

    return damage


def _mark(n: int, new: bytes) -> Callable[[bytes], bytes]:
    return _in_page(n, f"MARK{n}".encode(), new)


PAGE_DAMAGES: dict[str, Callable[[int], Callable[[bytes], bytes]]] = {
    "raw <": lambda n: _mark(n, b"a < b"),
    "control character": lambda n: _mark(n, b"a \x01 b"),
    "bad UTF-8": lambda n: _mark(n, b"a \xff\xfe b"),
    "unknown tag": lambda n: _in_page(n, b"</title>", b"</title><x/>"),
    "id not a number": lambda n: _in_page(n, f"<id>{n + 1}</id>".encode(), b"<id>six</id>"),
    "no </page>": lambda n: _in_page(n, b"</page>", b"", whole=True),
    "unclosed <revision>": lambda n: _in_page(n, b"</revision>", b""),
}


@dataclass(frozen=True)
class Variant:
    name: str
    data: bytes
    suffix: str
    damaged: frozenset[int]  # pages that are themselves damaged
    cut: bool  # the stream ends early: exit 2, pages after the cut are gone
    index: bytes | None = None  # a multistream index beside it


def _whole_pages(data: bytes, suffix: str) -> int:
    """How many ``</page>`` a reader can reach in DATA: what decompresses before the damage."""
    text = b""
    try:
        if suffix == ".xml.gz":
            text = zlib.decompressobj(wbits=31).decompress(data)
        elif suffix == ".xml.xz":
            text = lzma.LZMADecompressor().decompress(data)
        elif suffix.endswith(".bz2"):
            rest = data
            while rest:
                decompressor = bz2.BZ2Decompressor()
                text += decompressor.decompress(rest)
                rest = decompressor.unused_data if decompressor.eof else b""
        else:
            text = data
    except (OSError, EOFError, lzma.LZMAError, zlib.error):
        pass
    return text.count(b"</page>")


def _variants(tmp: Path) -> list[Variant]:
    write_dump(_clean_pages(), tmp / "clean.xml")
    xml = (tmp / "clean.xml").read_bytes()
    variants: list[Variant] = []

    def add(name, data, suffix=".xml", damaged=(), cut=True, index=None) -> None:
        variants.append(Variant(name, data, suffix, frozenset(damaged), cut, index))

    for damage, make in PAGE_DAMAGES.items():
        for where, n in POSITIONS.items():
            bad = make(n)(xml)
            for suffix, data in ((".xml", bad), (".xml.bz2", bz2.compress(bad))):
                add(f"{damage} in the {where} page ({suffix})", data, suffix, {n}, cut=False)
            if damage in ("raw <", "bad UTF-8", "no </page>"):
                data, index = _multistream(bad)
                name = f"{damage} in the {where} page (multistream with index)"
                add(name, data, ".xml.bz2", {n}, cut=False, index=index)
    two = PAGE_DAMAGES["bad UTF-8"](9)(PAGE_DAMAGES["raw <"](2)(xml))
    add("raw < in page 2, bad UTF-8 in page 9", two, damaged={2, 9}, cut=False)
    damaged_then_cut = PAGE_DAMAGES["control character"](2)(xml)
    add(
        "control character in page 2, cut in page 8",
        damaged_then_cut[: damaged_then_cut.index(b"MARK8")],
        damaged={2},
    )
    add("no </mediawiki>", xml[: xml.rindex(b"</mediawiki>")])
    add("cut in page 5's text", xml[: xml.index(b"MARK5")])
    add("cut inside a tag", xml[: xml.index(b"<revision>", _page_slice(xml, 8)[0]) + 4])
    add("cut right after page 3", xml[: xml.index(b"</page>", _page_slice(xml, 3)[0]) + 7])
    single = bz2.compress(xml)
    for fraction in (1 / 3, 2 / 3):
        add(f"bz2 cut at {fraction:.0%}", single[: int(len(single) * fraction)], ".xml.bz2")
    add("bz2 without its last 10 bytes", single[:-10], ".xml.bz2")
    write_multistream(_clean_pages(), tmp / "multi.xml.bz2", tmp / "multi-index.txt", 3)
    multi, index = (tmp / "multi.xml.bz2").read_bytes(), (tmp / "multi-index.txt").read_bytes()
    offsets = sorted({int(line.split(b":")[0]) for line in index.splitlines()})
    points = {
        "in its 2nd stream": offsets[1] + 40,
        "in its 4th stream": offsets[3] + 40,
        "between two streams": offsets[2],
        "in the </mediawiki> stream": len(multi) - 5,
    }
    for where, at in points.items():
        add(f"multistream bz2 cut {where}", multi[:at], ".xml.bz2")
        add(f"multistream bz2 cut {where} (with index)", multi[:at], ".xml.bz2", index=index)
    whole_gz = gzip.compress(xml)
    for fraction in (0.5, 0.9):
        add(f"gzip cut at {fraction:.0%}", whole_gz[: int(len(whole_gz) * fraction)], ".xml.gz")
    add("gzip without its trailer", whole_gz[:-8], ".xml.gz")
    whole_xz = lzma.compress(xml)
    add("xz cut at 50%", whole_xz[: len(whole_xz) // 2], ".xml.xz")
    return variants


def _multistream(xml: bytes, pages_per_stream: int = 3) -> tuple[bytes, bytes]:
    """XML (damaged or not) as a multistream bz2 and its index, as Wikimedia cuts them: the
    header, then PAGES_PER_STREAM pages a stream, then ``</mediawiki>``."""
    starts = [n for n in range(len(xml)) if xml.startswith(b"  <page>", n)]
    tail = xml.rindex(b"</mediawiki>")
    bounds = [*starts[::pages_per_stream], tail]
    data = bz2.compress(xml[: starts[0]])
    index = b""
    for number, (start, end) in enumerate(itertools.pairwise(bounds)):
        for page in range(number * pages_per_stream, (number + 1) * pages_per_stream):
            if page < len(starts):
                index += f"{len(data)}:{page + 1}:Page {page}\n".encode()
        data += bz2.compress(xml[start:end])
    return data + bz2.compress(xml[tail:]), index


def _key(finding: dict) -> tuple:
    return (finding["title"], finding["rule"], finding["line"], finding["column"])


def _findings(result: Result, fmt: str) -> tuple[list[dict], dict | None]:
    """The findings and the summary (JSON only) of a scan; ValueError if the output is not
    valid JSON (lines)."""
    if fmt == "json":
        document = json.loads(result.stdout)
        return document["findings"], document["summary"]
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()], None


def _check(row: Row, variant: Variant, label: str, result: Result, fmt: str, clean: Counter):
    if not row.expect(label, result, (2,) if variant.cut else (1,)):
        return
    try:
        found, summary = _findings(result, fmt)
    except (ValueError, KeyError, TypeError) as exc:
        row.other += 1
        row.notes.append(f"invalid {fmt} output: {label}: {exc}")
        return
    whole = _whole_pages(variant.data, variant.suffix) if variant.cut else PAGES
    kept = {f"Page {n}" for n in range(whole) if n not in variant.damaged}
    wanted = Counter({key: count for key, count in clean.items() if key[0] in kept})
    got = Counter(_key(f) for f in found if f["rule"] != "scan-page-error")
    lost = wanted - got
    if lost:
        row.findings_lost += sum(lost.values())
        row.notes.append(f"{sum(lost.values())} findings lost: {label} ({sorted(lost)[:2]}…)")
    errors = {f["title"] for f in found if f["rule"] == "scan-page-error"}
    counted = (summary or {}).get("pages_unreadable") if summary else None
    if counted is None and "unreadable" in result.stderr:
        counted = int(result.stderr.split("unreadable ")[1].split()[0])
    damaged = {f"Page {n}" for n in variant.damaged if n < whole}
    if damaged and ((counted or 0) < len(damaged) or not damaged <= errors):
        row.other += 1
        row.notes.append(
            f"damaged pages not counted: {label} (unreadable {counted}, errors {sorted(errors)})"
        )


def audit_dumps(cli: Cli, tmp: Path) -> Row:
    row = Row("damaged dumps (scan, 1 and 2 jobs, jsonl and json)")
    folder = tmp / "dumps"
    folder.mkdir()
    write_dump(_clean_pages(), folder / "reference.xml")
    reference = cli.run("scan", folder / "reference.xml", "--jobs", "1")
    clean = Counter(_key(f) for f in _findings(reference, "jsonl")[0])
    assert clean and reference.code == 1, reference.stderr
    for number, variant in enumerate(_variants(folder)):
        stem = f"v{number:02}" + ("-multistream" if variant.index is not None else "")
        path = folder / f"{stem}{variant.suffix}"
        path.write_bytes(variant.data)
        if variant.index is not None:  # read in parallel by the index's byte ranges
            (folder / f"{stem}-index.txt").write_bytes(variant.index)
        for jobs in ("1", "2"):
            for fmt in ("jsonl", "json"):
                label = f"{variant.name}, {jobs} job(s), {fmt}"
                result = cli.run("scan", path, "--jobs", jobs, "--format", fmt)
                _check(row, variant, label, result, fmt, clean)
    row.notes.insert(0, f"note: {row.inputs // 4} damaged dumps, each scanned 4 ways")
    return row
