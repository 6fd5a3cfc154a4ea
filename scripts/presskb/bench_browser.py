"""The benchmark's measurements in headless Chromium: search time to first result, and the time
from saving a seed under `presskb serve` to its title showing (see presskb.bench)."""

from __future__ import annotations

import functools
import http.server
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

SEARCH_TIMEOUT_S = 60


# --- search in a browser --------------------------------------------------------------------

def time_to_first_result(site: Path, queries: tuple[str, ...]) -> dict[str, float | None]:
    """Seconds from typing each query into the header search box to the first result, each on a
    freshly loaded page (nothing cached); None when no result came within the timeout."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout, sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    times: dict[str, float | None] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
            for query in queries:
                page = browser.new_context().new_page()
                page.goto(url)
                page.locator("input.md-search__input").click()
                started = time.perf_counter()
                page.keyboard.type(query)
                try:
                    page.locator(".md-search-result__item").first.wait_for(timeout=SEARCH_TIMEOUT_S * 1000)
                    times[query] = time.perf_counter() - started
                except PlaywrightTimeout:
                    times[query] = None
                page.context.close()
            browser.close()
    finally:
        server.shutdown()
    return times


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a page closed while its index chunks were still downloading


def search_line(label: str, times: dict[str, float | None]) -> str:
    shown = ", ".join(f'"{q}" {t:.2f} s' if t is not None else f'"{q}" no result in {SEARCH_TIMEOUT_S} s'
                      for q, t in times.items())
    return f"  search, first result ({label}): {shown}"


def serve_latency(root: Path, environment: dict[str, str]) -> float:
    """Seconds from saving a new seed into seeds/ to its title showing on the home page open in
    Chromium, under `presskb serve` (its live reload reloads the page once the site is rebuilt)."""
    from playwright.sync_api import sync_playwright

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "presskb", "--project", str(root), "serve",
                               "--dev-addr", f"127.0.0.1:{port}"], cwd=root, env=environment,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    title = "Serve latency probe: a release saved while presskb serve runs"
    try:
        _wait_until_served(url, server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(url)
            started = time.perf_counter()
            probe = root / "seeds" / "bench-serve" / "probe.md"
            probe.parent.mkdir(parents=True, exist_ok=True)
            probe.write_text(f"# {title}\n\nSHANGHAI, {time.strftime('%B %d, %Y')} "
                             "/PRNewswire/ -- A cell therapy company announced a probe.\n", encoding="utf-8")
            page.get_by_text(title).first.wait_for(timeout=SEARCH_TIMEOUT_S * 1000 * 5)
            seconds = time.perf_counter() - started
            browser.close()
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        (root / "seeds" / "bench-serve" / "probe.md").unlink(missing_ok=True)
    return seconds


def _wait_until_served(url: str, server: subprocess.Popen) -> None:
    while True:
        if server.poll() is not None:
            raise SystemExit("bench: presskb serve stopped before it served the site")
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.5)
