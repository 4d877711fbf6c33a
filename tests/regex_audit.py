"""Every compiled regex of relparty, and a runner that times each against adversarial strings.

``collect()`` finds the patterns: module-level ``re.Pattern`` / ``regex.Pattern`` objects of every
module of the package (also inside module-level dicts, lists and tuples, and class attributes),
the patterns held by the pipeline's components and its tokenizer (prefix, suffix, infix, token
and URL match), and the string-literal patterns of inline ``re.search(r"...", ...)`` calls, found
in the modules' source. ``adversarial(pattern)`` gives the 10 KB strings to run it on: runs of
punctuation, dashes, pipes, spaces and newlines, digits, repeated words, unbalanced brackets,
plus runs of each literal character and word of the pattern itself, each with and without a
tail that makes a match fail at the very end (where backtracking blows up).

Run as a script (``python tests/regex_audit.py SPEC.json SECONDS``), it reads ``[[engine,
pattern, flags, name, anchored], ...]`` and runs each pattern with ``finditer`` (every start) and
``fullmatch`` over every string, each call bounded in CPU time (see ``run``), and says which
pattern and string went over; the test watching it also kills it if it stops answering.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
import re
import signal
import sys
import time
from collections.abc import Iterator
from typing import Any

import regex

SIZE = 10_000
UNITS = (
    "-", "- ", "--- ", "---|", "|", "| ", " |", " ", "\n", " \n", "\n\n ", "\t", "\u00a0", ".", ". ", ",", ", ",
    ";", ":", "!", "?", "'", '"', "\u201c", "\u201d", "\u2019", "(", ")", "[", "]", "{", "( ", "[ (", "<", "< ", "<a ", "<!--",
    "&", "&#", "$", "$ ", "%", "*", "/", "\\", "_", "1", "1 ", "1,", "1,000 ", "1.", "1.5 ", "2022 ", "2022\n", "12 ",
    "$1,000, ", "(1,000) ", "a", "A", "aA", "Aa ", "a ", "the ", "of ", "and ", "related ", "Ltd. ", "Co., Ltd ",
    "Months Ended ", "December 31, ", "Dec. 31, 2024 ", "million ", "RMB", "RMB1 ", "due from ", "X\n", "x" * 50 + " ",
    "\u00e9", "\u00b2", "\u2014", "\u2012 ",
)
TAILS = ("", "!")
SCREEN_S = 0.01  # CPU seconds at 1 KB under which the 10 KB run is skipped (see ``run``)
# A known quadratic search (from every start, ``\s*`` takes the rest of the run of spaces), timed
# on 10 KB in the child before the audit: the bound and the screen are at least a multiple of it,
# so that a slow or busy machine widens them as it slows everything (see ``calibrate``)
REFERENCE = (r"\s*x", " " * SIZE)
BOUND_PER_REFERENCE = 20.0  # a quadratic pattern of the package takes at most a few references
SCREEN_PER_REFERENCE = 0.1


def _walk_patterns(value: Any, name: str, depth: int = 0) -> list[tuple[str, Any]]:
    if isinstance(value, (re.Pattern, regex.Pattern)):
        return [(name, value)]
    if depth >= 2:
        return []
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _walk_patterns(v, f"{name}[{k!r}]", depth + 1)]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [p for i, v in enumerate(value) for p in _walk_patterns(v, f"{name}[{i}]", depth + 1)]
    return []


def package_modules() -> list[Any]:
    import relparty

    out = [relparty]
    for info in pkgutil.walk_packages(relparty.__path__, "relparty."):
        if info.name.endswith("__main__"):
            continue
        out.append(importlib.import_module(info.name))
    return out


def _inline_patterns(module: Any) -> list[tuple[str, Any]]:
    """String-literal patterns of ``re.f(r"...", ...)`` calls in the module's source."""
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):
        return []
    aliases = {name for name, v in vars(module).items() if v is re or v is regex}
    engine_of = {name: vars(module)[name] for name in aliases}
    out = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id in aliases
                and node.func.attr in ("compile", "search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            continue
        engine = engine_of[node.func.value.id]
        flags = 0
        flag_nodes = [k.value for k in node.keywords if k.arg == "flags"]
        pos_flag = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "finditer": 2, "findall": 2, "split": 3,
                    "sub": 4, "subn": 4}[node.func.attr]
        if len(node.args) > pos_flag:
            flag_nodes.append(node.args[pos_flag])
        for fn in flag_nodes:
            for sub in ast.walk(fn):
                if isinstance(sub, ast.Attribute) and isinstance(getattr(engine, sub.attr, None), int):
                    flags |= getattr(engine, sub.attr)
        out.append((f"{module.__name__}:{node.lineno} (inline)", engine.compile(node.args[0].value, flags)))
    return out


def _pipeline_patterns() -> list[tuple[str, Any]]:
    from relparty.api import default_extractor

    nlp = default_extractor().nlp
    out: list[tuple[str, Any]] = []
    tok = getattr(nlp.tokenizer, "tokenizer", nlp.tokenizer)
    for attr in ("prefix_search", "suffix_search", "infix_finditer", "token_match", "url_match"):
        fn = getattr(tok, attr, None)
        owner = getattr(fn, "__self__", None)
        if isinstance(owner, (re.Pattern, regex.Pattern)):
            out.append((f"tokenizer.{attr}", owner))
    for name, proc in nlp.pipeline:
        for attr, value in vars(proc).items() if hasattr(proc, "__dict__") else ():
            out += _walk_patterns(value, f"pipeline.{name}.{attr}")
    return out


