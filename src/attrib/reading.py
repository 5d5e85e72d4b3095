"""Reading input documents: text files, HTML pages, stdin and directories.

Every way an input can be bad ends in :class:`InputError` with one line that
names the input and the problem, so the CLI can report it and go on with the
rest of a batch.
"""

from __future__ import annotations

import glob
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: Default size limit: far above any article, low enough to catch a wrong file.
MAX_MEGABYTES = 5
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
#: JSONL streams of ``{"id", "text"}`` records (read by :mod:`attrib.batch`).
STREAM_SUFFIXES = {".jsonl", ".ndjson"}
STDIN = "-"


class InputError(ValueError):
    """An input document cannot be read as article text."""


@dataclass
class Document:
    """One input article: where it came from and its text."""

    name: str
    text: str


def expand(inputs: list[str]) -> Iterator[str]:
    """Files named, directories' article files (sorted), and glob patterns, in order."""
    for item in inputs:
        path = Path(item)
        if item == STDIN or path.is_file():
            yield item
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES | STREAM_SUFFIXES)
            if not found:
                raise InputError(f"{item}: directory has no .txt, .html or .jsonl files")
            yield from (str(p) for p in found)
        elif any(ch in item for ch in "*?["):
            matches = sorted(glob.glob(item, recursive=True))
            yield from matches or [item]  # read_document reports a pattern with no match as missing
        else:
            yield item  # read_document reports it as missing


def _decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); convert it, e.g. iconv -f latin1 -t utf-8"
        ) from None


def html_to_text(html: str, name: str) -> str:
    """The main text of an HTML page (trafilatura), paragraphs on their own lines."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        raise InputError(f"{name}: no article text found in the HTML")
    return text


def read_document(item: str, max_megabytes: float = MAX_MEGABYTES) -> Document:
    """Read one input (a path or ``-`` for stdin) as article text."""
    limit = int(max_megabytes * 1_000_000)
    if item == STDIN:
        data = sys.stdin.buffer.read(limit + 1)
        name = "<stdin>"
    else:
        path = Path(item)
        name = item
        if not path.exists():
            raise InputError(f"{item}: no such file")
        if path.is_dir():
            raise InputError(f"{item}: is a directory")
        if not path.is_file():
            raise InputError(f"{item}: not a regular file")
        try:
            size = path.stat().st_size
            if size > limit:
                raise InputError(f"{item}: file is {size / 1e6:.1f} MB, over the {max_megabytes:g} MB limit (see --max-mb)")
            with path.open("rb") as handle:
                data = handle.read(limit + 1)
        except PermissionError:
            raise InputError(f"{item}: permission denied") from None
        except OSError as exc:
            raise InputError(f"{item}: cannot read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise InputError(f"{name}: input is over the {max_megabytes:g} MB limit (see --max-mb)")
    text = _decode(data, name)
    if Path(name).suffix.lower() in HTML_SUFFIXES or text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        text = html_to_text(text, name)
    return Document(name=name, text=text)
