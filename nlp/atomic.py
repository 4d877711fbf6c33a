"""Output files that appear whole or not at all.

:func:`atomic_output` / :func:`atomic_path` write to a temporary file beside the target and rename it
into place only when the writing succeeded: an interrupted or failed run never leaves a half-written
file where the output goes. Every writer (streams, workbook, review) uses these; this module imports
nothing of relparty.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

__all__ = ["atomic_output", "atomic_path", "current_umask"]


# --- atomic output files -----------------------------------------------------------------------


def current_umask() -> int:
    """The process's umask (read without changing it for longer than a moment)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``target`` (same suffix); renamed onto ``target`` when the block
    ends normally, deleted when it raises (including Ctrl-C). The result gets the permissions of
    the file it replaces, or the usual ones for a new file (not the temporary file's 0600)."""
    target = Path(target)
    try:
        special = not stat.S_ISREG(os.stat(target).st_mode)
    except OSError:
        special = False
    if special:  # a device or FIFO (/dev/null, /dev/full, a pipe): written to, never replaced by a file
        yield target
        return
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=f".tmp{target.suffix}")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        try:
            mode = os.stat(target).st_mode & 0o7777
        except OSError:
            mode = 0o666 & ~current_umask()
        os.chmod(tmp, mode)
        with open(tmp, "rb+") as fh:  # the data is on disk before the rename makes it visible
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


@contextlib.contextmanager
def atomic_output(target: str | os.PathLike[str], *, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """An open text file (``newline=""``: lines end as written) that appears at ``target`` only
    when the block ends normally; see :func:`atomic_path`."""
    with atomic_path(target) as tmp, open(tmp, "w", encoding=encoding, newline="") as fh:
        yield fh
