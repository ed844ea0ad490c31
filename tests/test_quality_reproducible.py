"""Pagefind's output made reproducible (projecth.core.publishing.pagefind_order): its filter values come out of a randomly seeded
hash map, so the same index is written in a different order by each run; the rewrite puts it in one order."""

from __future__ import annotations

import gzip
import json
import random

import pytest

from projecth.core.publishing.pagefind_order import SIGNATURE, PagefindFormatError, _encode, normalise_pagefind, read_file


def write(path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(SIGNATURE + _encode(value), mtime=0))


def fake_bundle(folder, seed: int):
    """A bundle as Pagefind writes it: filters and their values in a random order, files named by a random hash."""
    rng = random.Random(seed)
    filters = {"subject": [["Maths", [0, 2]], ["English", [1]], ["Whole school", [3, 300]]],
               "phase": [["Primary", [0, 1]], ["Secondary", [2, 3]]]}
    listed = []
    for name, values in filters.items():
        values = values[:]
        rng.shuffle(values)
        hashed = f"en_{rng.randrange(16 ** 7):07x}"
        write(folder / "filter" / f"{hashed}.pf_filter", [name, values])
        listed.append([name, hashed])
    rng.shuffle(listed)
    meta_hash = f"en_{rng.randrange(16 ** 10):010x}"
    write(folder / f"pagefind.{meta_hash}.pf_meta", ["1.5.2", [["en_aaa", 10]], [], listed, [["date", [1, 0]]], ["title"]])
    (folder / "pagefind-entry.json").write_text(
        json.dumps({"version": "1.5.2", "languages": {"en": {"hash": meta_hash, "wasm": "en", "page_count": 4}}},
                   separators=(",", ":")), encoding="utf-8")


def snapshot(folder) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_two_differently_ordered_bundles_become_identical_and_consistent(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    fake_bundle(first, 1)
    fake_bundle(second, 2)
    assert snapshot(first) != snapshot(second)
    assert normalise_pagefind(first) == 2 and normalise_pagefind(second) == 2
    assert snapshot(first) == snapshot(second)
    entry = json.loads((first / "pagefind-entry.json").read_text())
    meta = read_file(first / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")
    assert [name for name, _ in meta[3]] == ["phase", "subject"]
    subject = read_file(first / "filter" / f"{meta[3][1][1]}.pf_filter")
    assert subject == ["subject", [["English", [1]], ["Maths", [0, 2]], ["Whole school", [3, 300]]]]
    assert len(list((first / "filter").iterdir())) == 2  # the old files are gone


def test_a_file_in_an_unknown_shape_is_refused(tmp_path):
    (tmp_path / "x.pf_meta").write_bytes(gzip.compress(b"pagefind_dcd\xa1\x01\x02"))  # a CBOR map
    with pytest.raises(PagefindFormatError):
        read_file(tmp_path / "x.pf_meta")
