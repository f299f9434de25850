"""The audit's "tracebacks" part: every kind of bad input issue #17 lists, through the real CLI.

Each probe is one command on inputs written here; it must end with exit 2 and one error line
naming the file (or, where the input is fine, with 0 or 1), never a traceback.  Also checked:
a CR-only page has its findings on their own lines, and SARIF URIs are percent-encoded with a
``columnKind``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import urllib.parse
from pathlib import Path

from audit_common import Cli, Result, Row, page_text

from wikibox.dump.writer import write_dump

__all__ = ["audit_tracebacks"]

SPEC = "spec_version: 1\nwiki: enwiki\ntitle: A\n"
DEEP = 10_000
BAD_SPECS = {
    "control character": ("s.yaml", SPEC.replace("title: A", 'title: "A\x01"')),
    "10,000-deep flow list": ("s.yaml", SPEC + "lead: " + "[" * DEEP + "]" * DEEP + "\n"),
    "10,000-deep flow mapping": ("s.yaml", SPEC + "lead: " + "{a: " * DEEP + "1" + "}" * DEEP),
    "10,000-deep block list": ("s.yaml", SPEC + "lead:\n" + "- " * DEEP + "x\n"),
    "10,000-deep JSON": ("s.json", '{"spec_version": 1, "lead": ' + "[" * DEEP + "]" * DEEP + "}"),
    "not UTF-8": ("s.yaml", SPEC + "lead: \udcff\n"),
    "a list, not a mapping": ("s.yaml", "- 1\n- 2\n"),
    "alias bomb": (
        "s.yaml",
        SPEC
        + 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
        + "".join(f"{n}: &{n} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
                  for p, n in zip("abcdefgh", "bcdefghi", strict=True))
        + "lead: *i\n",
    ),
}  # fmt: skip
BAD_CONFIGS = {
    "not UTF-8": b'wiki = "\xff"\n',
    "10,000-deep arrays": b"a = " + b"[" * DEEP + b"]" * DEEP + b"\n",
    "10,000-deep inline tables": b"a = " + b"{b = " * DEEP + b"1" + b"}" * DEEP + b"\n",
    "today with a time": b"today = 2025-01-01T10:00:00\n",
    "today not a date": b'today = "soon"\n',
    "unknown setting": b"colour = 1\n",
    "page_timeout nan": b"page_timeout = nan\n",
    "page_timeout inf": b"page_timeout = inf\n",
    "max_page_bytes -1": b"max_page_bytes = -1\n",
    "select not a list": b"select = 5\n",
    "rule option of the wrong type": b'[rules.infobox-date-invalid]\nseverity = "loud"\n',
}
BAD_PROFILES = {
    "'wikis' a list": "wikis: [1, 2]\n",
    "a wiki a number": "wikis: {enwiki: 5}\n",
    "language a number": "wikis: {enwiki: {language: 5}}\n",
    "'infoboxes' a list": "infoboxes: [1]\n",
    "an infobox a number": "infoboxes: {'Infobox summit meeting': 5}\n",
    "roles a number": "infoboxes: {'Infobox summit meeting': {roles: 5}}\n",
    "a role a number": "infoboxes: {'Infobox summit meeting': {roles: {date: 5}}}\n",
    "labels a number": "infoboxes: {'Infobox summit meeting': {labels: 5}}\n",
    "5,000-deep": "a: " + "[" * 5000 + "]" * 5000 + "\n",
    "a scalar": "5\n",
    "not UTF-8": "wikis: {enwiki: {language: \udcff}}\n",
    "malformed YAML": "wikis: [\n",
}
TEMPLATES = {
    "range(10**8)": "<% for i in range(10**8) %>x<% endfor %>",
    "recursive macro": "<% macro f(n) %><< f(n) >><% endmacro %><< f(1) >>",
    "long string product": '<< "a" * 10**9 >>',
    "long list product": "<< [1] * 10**8 >>",
    "huge power": "<< 7 ** 100000000 >>",
    "includes itself": '<% include "enwiki/article.wiki.j2" %>',
    "attribute escape": "<< ''.__class__.__mro__[1].__subclasses__() >>",
    "syntax error": "<% for %>",
    "unknown filter": "<< 1 | nosuchfilter >>",
}
COMMANDS_WITH_CONFIG = ["check", "fix", "set", "extract", "preview", "render", "scan"]


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8", "surrogateescape"))
    return path


def _command(name: str, folder: Path) -> list[str | Path]:
    """A run of command NAME on the good inputs in FOLDER (so only the config can be bad)."""
    page, spec, dump = folder / "Page.wiki", folder / "s.yaml", folder / "d.xml"
    return {
        "check": ["check", page],
        "fix": ["fix", "--diff", page],
        "set": ["set", "--diff", page, "infobox.venue", "Hall"],
        "extract": ["extract", page],
        "preview": ["preview", page, "-o", folder / "out.html"],
        "render": ["render", spec, "-o", folder / "out.wiki"],
        "scan": ["scan", dump, "--jobs", "1"],
    }[name]


def _inputs(folder: Path) -> None:
    _write(folder / "Page.wiki", page_text(1))
    _write(folder / "s.yaml", SPEC)
    write_dump([("Page 1", page_text(1))], folder / "d.xml")


def _outputs(cli: Cli, row: Row, tmp: Path) -> None:
    folder = tmp / "outputs"
    _inputs(folder)
    (folder / "adir").mkdir()
    page, spec, dump = folder / "Page.wiki", folder / "s.yaml", folder / "d.xml"
    missing, adir = folder / "no" / "such" / "x", folder / "adir"
    for source in (spec, page):
        command = "render" if source == spec else "preview"
        for output in (missing, adir):
            result = cli.run(command, source, "-o", output)
            row.expect(f"{command} -o {output.relative_to(tmp)}", result, names=str(output))
    preview_spec = cli.run("preview", spec, "-o", adir)
    row.expect("preview SPEC -o adir", preview_spec, names=str(adir))
    for flag in ("-o", "--html"):
        for output in (missing, adir):
            result = cli.run("scan", dump, "--jobs", "1", flag, output)
            row.expect(f"scan {flag} {output.relative_to(tmp)}", result, names=str(output))


def _specs(cli: Cli, row: Row, tmp: Path) -> None:
    for label, (name, content) in BAD_SPECS.items():
        spec = _write(tmp / "specs" / label.replace(" ", "_") / name, content)
        for command in ("render", "preview"):
            result = cli.run(command, spec, "-o", spec.parent / "out", timeout=60)
            row.expect(f"{command} spec: {label}", result, names=name)


#: Root reads a chmod 000 file; without these capabilities it cannot (setpriv, util-linux).
NO_DAC = ("setpriv", "--bounding-set=-dac_override,-dac_read_search", "--")


def _configs(cli: Cli, row: Row, tmp: Path) -> None:
    for label, content in BAD_CONFIGS.items():
        folder = tmp / "configs" / re.sub(r"\W+", "_", label)
        _inputs(folder)
        _write(folder / "wikibox.toml", content)
        for command in COMMANDS_WITH_CONFIG:
            result = cli.run(*_command(command, folder), cwd=folder)
            ok = row.expect(f"{command} with wikibox.toml: {label}", result, names="wikibox.toml")
            if ok and "rule crashed" in result.stdout + result.stderr:
                row.other += 1
                row.note("blamed on the page", f"{command} with wikibox.toml: {label}", result)
    folder = tmp / "configs" / "given_a_directory"
    _inputs(folder)
    for command in ("check", "fix", "preview", "scan"):
        args = _command(command, folder)
        result = cli.run(args[0], "--config", folder, *args[1:], cwd=folder)
        row.expect(f"{command} --config DIRECTORY", result, names="--config")
    folder = tmp / "configs" / "unreadable"
    _inputs(folder)
    config = _write(folder / "wikibox.toml", 'wiki = "enwiki"\n')
    config.chmod(0)
    prefix: tuple[str, ...] = ()
    if os.geteuid() == 0:
        prefix = NO_DAC if shutil.which("setpriv") else ()
        how = "run under setpriv without CAP_DAC_OVERRIDE" if prefix else "NOT TESTED (no setpriv)"
        row.notes.append(f"note: running as root, chmod 000 does not stop reads: unreadable "
                         f"wikibox.toml {how}")  # fmt: skip
    if prefix or os.geteuid() != 0:
        for command in COMMANDS_WITH_CONFIG:
            result = cli.run(*_command(command, folder), cwd=folder, prefix=prefix)
            row.expect(f"{command} with unreadable wikibox.toml", result, names="wikibox.toml")
    config.chmod(0o644)


def _profiles(cli: Cli, row: Row, tmp: Path) -> None:
    cases: dict[str, str | None] = dict(BAD_PROFILES)
    cases["missing"] = None
    for label, content in cases.items():
        folder = tmp / "profiles" / re.sub(r"\W+", "_", label)
        _inputs(folder)
        _write(folder / "wikibox.toml", 'profiles = ["p.yaml"]\n')
        if content is not None:
            _write(folder / "p.yaml", content)
        for command in ("check", "preview", "scan"):
            result = cli.run(*_command(command, folder), cwd=folder)
            row.expect(f"{command} with profile: {label}", result, names="p.yaml")
        if content is not None:
            flag = cli.run("check", "--profile", folder / "p.yaml", folder / "Page.wiki")
            row.expect(f"check --profile: {label}", flag, names="p.yaml")


def _templates(cli: Cli, row: Row, tmp: Path) -> None:
    for label, template in TEMPLATES.items():
        folder = tmp / "templates" / re.sub(r"\W+", "_", label)
        _inputs(folder)
        _write(folder / "tpl" / "enwiki" / "article.wiki.j2", template + "\n")
        spec = folder / "s.yaml"
        result = cli.run("render", spec, "--templates", folder / "tpl", timeout=60)
        row.expect(f"render --templates: {label}", result, names="article.wiki.j2")
        _write(folder / "wikibox.toml", 'templates = ["tpl"]\n')
        result = cli.run("preview", spec, "-o", folder / "out.html", cwd=folder, timeout=60)
        row.expect(f"preview, templates in wikibox.toml: {label}", result, names="article.wiki.j2")


def _bad_pages(cli: Cli, row: Row, tmp: Path) -> None:
    folder = tmp / "pages"
    folder.mkdir()
    pages: dict[str, tuple[Path, tuple[int, ...]]] = {
        "missing": (folder / "missing.wiki", (2,)),
        "a directory": (folder, (2,)),
        "empty": (_write(folder / "empty.wiki", b""), (2,)),
        "blank": (_write(folder / "blank.wiki", b" \n\n"), (2,)),
        "not UTF-8": (_write(folder / "latin1.wiki", "Caf\xe9 {{a}}".encode("latin-1")), (2,)),
        "UTF-16": (_write(folder / "utf16.wiki", page_text(2).encode("utf-16")), (2,)),
        "NUL bytes": (_write(folder / "nul.wiki", page_text(3).replace("a", "\0")), (0, 1, 2)),
        "endless (/dev/zero)": (Path("/dev/zero"), (2,)),
        "over max_page_bytes": (_write(folder / "capped" / "big.wiki", page_text(5) * 20), (2,)),
    }
    _write(folder / "capped" / "wikibox.toml", "max_page_bytes = 1000\n")
    for label, (page, codes) in pages.items():
        for command in ("check", "fix", "extract", "set", "preview"):
            args: list[str | Path] = {
                "check": ["check", page],
                "fix": ["fix", "--diff", page],
                "extract": ["extract", page],
                "set": ["set", "--diff", page, "infobox.venue", "Hall"],
                "preview": ["preview", page, "-o", tmp / "pages.html"],
            }[command]
            row.expect(f"{command} page: {label}", cli.run(*args), codes, names=page.name)
    for value in ("nan", "inf", "-1"):
        for command in ("check", "fix", "scan"):
            page = _write(folder / "ok.wiki", page_text(4))
            args = [command, "--timeout", value, page]
            if command == "scan":
                args[-1] = tmp / "outputs" / "d.xml"
            row.expect(f"{command} --timeout {value}", cli.run(*args), names="--timeout")
    result = cli.run("check", "-", stdin=b"\xff\xfe" + b"x" * 100)
    row.expect("check - (stdin not UTF-8)", result, names="<stdin>")


def _cr_only(cli: Cli, row: Row, tmp: Path) -> None:
    texts = [page_text(number) for number in range(5)]
    for number, text in enumerate(texts):
        lf = _write(tmp / "newlines" / f"lf{number}.wiki", text)
        cr = _write(tmp / "newlines" / f"cr{number}.wiki", text.replace("\n", "\r"))
        wanted = _positions(cli.run("check", "--format", "json", lf))
        result = cli.run("check", "--format", "json", cr)
        if row.expect(f"check CR-only page {number}", result, (1,)):
            got = _positions(result)
            if got != wanted:
                row.other += 1
                row.notes.append(f"CR-only page {number}: findings at {got}, LF: {wanted}")
    scans = {}
    for name, newline in (("lf", "\n"), ("cr", "\r")):
        dump = tmp / "newlines" / f"{name}.xml"
        write_dump([(f"P{n}", text.replace("\n", newline)) for n, text in enumerate(texts)], dump)
        scans[name] = cli.run("scan", dump, "--jobs", "1")
    if row.expect("scan of CR-only pages", scans["cr"], (1,)):
        lf, cr = (sorted(_scan_positions(scans[name])) for name in ("lf", "cr"))
        if lf != cr:
            row.other += 1
            row.notes.append(f"scan of CR-only pages: findings at {cr[:5]}…, LF: {lf[:5]}…")


def _scan_positions(result) -> list[tuple[str, str, int, int]]:
    findings = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return [(f["title"], f["rule"], f["line"], f["column"]) for f in findings]


def _broken_pipe(cli: Cli, row: Row, tmp: Path) -> None:
    """Output read by ``head``: the reader goes away after a few bytes."""
    pages = sorted((tmp / "newlines").glob("*.wiki")) * 40
    dump = tmp / "pipe.xml"
    write_dump([(f"P{n}", page_text(n)) for n in range(400)], dump)
    runs = {
        "rules": ["rules"],
        "check": ["check", *pages],
        "check --format json": ["check", "--format", "json", *pages],
        "extract": ["extract", pages[0]],
        "scan": ["scan", dump, "--jobs", "1"],
        "scan --format json": ["scan", dump, "--jobs", "1", "--format", "json"],
    }
    for label, args in runs.items():
        process = cli.start(*args)
        assert process.stdout is not None and process.stderr is not None
        process.stdout.read(100)
        process.stdout.close()
        stderr = process.stderr.read().decode("utf-8", "replace")
        process.wait(timeout=300)
        result = Result(process.returncode, "", stderr)
        row.expect(f"{label} | head -c 100", result, (0, 1, 2))


def _positions(result) -> list[tuple[str, int, int]]:
    files = json.loads(result.stdout)["files"]
    return [(f["rule"], f["line"], f["column"]) for file in files for f in file["findings"]]


URI_SAFE = re.compile(r"^[A-Za-z0-9\-._~%/:]*$")


def _sarif(cli: Cli, row: Row, tmp: Path) -> None:
    names = ["Summit 100% #1 é.wiki", "a b.wiki", "what?.wiki", "[x] {y}.wiki", "日本.wiki"]
    for name in names:
        page = _write(tmp / "sarif" / name, page_text(5))
        result = cli.run("check", "--format", "sarif", page)
        if not row.expect(f"check --format sarif {name!r}", result, (1,)):
            continue
        run = json.loads(result.stdout)["runs"][0]
        uris = {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
        }
        good = run.get("columnKind") == "unicodeCodePoints" and all(
            URI_SAFE.match(uri) and urllib.parse.unquote(uri).endswith(name) for uri in uris
        )
        if not good:
            row.other += 1
            row.notes.append(f"SARIF {name!r}: columnKind {run.get('columnKind')}, URIs {uris}")


def audit_tracebacks(cli: Cli, tmp: Path) -> Row:
    row = Row("tracebacks (bad inputs, outputs, configs, profiles, templates)")
    parts = (_outputs, _specs, _configs, _profiles, _templates, _bad_pages, _cr_only, _sarif)
    for part in (*parts, _broken_pipe):
        part(cli, row, tmp)
    return row
