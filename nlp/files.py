"""Reading one note file: bytes into text, carefully (no batch stops for a bad file).

``read_note(path)`` gives a :class:`~relparty.results.FileResult` with the text and file-level warnings, or
an error in a few words (missing, a directory, a FIFO, too large, binary, empty); ``decode_note(data)``
turns bytes into text (UTF-8, UTF-16, cp1252 as a fallback, each with a warning where it guessed).
``reader_kind(path)`` names the reader a file's name asks for. The batch, the details reader and the
filing reader all read files through this module, which imports nothing of them.
"""

from __future__ import annotations

import codecs
import os
import stat

from relparty.results import FileResult

__all__ = ["DEFAULT_MAX_BYTES", "HTML_SUFFIXES", "STDIN_NAME", "decode_note", "read_note", "reader_kind"]

HTML_SUFFIXES = (".htm", ".html")
DEFAULT_MAX_BYTES = 20_000_000  # 20 MB; the extractor reads at most 20 million characters of a note
STDIN_NAME = "<stdin>"


def reader_kind(path: str) -> str | None:
    """``"html"`` for a file whose name says HTML; None to sniff the text (see ``relparty.readers.read_text``)."""
    return "html" if path.lower().endswith(HTML_SUFFIXES) else None


# --- reading -----------------------------------------------------------------------------------

_TEXT_CONTROLS = {7, 8, 9, 10, 11, 12, 13, 27}
_OTHER_CONTROLS = bytes(b for b in range(32) if b not in _TEXT_CONTROLS)


