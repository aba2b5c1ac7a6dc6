"""PyInstaller runtime hook: runs inside the frozen app before ``cutmark_launcher.py``.

HTTPS certificates for the model download. The bundle carries the OpenSSL that Python
was built with, and that OpenSSL looks for CA certificates where the build machine keeps
them (e.g. /usr/lib/ssl on Debian). On another Linux distribution (Fedora keeps them in
/etc/pki) or on macOS (the Keychain, which OpenSSL cannot read) it would find none and
every download would fail certificate verification. So, unless the user set
SSL_CERT_FILE / SSL_CERT_DIR, point OpenSSL at certifi's bundle when the built-in
location is missing (Linux) or always (macOS). Windows: Python reads the system
certificate store itself; nothing to do.
"""

import os
import ssl
import sys


def _use_certifi() -> None:
    if os.environ.get("SSL_CERT_FILE") or os.environ.get("SSL_CERT_DIR") or sys.platform.startswith("win"):
        return
    if sys.platform.startswith("linux"):
        paths = ssl.get_default_verify_paths()
        if (paths.cafile and os.path.isfile(paths.cafile)) or (
            paths.capath and os.path.isdir(paths.capath) and os.listdir(paths.capath)
        ):
            return  # the system's own store: it may hold a company's proxy certificate
    try:
        import certifi
    except ImportError:
        return
    bundle = certifi.where()
    if os.path.isfile(bundle):
        os.environ["SSL_CERT_FILE"] = bundle


_use_certifi()