def _data_patterns() -> list[tuple[str, Any]]:
    """Regexes that live in the pattern data: the cells.json fragments, and any ``REGEX`` token
    attribute of the rule files."""
    from relparty.cells import cell_classes
    from relparty.vocabulary import all_patterns

    cc = cell_classes()
    out = [(f"cells.json:{name}", re.compile(value)) for name, value in cc.model_dump().items()
           if isinstance(value, str) and value and name != "comment"]

    def regexes(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "REGEX" and isinstance(v, str):
                    yield v
                else:
                    yield from regexes(v)
        elif isinstance(node, list):
            for v in node:
                yield from regexes(v)

    for row in all_patterns(expand=False):
        out += [(f"patterns:{row.get('id', row['label'])} REGEX", re.compile(r)) for r in regexes(row["pattern"])]
    return out


def collect() -> dict[str, Any]:
    """name -> compiled pattern, every distinct one once."""
    found: list[tuple[str, Any]] = []
    for module in package_modules():
        for attr, value in vars(module).items():
            found += _walk_patterns(value, f"{module.__name__}.{attr}")
            if inspect.isclass(value) and value.__module__ == module.__name__:
                for cattr, cvalue in vars(value).items():
                    found += _walk_patterns(cvalue, f"{module.__name__}.{attr}.{cattr}")
        found += _inline_patterns(module)
    found += _pipeline_patterns() + _data_patterns()
    out: dict[str, Any] = {}
    seen: set[tuple[str, str, int]] = set()
    for name, pat in found:
        key = (isinstance(pat, regex.Pattern), pat.pattern, pat.flags)
        if key not in seen and isinstance(pat.pattern, str):
            seen.add(key)
            out[name] = pat
    return out


_LITERAL_WORD = re.compile(r"(?<![\\])\b[A-Za-z]{2,}\b")


def adversarial(pattern: str) -> list[str]:
    """The 10 KB strings to try ``pattern`` on (see the module docstring)."""
    units = list(UNITS)
    units += sorted({c for c in pattern if not c.isalnum() and c not in "\\" and not c.isspace()} - set(UNITS))
    words = sorted(set(_LITERAL_WORD.findall(pattern)))[:12]
    units += [w + " " for w in words] + [w for w in words]
    out = []
    for unit in units:
        body = unit * (SIZE // len(unit))
        out += [body + tail for tail in TAILS]
    return out


class _OverBound(Exception):
    pass


def _over(signum: int, frame: Any) -> None:
    raise _OverBound


def run(spec: list[list[Any]], bound: float) -> None:
    """Each pattern on each of its strings, each call bounded to ``bound`` seconds of this
    process's CPU time (``ITIMER_PROF``: both regex engines check for signals while matching, and
    CPU time does not depend on how busy the machine is). Prints ``S i j`` before each string,
    ``T i j`` when a call went over the bound, ``E i`` after each pattern.

    To keep the run short, each string is first tried at a tenth of its length: where that takes
    under ``SCREEN_S`` the pattern is linear-fast on that shape (an exponential or cubic pattern is
    already slow at 1 KB) and the 10 KB string is not run. The screen only saves time; what fails
    is decided at 10 KB, against ``bound``."""
    signal.signal(signal.SIGPROF, _over)
    bound, screen = calibrate(bound)
    print(f"B {bound:.3f} {screen:.4f}", flush=True)
    for i, (engine, pattern, flags, _name, anchored) in enumerate(spec):
        pat = (regex if engine == "regex" else re).compile(pattern, flags)
        for j, s in enumerate(adversarial(pattern)):
            print(f"S {i} {j}", flush=True)
            try:
                for text in (s[len(s) - len(s) // 10:], s):
                    t0 = time.process_time()
                    signal.setitimer(signal.ITIMER_PROF, bound)
                    if anchored:  # used with match/fullmatch only
                        pat.match(text)
                    else:
                        for _ in pat.finditer(text):
                            pass
                    signal.setitimer(signal.ITIMER_PROF, bound)
                    pat.fullmatch(text)
                    if time.process_time() - t0 < screen:
                        break
            except _OverBound:
                print(f"T {i} {j}", flush=True)
                break
            finally:
                signal.setitimer(signal.ITIMER_PROF, 0)
        print(f"E {i}", flush=True)


def calibrate(bound: float) -> tuple[float, float]:
    """The bound and the screen for this machine as it is now: at least ``BOUND_PER_REFERENCE``
    and ``SCREEN_PER_REFERENCE`` times the CPU time of the reference (best of three). On a fast
    machine they are ``bound`` and ``SCREEN_S``; where the reference takes three times as long,
    so do they. An exponential pattern is over any of them; what passes or fails does not
    depend on the speed of the machine."""
    pat, text = re.compile(REFERENCE[0]), REFERENCE[1]
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        for _m in pat.finditer(text):
            pass
        best = min(best, time.process_time() - t0)
    return max(bound, BOUND_PER_REFERENCE * best), max(SCREEN_S, SCREEN_PER_REFERENCE * best)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as fh:
        run(json.load(fh), float(sys.argv[2]))
