#!/usr/bin/env bash
# Put the built one-folder bundle (dist/kansli) together with the desktop entry, AppStream metadata, MIME type and
# icons into dist/kansli-<version>-linux-<arch>.tar.gz. Run from the repository root after PyInstaller.
set -euo pipefail
python=${PYTHON:-.venv/bin/python}
version=$("$python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
arch=$(uname -m)
name="kansli-$version-linux-$arch"
stage="build/linux/$name"
test -x dist/kansli/kansli || { echo "make_tarball: dist/kansli/kansli is missing (run PyInstaller first)" >&2; exit 1; }

rm -rf "$stage" && mkdir -p "$stage/share/applications" "$stage/share/metainfo" "$stage/share/mime/packages" \
    "$stage/share/icons"
cp -a dist/kansli "$stage/kansli"
"$python" installer/render_icons.py build/icons >/dev/null
cp -r build/icons/hicolor "$stage/share/icons/"
cp installer/linux/fi.kansli.Kansli.desktop "$stage/share/applications/"
sed "s/@VERSION@/$version/; s/@DATE@/$(date -u +%Y-%m-%d)/" installer/linux/fi.kansli.Kansli.metainfo.xml \
    > "$stage/share/metainfo/fi.kansli.Kansli.metainfo.xml"
cp installer/linux/kansli-sync.xml "$stage/share/mime/packages/"
cp installer/linux/install.sh "$stage/install.sh"
cp installer/linux/README-linux.txt "$stage/README.txt"
if command -v desktop-file-validate >/dev/null 2>&1; then desktop-file-validate "$stage/share/applications/"*.desktop; fi
if command -v appstreamcli >/dev/null 2>&1; then appstreamcli validate --no-net "$stage/share/metainfo/"*.xml || true; fi
tar -C build/linux --owner=0 --group=0 -czf "dist/$name.tar.gz" "$name"
echo "dist/$name.tar.gz: $(du -h "dist/$name.tar.gz" | cut -f1) packed, $(du -sh "$stage/kansli" | cut -f1) unpacked"
