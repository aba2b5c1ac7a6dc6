#!/usr/bin/env bash
# Build Cutmark.app and Cutmark-<version>-macos-<arch>.dmg on a Mac (Apple silicon).
#
#   installers/macos/build_dmg.sh
#
# Needs: macOS 11+, Python 3.11 (python.org or Homebrew), Xcode command line tools
# (codesign, hdiutil), and Cutmark's dependencies plus PyInstaller in the active Python:
#   python3.11 -m venv .venv && .venv/bin/pip install -e ".[build]"
# PyPI's macOS torch wheels are arm64 only (no Intel builds since torch 2.3), so this makes
# an arm64 app; it runs the model on Apple's GPU through MPS (--device auto picks it).
#
# Optional signing and notarisation (without them the app is ad-hoc signed: it runs on the
# build Mac, and elsewhere only after right-click > Open):
#   CUTMARK_CODESIGN_IDENTITY="Developer ID Application: Name (TEAMID)"  PyInstaller signs
#       every binary and the bundle with the hardened runtime and
#       resources/macos/entitlements.plist; this script signs the .dmg
#   CUTMARK_NOTARY_PROFILE=<profile>  a `xcrun notarytool store-credentials` profile: the
#       .dmg is submitted, waited for and stapled
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
[ "$(uname -s)" = Darwin ] || { echo "build_dmg: run this on macOS" >&2; exit 1; }
PY="${PYTHON:-$([ -x .venv/bin/python ] && echo .venv/bin/python || echo python3)}"
"$PY" -c 'import PyInstaller' 2>/dev/null || { echo "build_dmg: $PY -m pip install -e '.[build]'" >&2; exit 1; }

version="$("$PY" -c 'import desktop_app; print(desktop_app.__version__)')"
arch="$(uname -m)"
[ -f resources/icons/cutmark.icns ] || "$PY" resources/make_icons.py

"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller installers/cutmark.spec
app="dist/Cutmark.app"
[ -d "$app" ] || { echo "build_dmg: PyInstaller did not make $app" >&2; exit 1; }

# The bundle must start: the same checks as the Linux smoke test, cut down.
"$app/Contents/MacOS/Cutmark" --version
"$app/Contents/MacOS/Cutmark" models path
codesign --verify --deep --strict "$app"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
dmg="dist/Cutmark-$version-macos-$arch.dmg"
rm -f "$dmg"
# ULMO (LZMA) is the smallest format; macOS 10.15+ opens it (the app needs 11+ anyway).
hdiutil create -volname "Cutmark $version" -srcfolder "$stage" -fs HFS+ -format ULMO -ov "$dmg"

if [ -n "${CUTMARK_CODESIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$CUTMARK_CODESIGN_IDENTITY" "$dmg"
  if [ -n "${CUTMARK_NOTARY_PROFILE:-}" ]; then
    xcrun notarytool submit "$dmg" --keychain-profile "$CUTMARK_NOTARY_PROFILE" --wait
    xcrun stapler staple "$dmg"
  fi
fi
echo "build_dmg: $dmg ($(du -h "$dmg" | cut -f1))"
