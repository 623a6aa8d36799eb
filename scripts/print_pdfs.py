"""Print every page of the printable glossary to an A4 PDF beside it, with headless Chromium.

    python scripts/print_pdfs.py SITE_DIR      (scripts/offline.sh runs it on the offline bundle)

SITE_DIR is a built site, online (directory URLs) or offline (``.html`` URLs). Each print page
(``glossary/print/…`` and ``en/glossary/print/…``) is opened from a local server in Chromium's
print mode and written to the PDF its page names (``data-pdf``, from ``lessico/urls.print_pdf``);
then the page's PDF link is turned on (``hidden`` and ``data-pdf`` become an ``href``). A plain
``mkdocs build`` needs no Chromium: there the link stays hidden and without an address.

In the PDF, links to other pages are dropped (they would lead to this local server); links to an
entry of the same edition stay. Header: the page's title; footer: page n / total.
Needs Playwright and Debian's chromium (``--no-sandbox``, as tests/conftest.py launches it).
"""
from __future__ import annotations

import functools
import http.server
import os
import re
import sys
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
_PDF_LINK = re.compile(r'<p class="lx-print-pdf" hidden><a data-pdf="([^"]+)"')
_STYLE = "font: 8pt sans-serif; color: #444; width: 100%; margin: 0 15mm; display: flex; justify-content: space-between;"
HEADER = f'<div style="{_STYLE}"><span class="title"></span></div>'
FOOTER = f'<div style="{_STYLE} justify-content: flex-end;"><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'


_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}")


def fixed_dates(data: bytes) -> bytes:
    """The PDF's dates at SOURCE_DATE_EPOCH, when set (same length: the offsets stay right), so that
    the same site gives the same PDF bytes, as the offline bundle promises."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return data
    from datetime import datetime, timezone
    stamp = datetime.fromtimestamp(int(epoch), timezone.utc).strftime("%Y%m%d%H%M%S").encode()
    return _PDF_DATE.sub(lambda m: b"/" + m.group(1) + b" (D:" + stamp, data)


def print_pages(site: Path) -> list[Path]:
    """The print pages of a built site (both layouts)."""
    return sorted(p for p in site.rglob("*.html")
                  if "glossary/print/" in p.relative_to(site).as_posix() + "/" and _PDF_LINK.search(p.read_text(encoding="utf-8")))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def make_pdfs(site: Path) -> list[tuple[Path, int]]:
    """Write the PDFs and turn their links on; returns (pdf, page count) per print page."""
    from playwright.sync_api import sync_playwright

    site = Path(site).resolve()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    done = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            page = browser.new_page()
            for html_file in print_pages(site):
                text = html_file.read_text(encoding="utf-8")
                href = _PDF_LINK.search(text).group(1)
                pdf = (html_file.parent / href).resolve()
                page.goto(base + html_file.relative_to(site).as_posix(), wait_until="load")
                page.emulate_media(media="print")
                # a link to another page would lead to this server from the PDF: keep its text only
                page.evaluate("""() => { for (const a of document.querySelectorAll('.lx-print a[href]')) {
                    if (!a.getAttribute('href').startsWith('#')) a.removeAttribute('href'); } }""")
                data = page.pdf(prefer_css_page_size=True, print_background=False, display_header_footer=True,
                                header_template=HEADER, footer_template=FOOTER, outline=False, tagged=True)
                pdf.write_bytes(fixed_dates(data))
                done.append((pdf, len(re.findall(rb"/Type\s*/Page[^s]", data))))
                html_file.write_text(_PDF_LINK.sub(lambda m: f'<p class="lx-print-pdf"><a href="{m.group(1)}" download', text),
                                     encoding="utf-8")
            browser.close()
    finally:
        server.shutdown()
    return done


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0], "index.html").is_file():
        print("usage: python scripts/print_pdfs.py SITE_DIR   (a built site: SITE_DIR/index.html)", file=sys.stderr)
        return 2
    site = Path(argv[0])
    if not Path(CHROMIUM).exists():
        print(f"print_pdfs: Chromium not found at {CHROMIUM} (Debian: apt-get install chromium)", file=sys.stderr)
        return 2
    done = make_pdfs(site)
    for pdf, pages in done:
        print(f"{pdf.relative_to(site.resolve())}  {pages} pages")
    print(f"print_pdfs: {len(done)} PDFs written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
