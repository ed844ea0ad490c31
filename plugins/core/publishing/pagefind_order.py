"""Byte-for-byte reproducible Pagefind output (MkDocs-free).

Pagefind 1.5.2 writes each filter's values in the iteration order of a Rust HashMap, whose seed is random in every
run, and lists the filters in its meta file in the same random order. Two builds of the same site therefore differ
in `pagefind/filter/*.pf_filter` (bytes and content-hashed names), in `pagefind/pagefind.LANG_*.pf_meta` (which names
the filter files) and in `pagefind-entry.json` (which names the meta file); every other file Pagefind writes is
stable. `normalise_pagefind` rewrites those three kinds with values and filters in sorted order, names them by the
hash of their new content and updates the references, so the search works exactly as before.

The files are gzip-compressed `pagefind_dcd` + CBOR; only the CBOR subset Pagefind uses (unsigned integers, byte and
text strings, arrays) is read and written, in the shortest encoding, as Pagefind's serialiser writes it. A file in any
other shape is left as it is and reported.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


class PagefindFormatError(ValueError):
    """A Pagefind file in a shape this module does not know (another Pagefind version)."""


def _decode(data: bytes, at: int = 0):
    if at >= len(data):
        raise PagefindFormatError("truncated CBOR")
    initial = data[at]
    major, info = initial >> 5, initial & 31
    at += 1
    if info < 24:
        value = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        value = int.from_bytes(data[at:at + size], "big")
        at += size
    else:
        raise PagefindFormatError(f"unsupported CBOR item {initial:#x}")
    if major == 0:
        return value, at
    if major == 2:
        return bytes(data[at:at + value]), at + value
    if major == 3:
        return data[at:at + value].decode("utf-8"), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    raise PagefindFormatError(f"unsupported CBOR major type {major}")


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise PagefindFormatError("integer too large")  # pragma: no cover


def _encode(value) -> bytes:
    if isinstance(value, bool):  # pragma: no cover - Pagefind's files hold none
        raise PagefindFormatError("booleans are not expected")
    if isinstance(value, int):
        return _head(0, value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        encoded = value.encode("utf-8")
        return _head(3, len(encoded)) + encoded
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(item) for item in value)
    raise PagefindFormatError(f"cannot encode {type(value).__name__}")  # pragma: no cover


def read_file(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise PagefindFormatError(f"{path.name} does not start with {SIGNATURE.decode()}")
    value, end = _decode(data, len(SIGNATURE))
    if end != len(data) or SIGNATURE + _encode(value) != data:
        raise PagefindFormatError(f"{path.name} does not round-trip")
    return value


def _write(folder: Path, prefix: str, digits: int, suffix: str, value) -> str:
    """Write `value` as a Pagefind file named by its content's hash; returns the hash (`en_0123abc`)."""
    data = SIGNATURE + _encode(value)
    name = f"{prefix}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return name


def normalise_pagefind(bundle: Path) -> int:
    """Rewrite `bundle`'s filter and meta files in a stable order; returns how many filter files were rewritten."""
    entry_path = bundle / "pagefind-entry.json"
    entry_text = entry_path.read_text(encoding="utf-8")
    entry = json.loads(entry_text)
    rewritten = 0
    for language, info in sorted(entry.get("languages", {}).items()):
        meta_hash = info["hash"]
        meta_path = bundle / f"pagefind.{meta_hash}.pf_meta"
        meta = read_file(meta_path)
        # [version, pages, index chunks, filters: [[name, hash], ...], sorts, meta fields]
        if len(meta) < 4 or not all(isinstance(item, list) and len(item) == 2 for item in meta[3]):
            raise PagefindFormatError(f"{meta_path.name}: unexpected layout")
        prefix = meta_hash.rsplit("_", 1)[0]
        filters = []
        for name, old_hash in meta[3]:
            old_path = bundle / "filter" / f"{old_hash}.pf_filter"
            packed = read_file(old_path)  # [name, [[value, [page numbers]], ...]]
            packed[1] = sorted(packed[1], key=lambda item: (item[0], item[1]))
            old_path.unlink()
            filters.append([name, _write(bundle / "filter", prefix, len(old_hash.rsplit("_", 1)[1]), ".pf_filter",
                                         packed)])
            rewritten += 1
        meta[3] = sorted(filters)
        meta_path.unlink()
        new_meta_hash = _write(bundle, f"pagefind.{prefix}", len(meta_hash.rsplit("_", 1)[1]), ".pf_meta", meta)
        new_meta_hash = new_meta_hash.removeprefix("pagefind.")
        entry_text = entry_text.replace(f'"hash":"{meta_hash}"', f'"hash":"{new_meta_hash}"')
        if json.loads(entry_text)["languages"][language]["hash"] != new_meta_hash:
            raise PagefindFormatError("pagefind-entry.json: could not update the meta file's hash")
    entry_path.write_text(entry_text, encoding="utf-8")
    return rewritten
