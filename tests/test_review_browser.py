"""End to end: the HTML review in headless Chromium (Debian's ``chromium``; ``make test`` installs it).

The browser is driven over the Chrome DevTools protocol on a pipe (``--remote-debugging-pipe``: JSON
messages ending in NUL on file descriptors 3 and 4), so no driver, websocket library or network is
needed. The test renders real notes plus a hostile one, then checks in the live page that the
highlights and the facts table render with their styles, that a real mouse click on a fact's link
brings its evidence highlight into view as ``:target`` and that the highlight's link brings the row
back, that no script ran and nothing was fetched; it saves a screenshot.

``test_the_readme_screenshot_is_the_review_of_a_corpus_note`` makes the README's screenshot in a temporary
folder and checks it; with ``RELPARTY_UPDATE_SCREENSHOT=1`` it also writes it to ``docs/review.png``
(a plain test run never changes a file of the checkout).
Run as a script it writes a screenshot of an existing review::

    python tests/test_review_browser.py review.html docs/review.png
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTES = ROOT / "corpus" / "notes"
HOSTILE = (
    'The Company sold goods to =HYPERLINK("http://x","y") Co., Ltd. Revenues of RMB5 and RMB6 were recorded for the '
    "years ended December 31, 2022 and 2023, respectively. <script>alert(1)</script>\n"
    '<img src="http://example.invalid/x.png" onerror="alert(2)">\n'
)
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-extensions", "--disable-quic", "--disable-features=Translate,MediaRouter",
    "--hide-scrollbars", "--mute-audio", "--window-size=1280,900",
]


NO_CHROMIUM = ("Chromium not found, and it could not be installed here: `make test` installs Debian's `chromium` "
               "when run as root with apt-get; otherwise `sudo apt-get install chromium` or set RELPARTY_CHROMIUM=/path/to/chrome")


def find_chromium() -> str | None:
    for name in (os.environ.get("RELPARTY_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and (path := shutil.which(name)):
            return path
    return None


class Chromium:
    """Headless Chromium with a DevTools session on one page, spoken to over a pipe."""

    def __init__(self, exe: str, profile: Path, width: int = 1280, height: int = 900) -> None:
        to_child_r, self._w = os.pipe()
        self._r, from_child_w = os.pipe()

        def fds_3_and_4() -> None:  # in the child: commands on fd 3, replies on fd 4
            a = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [exe, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            close_fds=False, preexec_fn=fds_3_and_4,  # the test process is single-threaded
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._buf = b""
        self._id = 0
        self.events: list[dict[str, Any]] = []
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Network"):
            self.send(f"{domain}.enable", session=True)
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session=True)

    # -- protocol --

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no answer from chromium")
            ready, _, _ = select.select([self._r], [], [], left)
            if ready:
                chunk = os.read(self._r, 1 << 16)
                if not chunk:
                    raise RuntimeError(f"chromium closed the pipe (exit code {self.proc.poll()})")
                self._buf += chunk
        msg, _, self._buf = self._buf.partition(b"\0")
        return json.loads(msg)

    def send(self, method: str, params: dict[str, Any] | None = None, session: bool = False,
             timeout: float = 30) -> dict[str, Any]:
        self._id += 1
        msg: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = self.session
        data = json.dumps(msg).encode() + b"\0"
        while data:
            data = data[os.write(self._w, data):]
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method: str, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            for i, e in enumerate(self.events):
                if e.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self._read(deadline))

    # -- page --

    def open(self, url: str) -> None:
        self.events.clear()
        self.send("Page.navigate", {"url": url}, session=True)
        self.wait_event("Page.loadEventFired")

    def js(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"in page: {result['exceptionDetails']}")
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the element (scrolled into view first)."""
        box = self.js(f"""(() => {{ const e = document.querySelector({json.dumps(selector)});
            e.scrollIntoView({{block: "center"}}); const r = e.getBoundingClientRect();
            return [r.left + r.width / 2, r.top + r.height / 2]; }})()""")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1], "button": "left",
                                                   "clickCount": 1}, session=True)

    def wait_for(self, expression: str, timeout: float = 10) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = self.js(expression)
            if value or time.monotonic() > deadline:
                return value
            time.sleep(0.05)

    def screenshot(self, path: Path, full_page: bool = False) -> None:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", params, session=True)["data"]))

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._r)
        os.close(self._w)


