#!/usr/bin/env bash
# Smoke test of the built Linux bundle (make installer-test): everything below runs the frozen program in
# dist/kansli, never the source. Fails on a non-zero exit, a traceback or a missing module anywhere.
set -euo pipefail

bundle=${1:-dist/kansli}
kansli="$bundle/kansli"
test -x "$kansli" || { echo "test_bundle: $kansli is missing (make installer first)" >&2; exit 1; }
kansli=$(cd "$(dirname "$kansli")" && pwd)/kansli

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A home of its own: the log, the keyring (none: the fail backend, so the program prints the recovery key and
# reads KANSLI_KEY) and Qt's settings stay in the temporary folder.
export HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share" XDG_STATE_HOME="$work/home/.local/state" \
    XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/home/.cache"
mkdir -p "$HOME"
unset KANSLI_DB KANSLI_KEY DBUS_SESSION_BUS_ADDRESS PYTHONPATH PYTHONHOME || true
export PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring
export QT_QPA_PLATFORM=offscreen LANG=C.UTF-8

failures=0
check_output() {  # name, file: fail on a traceback or a missing module in what a step printed
    if grep -nE "Traceback|ModuleNotFoundError|ImportError|No module named|Could not load the Qt platform plugin|cannot open shared object" "$2"; then
        echo "FAIL $1: see above" >&2
        failures=$((failures + 1))
    fi
}
step() {  # name, command…: run from the bundle, keep stdout+stderr, fail on a non-zero exit
    local name=$1
    shift
    local out="$work/$name.out"
    local started=$SECONDS
    if "$@" >"$out" 2>&1; then
        echo "ok   $name ($((SECONDS - started)) s)"
    else
        echo "FAIL $name: exit code $?" >&2
        cat "$out" >&2
        failures=$((failures + 1))
    fi
    check_output "$name" "$out"
}

# 1. --version, and the version is the one in pyproject.toml.
step version "$kansli" --version
want=$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml | head -1)
grep -qx "Kansli $want" "$work/version.out" || { echo "FAIL version: $(cat "$work/version.out"), want $want" >&2; failures=$((failures + 1)); }

# 2. The demo district into a temporary file: creates the encrypted database, runs the migrations from the files
#    carried in the bundle, reads the demo vocabularies; without a keyring it prints the recovery key.
db="$work/demo.kansli"
step demo "$kansli" --db "$db" demo --members 400 --seed 7
KANSLI_KEY=$(sed -n 's/^Recovery key: *//p' "$work/demo.out" | head -1)
test -n "$KANSLI_KEY" || { echo "FAIL demo: no recovery key printed" >&2; cat "$work/demo.out" >&2; exit 1; }
export KANSLI_KEY KANSLI_DB="$db"

# 3. A headless printout (ReportLab, fonts and catalogs from the bundle), in Finnish and in Swedish.
step calling-list "$kansli" calling list
campaign=$(cut -f1 "$work/calling-list.out" | head -1)
test -n "$campaign" || { echo "FAIL calling-list: no campaign" >&2; exit 1; }
step print-call-sheets "$kansli" print call-sheets --campaign "$campaign" -o "$work/sheets.pdf"
step print-call-sheets-sv "$kansli" --lang sv print call-sheets --campaign "$campaign" --language sv -o "$work/sheets-sv.pdf"
for pdf in "$work/sheets.pdf" "$work/sheets-sv.pdf"; do
    if [ "$(head -c 5 "$pdf" 2>/dev/null)" != "%PDF-" ]; then
        echo "FAIL print: $pdf is not a PDF" >&2
        failures=$((failures + 1))
    fi
done
# A translated message proves the .po catalogs are found in the bundle.
step help-fi "$kansli" --lang fi --help
if cmp -s "$work/help-fi.out" <("$kansli" --lang en --help 2>&1); then
    echo "FAIL help-fi: the Finnish help is the English one (catalogs not found)" >&2
    failures=$((failures + 1))
fi

# 4. The window, offscreen: the start-up probe (installer/rthook_startup_probe.py) writes down whether the main
#    window came up (not an error box) and closes the program after a few seconds.
export KANSLI_STARTUP_PROBE="$work/window.json" KANSLI_STARTUP_HOLD=3 KANSLI_STARTUP_TIMEOUT=60
step window timeout 90 "$kansli"
if ! grep -q '"ok": true' "$work/window.json" 2>/dev/null; then
    echo "FAIL window: the main window did not come up: $(cat "$work/window.json" 2>/dev/null || echo 'no probe file')" >&2
    failures=$((failures + 1))
else
    echo "     window shown after $(sed 's/.*"shown": \([0-9.]*\).*/\1/' "$work/window.json" | cut -c1-5) s"
fi
unset KANSLI_STARTUP_PROBE

# 5. The log the program wrote (errors in Qt slots land there, not on stderr).
for log in "$XDG_STATE_HOME"/Kansli/log/*; do
    [ -f "$log" ] && check_output "log $(basename "$log")" "$log"
done

size=$(du -sh "$bundle" | cut -f1)
if [ "$failures" -ne 0 ]; then
    echo "installer-test: $failures failure(s)" >&2
    exit 1
fi
echo "installer-test: all steps passed from the bundle ($size)"
