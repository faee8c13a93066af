#!/bin/sh
# Install Kansli for the current user (no administrator rights): the program under ~/.local/opt/kansli, the
# command ~/.local/bin/kansli, the menu entry, the icon and the .kansli-sync file type. Run from the unpacked
# folder: ./install.sh   (./install.sh --uninstall removes it again; the database and backups are kept).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
prefix=$HOME/.local/opt/kansli
bin=$HOME/.local/bin

refresh() {
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
    command -v update-mime-database >/dev/null 2>&1 && update-mime-database "$data/mime" || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$prefix" "$bin/kansli" "$data/applications/fi.kansli.Kansli.desktop" \
        "$data/metainfo/fi.kansli.Kansli.metainfo.xml" "$data/mime/packages/kansli-sync.xml"
    find "$data/icons/hicolor" -name 'kansli.*' -delete 2>/dev/null || true
    refresh
    echo "Kansli was removed. Your database and backups are still in your data folder."
    exit 0
fi

mkdir -p "$prefix" "$bin" "$data/applications" "$data/metainfo" "$data/mime/packages" "$data/icons"
rm -rf "$prefix.new" && cp -a "$here/kansli" "$prefix.new" && rm -rf "$prefix" && mv "$prefix.new" "$prefix"
ln -sf "$prefix/kansli" "$bin/kansli"
sed "s|^Exec=kansli|Exec=$prefix/kansli|; s|^TryExec=kansli|TryExec=$prefix/kansli|" \
    "$here/share/applications/fi.kansli.Kansli.desktop" > "$data/applications/fi.kansli.Kansli.desktop"
cp "$here/share/metainfo/fi.kansli.Kansli.metainfo.xml" "$data/metainfo/"
cp "$here/share/mime/packages/kansli-sync.xml" "$data/mime/packages/"
cp -r "$here/share/icons/hicolor" "$data/icons/"
refresh
echo "Kansli is installed: find it in the applications menu, or run $bin/kansli"
