import subprocess
import sys
import textwrap

import pytest

PROBE = textwrap.dedent(
    """
    import sys
    import numpy as np
    from desktop_app.transcribe.memory import give_back_free_memory

    def rss_mb():
        with open("/proc/self/status") as f:
            return next(int(x.split()[1]) for x in f if x.startswith("VmRSS")) / 1024

    np.ones(4 << 20, dtype=np.uint8)  # made and freed: glibc raises its mmap threshold
    before = rss_mb()
    blocks, pins = [], []
    for _ in range(20):  # 80 MB in 4 MB blocks, touched, each followed by a small live block
        blocks.append(np.ones(4 << 20, dtype=np.uint8))
        pins.append(np.ones(64 << 10, dtype=np.uint8))
    del blocks
    if sys.argv[1] == "trim":
        assert give_back_free_memory()
    print(round(rss_mb() - before))
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_freed_buffers_leave_the_resident_set_after_a_trim():
    def kept_mb(mode: str) -> int:
        done = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True)
        return int(done.stdout.split()[-1])

    assert kept_mb("keep") > 60  # glibc's default keeps the freed 80 MB in the heap
    assert kept_mb("trim") < 15  # only the small live blocks stay


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_the_engine_trims_only_after_the_resident_set_grew(monkeypatch):
    from desktop_app.transcribe import memory

    calls = []
    monkeypatch.setattr(memory, "give_back_free_memory", lambda: calls.append(1) or True)
    monkeypatch.setattr(memory, "_trim", None)
    mb = 1 << 20
    resident = iter([x * mb for x in (900, 1000, 1700, 1650, 1700, 1800, 1750)])
    monkeypatch.setattr(memory, "_resident_bytes", lambda: next(resident))
    monkeypatch.setattr(memory, "_after_trim", 500 * mb)
    assert not memory.trim_if_grown()  # grown 400 MB, but under 1.5 GB: speed matters more
    assert not memory.trim_if_grown()
    assert memory.trim_if_grown() and calls == [1]  # 1.7 GB: trimmed, 1.65 GB after
    assert memory._after_trim == 1650 * mb
    assert not memory.trim_if_grown()  # +50 MB since: not yet
    assert memory.trim_if_grown() and calls == [1, 1]  # +150 MB