# The state of the page as the test sees it: where the target is, what the highlights look like.
STATE_JS = """(() => {
  const t = document.querySelector(':target');
  const r = t ? t.getBoundingClientRect() : null;
  return {hash: location.hash, target: t ? t.id : null, tag: t ? t.tagName.toLowerCase() : null,
          inView: !!r && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
          outline: t ? getComputedStyle(t).outlineStyle : null};
})()"""

RENDER_JS = """(() => {
  const kinds = {};
  for (const m of document.querySelectorAll('div.text mark.hl.amt')) {
    const k = [...m.classList].find(c => c.startsWith('k-'));
    kinds[k] = getComputedStyle(m).backgroundColor;
  }
  const rows = [...document.querySelectorAll('table.facts tbody tr[id^="fact-"]')];
  const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  return {
    kinds,
    parties: [...document.querySelectorAll('div.text mark.party')].filter(visible).length,
    periods: [...document.querySelectorAll('div.text mark.period')].filter(visible).length,
    blanks: [...document.querySelectorAll('div.text a.blank')].filter(visible).map(b => b.textContent),
    rows: rows.map(r => r.id), rowsVisible: rows.filter(visible).length,
    firstRow: rows.length ? [...rows[0].cells].map(c => c.textContent) : [],
    scripts: document.scripts.length,
    pwned: typeof window.__pwned !== 'undefined',
    hostileText: [...document.querySelectorAll('div.text')].some(d => d.textContent.includes('<script>alert(1)</script>')),
    title: document.title,
  };
})()"""


def _review(tmp: Path) -> tuple[Path, list[Any]]:
    from relparty.api import extract
    from relparty.exports.html import write_review
    from relparty.results import FileResult

    results = []
    for name in ("euroseas-2015-r16", "westpharmaceutical-2023-r14"):
        path = NOTES / f"{name}.txt"
        text = path.read_text(encoding="utf-8")
        results.append(FileResult(path=str(path), extraction=extract(text, source=str(path)), text=text))
    results.append(FileResult(path="hostile.txt", extraction=extract(HOSTILE, source="hostile.txt"), text=HOSTILE))
    out = tmp / "review.html"
    write_review(results, out)
    return out, results


@pytest.mark.browser
def test_review_in_headless_chromium(tmp_path: Path) -> None:
    exe = find_chromium()
    if exe is None:
        pytest.skip(NO_CHROMIUM)
    from relparty.exports.rows import plain_number

    html_path, results = _review(tmp_path)
    facts = [f for r in results for f in r.extraction.facts()]
    blank_n = next(i for i, f in enumerate(facts, start=1) if f.blank)
    plain_n = next(i for i, f in enumerate(facts, start=1) if not f.blank and f.kind == "revenue")

    browser = Chromium(exe, tmp_path / "profile")
    try:
        browser.open(html_path.as_uri())
        page = browser.js(RENDER_JS)
        # the highlights render in their kind's colour, with parties, periods and the blank slot visible
        assert page["kinds"].get("k-cost") == "rgb(255, 224, 178)", page["kinds"]
        assert page["kinds"].get("k-revenue") == "rgb(200, 230, 201)", page["kinds"]
        assert {"k-cost", "k-revenue", "k-payable", "k-receivable", "k-other"} <= set(page["kinds"])
        assert page["parties"] >= 2 and page["periods"] >= 3
        assert page["blanks"] == [f"\u2205 blank #{blank_n}"]
        # the facts table has every fact, in order
        assert page["rows"] == [f"fact-{i}" for i in range(1, len(facts) + 1)]
        assert page["rowsVisible"] == len(facts)
        assert page["firstRow"][0] == "#1" and page["firstRow"][6] == plain_number(facts[0].amount, grouped=True)
        # the hostile note is text: no script element, nothing ran
        assert page["scripts"] == 0 and not page["pwned"] and page["hostileText"]

        for n in (plain_n, blank_n):
            browser.js("window.scrollTo(0, 0)")
            # fact row -> its evidence highlight
            browser.click(f'#fact-{n} a[href="#ev-{n}"]')
            state = browser.wait_for(f"(s => s.hash === '#ev-{n}' && s)({STATE_JS})")
            assert state, browser.js(STATE_JS)
            assert state["target"] == f"ev-{n}" and state["inView"] and state["outline"] == "solid", state
            assert state["tag"] == ("a" if n == blank_n else "mark")
            if n == plain_n:
                browser.screenshot(tmp_path / "review-target.png")
            # highlight -> back to its row
            back = f'#ev-{n}' if n == blank_n else f'#ev-{n} a.back[href="#fact-{n}"]'
            browser.click(back)
            state = browser.wait_for(f"(s => s.hash === '#fact-{n}' && s)({STATE_JS})")
            assert state, browser.js(STATE_JS)
            assert state["target"] == f"fact-{n}" and state["tag"] == "tr" and state["inView"], state

        # summary links reach each note
        browser.click('#top a[href="#note-2"]')
        assert browser.wait_for(f"(s => s.hash === '#note-2' && s.inView && s)({STATE_JS})")

        # self-contained: the only request was the page itself, and no dialog opened
        requests = [e["params"]["request"]["url"] for e in browser.events if e.get("method") == "Network.requestWillBeSent"]
        assert requests == [html_path.as_uri()], requests
        assert not [e for e in browser.events if e.get("method") == "Page.javascriptDialogOpening"]
    finally:
        browser.close()

    shot = tmp_path / "review-target.png"
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


