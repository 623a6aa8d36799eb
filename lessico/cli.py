"""The ``lessico`` command. ``lessico link``: link glossary terms in Markdown, HTML or LaTeX files;
``lessico candidates``: the term candidates of the sources that no record covers (for editors).

Errors are one line on stderr and exit status 2, never a traceback.
"""
from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

from .errors import InputError
from .link import format_of, link_text, load
from .link.formats import latex_has_hyperref
from .model import LANGS

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lessico", description="Tools of Lessico dei distretti.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser(
        "link", help="link glossary terms in your own Markdown, HTML or LaTeX files",
        description="Link the first occurrence of each glossary term per section of Markdown (.md), "
        "HTML (.html, .htm) or LaTeX (.tex, with \\href: needs \\usepackage{hyperref}; beamer loads it) "
        "files, never inside headings, code, math, existing links or URLs.")
    p.add_argument("files", nargs="+", metavar="FILE", type=Path)
    p.add_argument("--terms", required=True, metavar="TERMS",
                   help="the glossary's terms.json: a file or an http(s) URL")
    p.add_argument("--lang", choices=LANGS, help="language of the files: its terms and pages (default: the glossary's, it)")
    p.add_argument("--dry-run", action="store_true", help="only report what would be linked (file:line, text, target)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("-o", "--output", type=Path, metavar="OUT", help="write the linked file here (one input file)")
    out.add_argument("--in-place", action="store_true", help="overwrite each file, keeping a copy FILE.bak")
    c = sub.add_parser(
        "candidates", help="list the term candidates of the sources that no record covers",
        description="List the multi-word noun phrases and single technical terms of the sources that no "
        "concept record covers, ranked by C-value, with their frequency, the sources and paragraphs they "
        "occur in and one context each, per language of the sources. Known labels, their forms and "
        "glossary/candidates-stoplist.txt are excluded.")
    c.add_argument("--root", type=Path, default=Path("."), metavar="DIR",
                   help="the project folder, with sources/, glossary/ and bibliography/ (default: here)")
    c.add_argument("--lang", help="only the candidates of this language (a language of the sources)")
    c.add_argument("--top", type=int, metavar="N", help="only the N best of each language")
    c.add_argument("--min-frequency", type=int, default=2, metavar="N",
                   help="only candidates seen at least N times (default 2)")
    c.add_argument("--json", action="store_true", help="JSON instead of a table")
    return parser


def candidates_command(args) -> int:
    from . import candidates
    from .build import build_model

    if args.top is not None and args.top < 1:
        raise InputError("--top", "must be a positive number")
    if args.min_frequency < 1:
        raise InputError("--min-frequency", "must be a positive number")
    root = args.root
    if not (root / "sources").is_dir() or not (root / "glossary").is_dir():
        raise InputError(root, "not a project folder (no sources/ or glossary/): give it with --root")
    found = candidates.from_model(build_model(root), args.min_frequency)
    if args.lang:
        if args.lang not in found:
            raise InputError("--lang", f"no source in '{args.lang}' (the sources are in {', '.join(found) or 'none'})")
        found = {args.lang: found[args.lang]}
    out = candidates.to_json(found, args.top) if args.json else candidates.table(found, args.top)
    sys.stdout.write(out + "\n")
    return 0


def _read(path: Path) -> tuple[str, str, bool]:
    """(text, encoding, had a BOM). UTF-8; an HTML file may declare another charset (Word does)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file") from None
    except OSError as e:
        raise InputError(path, f"cannot read: {e.strerror or e}") from None
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8-sig"), "utf-8", bom
    except UnicodeDecodeError as e:
        if format_of(path).name != "HTML":
            raise InputError(path, f"not UTF-8 (byte {e.start}): save it as UTF-8 first") from None
    m = _CHARSET.search(raw[:4096])
    encoding = m.group(1).decode("ascii") if m else "windows-1252"
    try:
        return raw.decode(encoding), encoding, False
    except (LookupError, UnicodeDecodeError):
        raise InputError(path, f"cannot decode as {encoding}, the charset it declares") from None


def _write(path: Path, text: str, encoding: str, bom: bool) -> None:
    data = text.encode(encoding, errors="xmlcharrefreplace")
    try:
        path.write_bytes(b"\xef\xbb\xbf" + data if bom else data)
    except OSError as e:
        raise InputError(path, f"cannot write: {e.strerror or e}") from None


def _oneline(text: str) -> str:
    return " ".join(text.split())


def link_command(args) -> int:
    files: list[Path] = args.files
    if args.output and len(files) > 1:
        raise InputError(args.output, "-o takes one input file; use --in-place for several")
    if not (args.output or args.in_place or args.dry_run) and len(files) > 1:
        raise InputError(files[1], "several files: use --in-place (or --dry-run), or -o for one file")
    for path in files:  # every file is checked before anything is written
        format_of(path)
        if not path.exists():
            raise InputError(path, "no such file")
        if args.in_place and not args.dry_run and Path(f"{path}.bak").exists():
            raise InputError(f"{path}.bak", "a backup from an earlier run is in the way: move it away first")
    if args.output and args.output.resolve() == files[0].resolve():
        raise InputError(args.output, "is the input file: use --in-place to overwrite it with a backup")
    glossary = load(args.terms, args.lang)
    for path in files:
        fmt = format_of(path)
        text, encoding, bom = _read(path)
        linked, links = link_text(text, fmt, glossary)
        if fmt.name == "LaTeX" and links and not latex_has_hyperref(text):
            print(f"lessico: warning: {path}: \\href needs \\usepackage{{hyperref}} in the preamble", file=sys.stderr)
        if args.dry_run:
            for link in links:
                print(f'{path}:{link.line}: "{_oneline(link.text)}" -> {link.target.url}')
            print(f"lessico: {path}: {len(links)} link(s) would be added", file=sys.stderr)
            continue
        if args.in_place:
            shutil.copy2(path, f"{path}.bak")
            _write(path, linked, encoding, bom)
        elif args.output:
            _write(args.output, linked, encoding, bom)
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(linked.encode(encoding, errors="xmlcharrefreplace"))
            sys.stdout.buffer.flush()
        if args.in_place or args.output:
            print(f"lessico: {path}: {len(links)} link(s) added", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return candidates_command(args) if args.command == "candidates" else link_command(args)
    except InputError as e:
        print(f"lessico: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
