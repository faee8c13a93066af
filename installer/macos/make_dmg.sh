#!/usr/bin/env bash
# Build Kansli.app with PyInstaller and pack it into dist/Kansli-<version>-macos-<arch>.dmg (drag to Applications).
# Run on a Mac from the repository root: installer/macos/make_dmg.sh
# Optional signing and notarisation (needed so that Gatekeeper opens it without a warning):
#   KANSLI_SIGN_IDENTITY="Developer ID Application: … (TEAMID)"  sign the app (hardened runtime) and the DMG
#   KANSLI_NOTARY_PROFILE=<keychain profile of `xcrun notarytool store-credentials`>  notarise and staple the DMG
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(uname -s)" = Darwin ] || { echo "make_dmg: run this on macOS (hdiutil)" >&2; exit 1; }

python=${PYTHON:-.venv/bin/python}
if [ ! -x "$python" ]; then
    python3 -m venv .venv
    python=.venv/bin/python
fi
"$python" -m pip install --quiet --upgrade pip
"$python" -m pip install --quiet -c constraints.txt -e '.[installer]'
"$python" installer/render_icons.py build/icons
if [ ! -s build/icons/kansli.icns ]; then  # Qt's icns writer missing: Apple's own tool from the PNG sizes
    set_dir=build/icons/kansli.iconset
    mkdir -p "$set_dir"
    for size in 16 32 128 256 512; do
        cp "build/icons/hicolor/${size}x${size}/apps/kansli.png" "$set_dir/icon_${size}x${size}.png"
    done
    cp build/icons/hicolor/32x32/apps/kansli.png "$set_dir/icon_16x16@2x.png"
    cp build/icons/hicolor/64x64/apps/kansli.png "$set_dir/icon_32x32@2x.png"
    cp build/icons/hicolor/256x256/apps/kansli.png "$set_dir/icon_128x128@2x.png"
    cp build/icons/hicolor/512x512/apps/kansli.png "$set_dir/icon_256x256@2x.png"
    iconutil -c icns -o build/icons/kansli.icns "$set_dir"
fi
"$python" -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
    installer/kansli.spec

app=dist/Kansli.app
test -d "$app" || { echo "make_dmg: $app was not built" >&2; exit 1; }
"$app/Contents/MacOS/kansli" --version

version=$("$python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
dmg="dist/Kansli-$version-macos-$(uname -m).dmg"

if [ -n "${KANSLI_SIGN_IDENTITY:-}" ]; then
    codesign --force --deep --options runtime --timestamp --sign "$KANSLI_SIGN_IDENTITY" "$app"
    codesign --verify --deep --strict "$app"
fi

stage=build/dmg
rm -rf "$stage" "$dmg" && mkdir -p "$stage"
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
hdiutil create -volname "Kansli $version" -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$dmg"

if [ -n "${KANSLI_SIGN_IDENTITY:-}" ]; then
    codesign --force --timestamp --sign "$KANSLI_SIGN_IDENTITY" "$dmg"
fi
if [ -n "${KANSLI_NOTARY_PROFILE:-}" ]; then
    xcrun notarytool submit "$dmg" --keychain-profile "$KANSLI_NOTARY_PROFILE" --wait
    xcrun stapler staple "$dmg"
fi
echo "$dmg ($(du -h "$dmg" | cut -f1))"
