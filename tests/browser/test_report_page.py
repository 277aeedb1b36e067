"""The report of ``python -m helpers.report`` opens offline in Chromium: figures shown, nothing fetched.

The page is written from the shipped messy sample log, served by
``python -m http.server`` on 127.0.0.1, and opened with every request to
another host blocked and counted (see ``conftest.py``).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from helpers import report
from helpers.datasets import ownlog

pytestmark = pytest.mark.browser


def serve(folder: object) -> tuple[subprocess.Popen, str]:
    """``python -m http.server`` on a free 127.0.0.1 port over `folder`, answering."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port),
                                "-d", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return process, url
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError(f"http.server did not answer at {url}")


@pytest.fixture(scope="module")
def report_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("report")
    code = report.main([str(ownlog.path()), "--customer", "会员编号", "--date", "下单时间",
                        "--amount", "实付金额", "--out", str(out)])
    assert code == 0
    process, url = serve(out)
    try:
        yield url + "report.html"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_report_opens_offline_with_every_figure(page: object, report_server: str) -> None:
    page.goto(report_server, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => Array.from(document.images).every(i => i.complete)")
    widths = page.evaluate("() => Array.from(document.images).map(i => i.naturalWidth)")
    assert len(widths) >= 3 and all(width > 0 for width in widths), widths
    headings = page.locator("h2").all_inner_texts()
    assert any("Data quality" in h for h in headings) and any("CLV" in h for h in headings)
    assert page.locator("table").count() >= 4
    assert "会员编号" in page.content()  # Chinese column names survive the trip
    assert page.errors == []
    assert page.external_requests == []

