"""A file stamp says whether a path still holds the bytes read from it or written to it."""

from __future__ import annotations

import os
import time

from translate_letter.catalog.files import FINE_RACY_NS, atomic_write_bytes, read_stamped


def _age(path, seconds: float) -> None:
    """Give ``path`` a modification time ``seconds`` in the past."""
    past = time.time_ns() - int(seconds * 1e9)
    os.utime(path, ns=(past, past))


def test_a_file_put_in_place_after_the_read_is_another_file(tmp_path):
    po = tmp_path / "fa.po"
    po.write_bytes(b"msgid \"a\"\nmsgstr \"one\"\n")
    _age(po, 10)
    data, stamp = read_stamped(po)
    assert stamp.holds(po) is True
    # As git checkout does: another file of the same size and timestamp takes its place.
    other = tmp_path / "other.po"
    other.write_bytes(data.replace(b"one", b"two"))
    os.utime(other, ns=(stamp.mtime_ns, stamp.mtime_ns))
    os.replace(other, po)
    assert po.stat().st_size == stamp.size and po.stat().st_mtime_ns == stamp.mtime_ns
    assert stamp.holds(po) is False
    assert read_stamped(po)[1].holds(po) is True  # a new read stamps the new file


def test_the_stamp_of_a_write_is_the_file_written_not_the_one_found_later(tmp_path):
    po = tmp_path / "fa.po"
    stamp = atomic_write_bytes(po, b"msgid \"a\"\nmsgstr \"one\"\n")
    info = po.stat()
    assert (stamp.inode, stamp.size, stamp.mtime_ns) == (info.st_ino, info.st_size,
                                                         info.st_mtime_ns)
    replaced = atomic_write_bytes(po, b"msgid \"a\"\nmsgstr \"two\"\n")
    assert stamp.holds(po) is False and replaced.holds(po) is not False


def test_a_recent_file_is_judged_by_its_bytes_until_its_timestamp_can_tell(tmp_path):
    po = tmp_path / "fa.po"
    po.write_bytes(b"msgid \"a\"\nmsgstr \"one\"\n")
    _, fresh = read_stamped(po)
    # Stamped within the timestamp's resolution of the last write: an edit in the same
    # tick would leave the stat alike, so only the bytes can tell.
    assert fresh.taken_ns - fresh.mtime_ns < FINE_RACY_NS
    assert fresh.holds(po) is None
    aged = fresh.renewed(fresh.mtime_ns + FINE_RACY_NS)
    assert aged.holds(po) is True
    with po.open("r+b") as handle:  # changed in place, same size, a later timestamp
        handle.write(b"MSGID")
    later = fresh.mtime_ns + 1_000_000
    os.utime(po, ns=(later, later))
    assert aged.holds(po) is False
