"""What the tests share: where the project and its develop notes are, and how to run the command line.

    from helpers import CMD, CORPUS, ROOT

(``tests/`` is on ``sys.path`` when pytest runs, as for the other shared modules: ``factcheck``,
``htmldom``, ``sheetcheck``.)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the project's checkout
CORPUS = ROOT / "corpus" / "notes"  # the develop notes (corpus/test is the held-out set: never here)
# the installed ``relparty`` script beside the interpreter that runs the tests, else the module
SCRIPT = Path(sys.executable).with_name("relparty")
CMD = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "relparty.cli"]
