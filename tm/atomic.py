"""Exports are written to a temporary file beside the target, then renamed over it."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO, Iterator


@contextlib.contextmanager
def atomic_write(path: Path, mode: str = "wb", encoding: str | None = None) -> Iterator[IO]:
    """Yield a file handle; on success the file replaces `path`, on error nothing is left."""
    import tempfile  # here, not at the top: a look-up writes nothing and should not pay for it

    from tm.errors import GlossError

    path = Path(path)
    if path.is_dir():
        raise GlossError("is a folder: give a file name to write", path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise GlossError(f"cannot write: {exc.strerror or exc}", path) from None
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline="" if "b" not in mode else None) as fh:
            yield fh
        # mkstemp makes the file private (0600); an export gets the permissions a new file would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _remove_abandoned(path: Path) -> None:
    """Remove the temporary files a killed run left beside `path`: their names carry the pid of
    the process that wrote them, and a file whose process is gone is abandoned."""
    import glob

    for part in path.parent.glob(f".{glob.escape(path.name)}.*.part"):
        pid = part.name[len(path.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(FileNotFoundError):
                part.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
