#!/usr/bin/env bash
# Package the PyInstaller onedir bundle (dist/cutmark) as a Debian/Ubuntu .deb:
#   /opt/cutmark/                 the bundle
#   /usr/bin/cutmark              -> /opt/cutmark/cutmark
#   /usr/share/applications/      io.github.cutmark.Cutmark.desktop
#   /usr/share/icons/hicolor/     cutmark.png in 16..512 px, cutmark.svg
#   /usr/share/metainfo/          AppStream metadata
# Usage: installers/linux/build_deb.sh [DIST_DIR] [OUT_DIR]   (defaults: dist/cutmark dist)
# Env: CUTMARK_DEB_COMPRESSION=xz|zstd|gzip|none (default xz), CUTMARK_DEB_LEVEL (default 6)
# The desktop database and icon cache are refreshed by dpkg triggers (desktop-file-utils,
# hicolor-icon-theme), so the package needs no maintainer scripts.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dist="${1:-$root/dist/cutmark}"
out="${2:-$root/dist}"
[ -x "$dist/cutmark" ] || { echo "build_deb: no bundle at $dist (run pyinstaller installers/cutmark.spec first)" >&2; exit 1; }
command -v dpkg-deb >/dev/null || { echo "build_deb: dpkg-deb is needed (apt-get install dpkg)" >&2; exit 1; }

version="$(cd "$root" && python3 -c 'import re,sys; print(re.search(r"__version__ = \"(.+?)\"", open("desktop_app/__init__.py").read()).group(1))')"
arch="$(dpkg --print-architecture)"
res="$root/resources"
stage="$(mktemp -d "${TMPDIR:-/tmp}/cutmark-deb.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
pkg="$stage/cutmark_${version}_${arch}"

mkdir -p "$pkg/DEBIAN" "$pkg/opt" "$pkg/usr/bin" "$pkg/usr/share/applications" "$pkg/usr/share/metainfo" \
  "$pkg/usr/share/doc/cutmark" "$pkg/usr/share/icons/hicolor/scalable/apps"
cp -a "$dist" "$pkg/opt/cutmark"
ln -s /opt/cutmark/cutmark "$pkg/usr/bin/cutmark"
install -m 644 "$res/linux/io.github.cutmark.Cutmark.desktop" "$pkg/usr/share/applications/"
install -m 644 "$res/linux/io.github.cutmark.Cutmark.metainfo.xml" "$pkg/usr/share/metainfo/"
for s in 16 24 32 48 64 128 256 512; do
  mkdir -p "$pkg/usr/share/icons/hicolor/${s}x${s}/apps"
  install -m 644 "$res/icons/cutmark-$s.png" "$pkg/usr/share/icons/hicolor/${s}x${s}/apps/cutmark.png"
done
install -m 644 "$res/icons/cutmark.svg" "$pkg/usr/share/icons/hicolor/scalable/apps/cutmark.svg"
cat > "$pkg/usr/share/doc/cutmark/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: Cutmark
License: GPL-3.0-or-later
Comment: Cutmark bundles Python, PyTorch (BSD-3-Clause), Qt for Python (LGPL-3.0),
 FFmpeg libraries (LGPL/GPL), FunASR (MIT), silero-vad (MIT), OpenTimelineIO (Apache-2.0),
 pysrt (GPL-3.0) and their dependencies; their licence files are in /opt/cutmark/_internal.
 On Debian systems the GPL-3 is in /usr/share/common-licenses/GPL-3.
EOF

installed_kb="$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)"
# The newest glibc symbol any bundled binary needs: the bundle runs on that glibc or newer
# (it follows the build machine: build on the oldest distribution you support).
glibc_min="2.34"  # PySide6 6.11 wheels are manylinux_2_34
if command -v objdump >/dev/null; then
  found="$(find "$pkg/opt/cutmark" -type f \( -name '*.so*' -o -perm -u+x \) -print0 \
    | xargs -0 objdump -T 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -n 1 || true)"
  [ -n "$found" ] && glibc_min="$found"
fi
# What Qt's xcb platform plugin, QtMultimedia (PulseAudio) and fontconfig load from the
# system: PyInstaller leaves these out of the bundle on purpose (they must match the
# X server / GL driver / sound server of the machine). The t64 names are Ubuntu 24.04+/Debian 13.
cat > "$pkg/DEBIAN/control" <<EOF
Package: cutmark
Version: $version
Architecture: $arch
Maintainer: Cutmark <cutmark@users.noreply.github.com>
Installed-Size: $installed_kb
Section: video
Priority: optional
Homepage: https://github.com/cutmark/cutmark
Depends: libc6 (>= $glibc_min), libgl1, libegl1, libfontconfig1, libfreetype6, libxkbcommon0, libxkbcommon-x11-0,
 libdbus-1-3, libx11-6, libx11-xcb1, libxcb1, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1,
 libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-shm0, libxcb-sync1, libxcb-xfixes0, libxcb-xkb1,
 libxrender1, libglib2.0-0t64 | libglib2.0-0, libpulse0
Recommends: fonts-noto-cjk, libwayland-cursor0
Suggests: xvfb
Description: video-editing assistant: transcripts, events, subtitles and jump cuts
 Cutmark transcribes a video locally with SenseVoiceSmall and marks laughter,
 applause, music, crying, coughs and emotions on a timeline. It exports subtitles
 (SRT, WebVTT) and jump-cut timelines for Premiere Pro, DaVinci Resolve, Final Cut
 Pro, Kdenlive and other editors. This build runs the model on the CPU.
 The speech model (about 936 MB) is downloaded on first use.
EOF

mkdir -p "$out"
deb="$out/cutmark_${version}_${arch}.deb"
comp="${CUTMARK_DEB_COMPRESSION:-xz}"
level="${CUTMARK_DEB_LEVEL:-6}"
if [ "$comp" = none ]; then
  dpkg-deb --root-owner-group -Znone --build "$pkg" "$deb"
else
  dpkg-deb --root-owner-group "-Z$comp" "-z$level" --build "$pkg" "$deb"
fi
echo "build_deb: $deb ($(du -h "$deb" | cut -f1), installs $((installed_kb / 1024)) MB, needs glibc >= $glibc_min)"
