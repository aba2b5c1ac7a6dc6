"""How the engine gets funasr to build SenseVoice without its side effects: stdout
notices, a reconfigured root logger, three copies of the weights, random init."""

from __future__ import annotations

import contextlib
import io
import logging
import sys
import threading

log = logging.getLogger(__name__)


@contextlib.contextmanager
def quiet_funasr():
    """funasr prints notices to stdout on import and load, and ``AutoModel`` calls
    ``logging.basicConfig``: keep stdout clean (it may carry ``--progress json``) and
    leave the root logger as we found it."""
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    captured = io.StringIO()
    try:
        with contextlib.redirect_stdout(captured):
            yield
    finally:
        root.setLevel(level)
        for h in list(root.handlers):
            if h not in handlers:
                root.removeHandler(h)
        if captured.getvalue().strip():
            log.debug("funasr said: %s", captured.getvalue().strip())


_LOAD_LOCK = threading.Lock()


@contextlib.contextmanager
def weights_left_to_us():
    """Let ``AutoModel`` build the model but leave ``model.pt`` to :meth:`SenseVoiceEngine._load_weights`.

    funasr's loader reads the whole checkpoint, deep-copies it and copies it into the
    model: three 936 MB copies alive at once (a 3.3 GB peak) and seconds of copying.
    We map the file instead. And the modules' random initialisation (a second of
    filling 936 MB that the checkpoint overwrites anyway) is skipped: the parameters
    stay unwritten memory until the weights replace them, and a weight the checkpoint
    lacks is refused by :meth:`SenseVoiceEngine._load_weights`, never used. Only the names
    ``AutoModel.build_model`` and the module constructors call are swapped, under a
    lock, and always put back; if funasr ever stops calling its loader, nothing changes
    (we load the weights either way).
    """
    import torch

    try:
        from funasr.auto import auto_model
    except ImportError:  # pragma: no cover - funasr's layout changed: let it load as before
        yield
        return
    with _LOAD_LOCK:
        real = getattr(auto_model, "load_pretrained_model", None)
        if real is None:  # pragma: no cover
            yield
            return
        inits = {
            name: getattr(torch.nn.init, name) for name in _INIT_FUNCTIONS if hasattr(torch.nn.init, name)
        }
        auto_model.load_pretrained_model = lambda *args, **kwargs: None
        for name in inits:
            setattr(torch.nn.init, name, _leave_as_is)
        try:
            yield
        finally:
            auto_model.load_pretrained_model = real
            for name, fn in inits.items():
                setattr(torch.nn.init, name, fn)


_INIT_FUNCTIONS = (
    "uniform_",
    "normal_",
    "trunc_normal_",
    "constant_",
    "ones_",
    "zeros_",
    "eye_",
    "dirac_",
    "xavier_uniform_",
    "xavier_normal_",
    "kaiming_uniform_",
    "kaiming_normal_",
    "orthogonal_",
    "sparse_",
)


def _leave_as_is(tensor, *args, **kwargs):
    return tensor


def release_pages(tensors) -> None:
    """Let the kernel take back the resident pages of tensors that map ``model.pt``.

    Only for file-mapped tensors the process never writes (the fp32 weights after the
    int8 model was made from them): the pages leave this process's resident set and, if
    the tensor is read again, come back from the file (the OS cache). Linux only.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import mmap

    libc = ctypes.CDLL(None, use_errno=True)
    page = mmap.PAGESIZE
    for t in tensors:
        storage = t.untyped_storage()
        start, end = storage.data_ptr(), storage.data_ptr() + storage.nbytes()
        first, last = -(-start // page) * page, end // page * page  # whole pages inside it only
        if last > first:
            libc.madvise(ctypes.c_void_p(first), ctypes.c_size_t(last - first), 4)  # MADV_DONTNEED
