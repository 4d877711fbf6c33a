"""Output files that appear whole or not at all.

:func:`atomic_output` / :func:`atomic_path` write to a temporary file beside the target and rename it
into place only when the writing succeeded: an interrupted or failed run never leaves a half-written
file where the output goes, and the temporary file of a run killed outright (SIGKILL) is deleted by
the next run that writes the same output (the process id is in its name). Every writer (streams, workbook, review) uses these; this module imports
nothing of relparty.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

__all__ = ["atomic_output", "atomic_path", "current_umask", "remove_stale_temps", "temp_name_prefix"]


# --- atomic output files -----------------------------------------------------------------------


def current_umask() -> int:
    """The process's umask (read without changing it for longer than a moment)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


TEMP_MARK = ".relparty-"  # a temporary output is ``.NAME.relparty-PID.XXXX.tmpSUFFIX`` beside NAME
_TEMP_PID = re.compile(r"\.relparty-(\d+)\.[^.]*\.tmp")


def _alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (it may be one that reused the number: then its temporary
    file is kept, which is safe)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists (another user's): not ours to judge
        return True
    return True


def remove_stale_temps(target: str | os.PathLike[str]) -> list[Path]:
    """Delete the temporary files (and the temporary folders of a paged HTML review) that earlier
    runs left beside ``target`` when they were killed with no chance to clean up (SIGKILL, a power
    cut): those whose process no longer exists. Those of a run still going (another relparty
    writing the same output) are kept."""
    target = Path(target)
    removed: list[Path] = []
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    prefix = f".{target.name}{TEMP_MARK}"
    for name in names:
        if not name.startswith(prefix):
            continue
        m = _TEMP_PID.match(name, len(target.name) + 1)
        if m is None or _alive(int(m.group(1))):
            continue
        path = target.parent / name
        with contextlib.suppress(OSError):
            mode = os.lstat(path).st_mode
            if stat.S_ISREG(mode):
                path.unlink()
            elif stat.S_ISDIR(mode):
                shutil.rmtree(path)
            else:
                continue
            removed.append(path)
    return removed


def temp_name_prefix(target: str | os.PathLike[str]) -> str:
    """The prefix of this process's temporary names for ``target`` (see :func:`remove_stale_temps`)."""
    return f".{Path(target).name}{TEMP_MARK}{os.getpid()}."


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``target`` (same suffix); renamed onto ``target`` when the block
    ends normally, deleted when it raises (including Ctrl-C). The result gets the permissions of
    the file it replaces, or the usual ones for a new file (not the temporary file's 0600).

    A process killed outright (SIGKILL) cannot delete its temporary file: its name carries the
    process id (``.NAME.relparty-PID.XXXX.tmp``), and the next run writing ``target`` deletes
    those of processes that no longer exist (:func:`remove_stale_temps`)."""
    target = Path(target)
    try:
        special = not stat.S_ISREG(os.stat(target).st_mode)
    except OSError:
        special = False
    if special:  # a device or FIFO (/dev/null, /dev/full, a pipe): written to, never replaced by a file
        yield target
        return
    remove_stale_temps(target)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=temp_name_prefix(target), suffix=f".tmp{target.suffix}")
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
