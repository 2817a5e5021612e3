"""Read the terminal's lines on the event loop, so Ctrl-C and SIGTERM end a session at once.

A line read in a worker thread cannot be cancelled: the process would wait for Enter before it
could exit. Terminals and pipes are watched by the event loop instead and read only when ready;
other streams (files, in-memory text) never block for long and are read as before.
"""

from __future__ import annotations

import asyncio
import io
import os
import weakref
from typing import TextIO

_CHUNK = 64 * 1024


class _FdLines:
    """Lines of one file descriptor, read with os.read once the event loop sees data waiting."""

    def __init__(self, fd: int, encoding: str) -> None:
        self.fd = fd
        self.encoding = encoding
        self.buffer = b""
        self.eof = False

    async def readline(self) -> str:
        while b"\n" not in self.buffer and not self.eof:
            chunk = await self._chunk()
            self.buffer += chunk
            self.eof = not chunk
        line, newline, self.buffer = self.buffer.partition(b"\n")
        return (line + newline).decode(self.encoding, errors="replace")

    async def _chunk(self) -> bytes:
        loop = asyncio.get_running_loop()
        ready = loop.create_future()

        def wake() -> None:
            if not ready.done():
                ready.set_result(None)

        loop.add_reader(self.fd, wake)
        try:
            await ready
        finally:
            loop.remove_reader(self.fd)
        try:
            return os.read(self.fd, _CHUNK)
        except OSError:  # the terminal went away (EIO): that is the end of input
            return b""


_readers: weakref.WeakKeyDictionary[TextIO, _FdLines] = weakref.WeakKeyDictionary()


def _fd_lines(stream: TextIO) -> _FdLines | None:
    """A watched reader for terminals, pipes and sockets; None for anything the loop cannot watch."""
    if stream in _readers:
        return _readers[stream]
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):  # no file behind it
        return None
    loop = asyncio.get_running_loop()
    try:
        loop.add_reader(fd, lambda: None)  # regular files and some platforms refuse
        loop.remove_reader(fd)
    except (OSError, ValueError, NotImplementedError):
        return None
    reader = _readers[stream] = _FdLines(fd, getattr(stream, "encoding", None) or "utf-8")
    return reader


async def read_line(stream: TextIO) -> str:
    """Like stream.readline() (the line with its end, '' at end of input), but cancellable."""
    reader = _fd_lines(stream)
    if reader is None:
        return await asyncio.to_thread(stream.readline)
    return await reader.readline()