# The README's screenshot: the review of one fixed corpus note, made by the test below.
SCREENSHOT = ROOT / "docs" / "review.png"
SCREENSHOT_NOTE = "sony-2025-r71"  # header rows folded, a flattened table with its facts in their cells
SCREENSHOT_SIZE = (1280, 1400)
UPDATE_SCREENSHOT = "RELPARTY_UPDATE_SCREENSHOT"  # set to 1 to write the new screenshot into docs/

SHOWN_JS = """(() => {
  const inView = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.top >= 0 && r.bottom <= innerHeight; };
  return {
    folds: [...document.querySelectorAll('div.text details.fold > summary')].filter(inView).length,
    openFolds: document.querySelectorAll('details.fold[open]').length,
    cellMarks: [...document.querySelectorAll('div.text table.flat td mark.hl.amt')].filter(inView).length,
    parties: [...document.querySelectorAll('div.text table.flat mark.party')].filter(inView).length,
    seps: [...document.querySelectorAll('div.text table.flat .sep')].filter(e => e.getClientRects().length).length,
  };
})()"""


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", "not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


@pytest.mark.browser
def test_the_readme_screenshot_is_the_review_of_a_corpus_note(tmp_path: Path) -> None:
    """The README's screenshot: the review of :data:`SCREENSHOT_NOTE` in headless Chromium, its top
    :data:`SCREENSHOT_SIZE`, with folded header rows and facts highlighted in table cells in view. Written
    to ``docs/review.png`` only when ``RELPARTY_UPDATE_SCREENSHOT=1`` (:data:`UPDATE_SCREENSHOT`)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"]({SCREENSHOT.relative_to(ROOT).as_posix()})" in readme, "the README shows the screenshot"
    exe = find_chromium()
    if exe is None:
        pytest.skip(NO_CHROMIUM)
    from relparty.api import extract
    from relparty.exports.html import write_review
    from relparty.results import FileResult

    path = NOTES / f"{SCREENSHOT_NOTE}.txt"
    text = path.read_text(encoding="utf-8")
    review = tmp_path / "review.html"
    write_review([FileResult(path=f"corpus/notes/{path.name}", extraction=extract(text, source=str(path)), text=text)],
                 review)
    browser = Chromium(exe, tmp_path / "profile", *SCREENSHOT_SIZE)
    try:
        browser.open(review.as_uri())
        shown = browser.js(SHOWN_JS)
        assert shown["folds"] >= 1 and shown["openFolds"] == 0, shown  # the hidden lines are folded, in view
        assert shown["cellMarks"] >= 4 and shown["parties"] >= 1, shown  # facts highlighted in their cells
        assert shown["seps"] == 0, shown  # a table's pipes and newlines take no room
        shot = tmp_path / "review.png"
        browser.screenshot(shot)
    finally:
        browser.close()
    data = shot.read_bytes()
    assert png_size(data) == SCREENSHOT_SIZE and len(data) > 50_000
    if os.environ.get(UPDATE_SCREENSHOT) == "1":
        SCREENSHOT.write_bytes(data)
    assert png_size(SCREENSHOT.read_bytes()) == SCREENSHOT_SIZE  # the committed screenshot has the same size


def main(argv: list[str]) -> int:
    """``python tests/test_review_browser.py REVIEW.html OUT.png [HEIGHT]``: a screenshot of a review."""
    if len(argv) not in (2, 3):
        print(main.__doc__, file=sys.stderr)
        return 2
    exe = find_chromium()
    if exe is None:
        print("chromium not found", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        browser = Chromium(exe, Path(tmp) / "profile", height=int(argv[2]) if len(argv) == 3 else 1500)
        try:
            browser.open(Path(argv[0]).resolve().as_uri())
            browser.screenshot(Path(argv[1]))
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