def _binary_reason(data: bytes) -> str | None:
    head = data[:4096]
    # a stray NUL or two is read (as a space, with a warning); more than one in 1,000 bytes (compressed
    # data has one in 256) is a binary file, unless the zeros are those of UTF-16 text
    if data.count(0) > max(1, len(data) // 1000) and _utf16_without_bom(head) is None:
        return "binary file (NUL bytes); not a text note"
    controls = len(head) - len(head.translate(None, _OTHER_CONTROLS)) - head.count(0)
    if controls > len(head) * (0.01 if 0 in head else 0.1):  # a NUL among other control bytes: binary
        return "binary file (control characters); not a text note"
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when ``head`` looks like UTF-16 text with no byte-order
    mark (most ASCII characters have a zero high byte: zeros at every other position), else None."""
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    z_even, z_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if z_odd > 0.4 and z_even < 0.05:
        return "utf-16-le"
    if z_even > 0.4 and z_odd < 0.05:
        return "utf-16-be"
    return None


_BAD_BYTES: list[int] = []


def _record_bad(e: UnicodeDecodeError) -> tuple[str, int]:
    _BAD_BYTES.append(e.start)
    return "\ufffd", e.end


codecs.register_error("relparty-replace", _record_bad)


def _utf8_replaced(data: bytes) -> tuple[str, list[int]]:
    """UTF-8 with each bad byte sequence replaced by U+FFFD; the byte offsets where they were."""
    _BAD_BYTES.clear()
    text = data.decode("utf-8-sig", errors="relparty-replace")
    return text, list(_BAD_BYTES)


def decode_note(data: bytes) -> tuple[str | None, str | None, list[str]]:
    """Bytes of a note file to text: ``(text, error, warnings)``.

    UTF-8 (a byte-order mark is dropped) or UTF-16 with a byte-order mark, or without one when its
    zero bytes say so (with a warning). A stray byte in UTF-8 text is replaced by U+FFFD, with a
    warning naming its offset; a file whose non-ASCII bytes are mostly not UTF-8 is read as
    cp1252 (with a warning). Empty and binary data are errors; a few NUL bytes are not (the
    extractor reads them as spaces and says so).
    """
    if not data:
        return None, "empty file", []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as e:
            return None, f"not valid UTF-16 despite its byte-order mark ({e.reason} at byte {e.start})", []
        return _checked(text, [])
    binary = _binary_reason(data)
    if binary is not None:
        return None, binary, []
    utf16 = _utf16_without_bom(data[:4096])
    if utf16 is not None:
        text = data.decode(utf16, errors="replace")
        return _checked(text, [f"no byte-order mark, but the zero bytes say UTF-16; read as {utf16.upper()}"])
    warnings: list[str] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        replaced, bad = _utf8_replaced(data)
        good = sum(1 for c in replaced if c >= "\x80" and c != "\ufffd")  # non-ASCII characters UTF-8 read well
        if good >= len(bad):
            text = replaced
            where = ", ".join(str(b) for b in bad[:5]) + (f" and {len(bad) - 5} more" if len(bad) > 5 else "")
            warnings.append(f"not valid UTF-8 at byte offset{'s' if len(bad) > 1 else ''} {where} "
                            f"(byte 0x{data[e.start]:02x} first); read as UTF-8, "
                            f"{'each bad byte' if len(bad) > 1 else 'the bad byte'} replaced by U+FFFD")
        else:
            bad_byte = data[e.start]
            try:
                text = data.decode("cp1252")
                warnings.append(f"not UTF-8 (byte 0x{bad_byte:02x} at offset {e.start}); read as cp1252")
            except UnicodeDecodeError:
                text = data.decode("cp1252", errors="replace")
                n = text.count("\ufffd")
                warnings.append(f"not UTF-8 (byte 0x{bad_byte:02x} at offset {e.start}); read as cp1252, "
                                f"{n} undefined byte{'s' if n != 1 else ''} replaced by U+FFFD")
    return _checked(text, warnings)


def _checked(text: str, warnings: list[str]) -> tuple[str | None, str | None, list[str]]:
    if not text.strip():
        return None, "empty file (only white space)", warnings
    return text, None, warnings


def _too_large(size: int, limit: int) -> str:
    return f"too large: {size:,} bytes, over the {limit:,}-byte limit (see --max-bytes)"


class _NotRegular(OSError):
    pass


def _not_regular(mode: int) -> str:
    what = ("a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file")
    return f"not a regular file ({what}); only regular files are read"


def _read_regular(path: str, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes of ``path``, which must be a regular file when opened (it is
    opened without blocking and checked again: a FIFO put in its place after the ``stat`` would
    otherwise block the batch for ever)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _NotRegular(_not_regular(mode))
        if hasattr(os, "O_NONBLOCK"):
            os.set_blocking(fd, True)
        # read on the descriptor itself, closed once below: with a file object over it, a Ctrl-C
        # between the object taking the descriptor and the code noting so closed it twice, and
        # the second close's EBADF replaced the KeyboardInterrupt ("cannot read: bad file
        # descriptor", and the batch went on)
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_note(path: str, max_bytes: int = DEFAULT_MAX_BYTES, data: bytes | None = None) -> FileResult:
    """Read one note file (or decode ``data`` already read, e.g. from standard input).

    The result has ``text`` and file-level ``warnings`` set, or ``error`` (and no text).
    """
    if data is None:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return FileResult(path, error="no such file or directory")
        except PermissionError:
            return FileResult(path, error="permission denied")
        except OSError as e:
            return FileResult(path, error=(e.strerror or str(e)).lower())
        if stat.S_ISDIR(st.st_mode):
            return FileResult(path, error="is a directory")
        if not stat.S_ISREG(st.st_mode):
            return FileResult(path, error=_not_regular(st.st_mode))
        if st.st_size > max_bytes:
            return FileResult(path, error=_too_large(st.st_size, max_bytes))
        try:
            data = _read_regular(path, max_bytes)
        except _NotRegular as e:
            return FileResult(path, error=str(e))
        except IsADirectoryError:
            return FileResult(path, error="is a directory")
        except PermissionError:
            return FileResult(path, error="permission denied")
        except OSError as e:
            return FileResult(path, error=f"cannot read: {(e.strerror or str(e)).lower()}")
    if len(data) > max_bytes:
        return FileResult(path, error=_too_large(len(data), max_bytes) if path != STDIN_NAME
                          else f"too large: over the {max_bytes:,}-byte limit (see --max-bytes)")
    text, error, warnings = decode_note(data)
    return FileResult(path, text=text, error=error, warnings=warnings)
