"""What a first view costs: requests and bytes of the home page, a resource page and a first search.

    python benchmarks/pageweight.py SITE_DIR [--width 1280] [--resource networks/maths/PAGE/] [--query fractions]

Serves the built site SITE_DIR on 127.0.0.1 (a free port), opens each page in a fresh browser context of Debian's
Chromium (so nothing is cached: a first view) and counts every response and the bytes of its body as delivered
(the files are served uncompressed, so these are the files' own sizes; a host that gzips sends fewer). The search
figure is the search page opened with `?q=QUERY`, waited for until its results show. Prints one table, and the
requests by kind; nothing is sent to any other host (such requests are blocked and listed).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def measure(browser, base: str, path: str, width: int, wait_for: str | None = None) -> dict:
    """One first view of base+path: the responses (address, bytes) and requests blocked for leaving the machine."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    responses: list[tuple[str, int]] = []
    foreign: list[str] = []

    def route(route):
        if route.request.url.startswith(base):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    def on_response(response):
        try:
            size = len(response.body())
        except Exception:  # a redirect or an aborted response has no body
            size = 0
        responses.append((response.url[len(base) - 1:], size))

    context.route("**/*", route)
    page = context.new_page()
    page.on("response", on_response)
    page.goto(base + path, wait_until="load")
    if wait_for:
        page.wait_for_selector(wait_for, timeout=20000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    context.close()
    return {"responses": responses, "foreign": foreign}


def kind(address: str) -> str:
    path = urlsplit(address).path
    if path.endswith("/") or path.endswith(".html"):
        return "html"
    return path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else "other"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--resource", default="networks/maths/bar-models-for-fractions-year-5/")
    parser.add_argument("--query", default="fractions")
    args = parser.parse_args()
    handler = functools.partial(Quiet, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    views = [("home page", "", None), ("resource page", args.resource, None),
             (f"first search ({args.query})", f"search/?q={args.query}", ".ph-search__list li")]
    try:
        with sync_playwright() as running:
            browser = running.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            print(f"| view ({args.width} px) | requests | bytes | of which sitemap.xml | logo requests |")
            print("|---|---|---|---|---|")
            details = []
            for name, path, wait_for in views:
                result = measure(browser, base, path, args.width, wait_for)
                responses = result["responses"]
                total = sum(size for _, size in responses)
                sitemap = sum(size for address, size in responses if address.split("?")[0].endswith("sitemap.xml"))
                logos = sum(1 for address, _ in responses if address.split("?")[0].endswith("/logo.svg"))
                print(f"| {name} | {len(responses)} | {total:,} | {sitemap:,} | {logos} |")
                details.append((name, responses, result["foreign"]))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    for name, responses, foreign in details:
        by_kind = Counter()
        for address, size in responses:
            by_kind[kind(address)] += size
        print(f"\n{name}: " + ", ".join(f"{k} {v:,} B" for k, v in by_kind.most_common()))
        for address, size in responses:
            print(f"  {size:>9,}  {address}")
        if foreign:
            print(f"  blocked (other hosts): {foreign}")


if __name__ == "__main__":
    main()
