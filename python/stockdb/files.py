"""Writing a file so that a failure leaves no half of it behind."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import StockdbError


def path_text(path: Path | str) -> str:
    """A path as text the database takes: bytes of its name that are not UTF-8
    (café in latin-1, from an old share or zip) become �, where psycopg could
    not send them and the command ended in a traceback."""
    return os.fsencode(path).decode("utf-8", "replace")


def shown_path(path: Path | str) -> str:
    """A path as a message names it: as it is, or quoted with its escapes when
    it holds a newline or another character that does not print, which split
    the message's line (a --wal-archive of a<newline>b)."""
    text = str(path)
    return text if text.isprintable() else repr(text)


def sync(path: Path) -> None:
    """fsync a file, or a directory: the names made, renamed or removed in it."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def sync_tree(root: Path) -> None:
    """fsync every file and directory under root, and root."""
    for folder, _dirs, names in os.walk(root):
        for name in names:
            sync(Path(folder, name))
        sync(Path(folder))


def write_atomically(target: Path, data: bytes, mode: int = 0o666) -> None:
    """Writes data to target under a hidden name, then renames it into place.

    A full disk or a failed write leaves no truncated file in place of the
    target (or of a good one written before), and neither does a crash of the
    machine: the data is on disk before the rename, and the rename before the
    return. A device or a pipe (/dev/stdout) is written to as it is, and a
    symbolic link is followed, as a plain write would. A new file gets mode
    (less the umask).
    """
    if target.exists() and not target.is_file():
        try:
            with open(target, "wb") as out:
                out.write(data)
        except OSError as exc:
            raise StockdbError(f"cannot write {target}: {exc.strerror or exc}") from None
        return
    destination = target.resolve() if target.is_symlink() else target
    partial = destination.with_name(f".{destination.name}.{os.getpid()}.partial")
    try:
        # O_EXCL: never through a link someone left under that name.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, destination)
        sync(destination.parent)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise StockdbError(f"cannot write {target}: {exc.strerror or exc}") from None
    except BaseException:
        # Ctrl-C or a SIGTERM (cli.Terminated) while the data was written or
        # synced left the hidden partial file beside the target for good.
        partial.unlink(missing_ok=True)
        raise
