#!/usr/bin/env bash
# Checks the structure tree of tagged PDF handouts with pikepdf (scripts/check_pdf_tags.py), in a
# virtual environment of its own (.venv-a11y/, made on first use). Exit 77 (skipped) when Python's
# venv or pip cannot be had; CI runs it on a machine where they can.
#   scripts/check-pdf-tags.sh [--expect Figure,Formula] output/hello.pdf …
set -euo pipefail
# Paths as given, from where the script was called: made absolute before moving to the checkout.
args=()
for a in "$@"; do
    case "$a" in -*|*,*|[A-Z]*) args+=("$a") ;; /*) args+=("$a") ;; *) args+=("$PWD/$a") ;; esac
done
cd "$(dirname "$0")/.."
venv=.venv-a11y
python=/usr/bin/python3
[ -x "$python" ] || python=$(command -v python3 || true)
if [ -z "$python" ]; then
    echo "check-pdf-tags: skipped, no python3 (Debian: apt-get install python3 python3-venv)" >&2
    exit 77
fi
if [ ! -x "$venv/bin/python" ]; then
    if ! "$python" -m venv "$venv" >/dev/null 2>&1; then
        rm -rf "$venv"
        if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
            "$python" -m venv "$venv"
        else
            echo "check-pdf-tags: skipped, Python has no venv (Debian: sudo apt-get install python3-venv)" >&2
            exit 77
        fi
    fi
fi
if ! "$venv/bin/python" -c "import pikepdf" 2>/dev/null; then
    if ! "$venv/bin/python" -m pip install -q pikepdf >&2; then
        echo "check-pdf-tags: skipped, pip could not install pikepdf (offline?)" >&2
        exit 77
    fi
fi
exec "$venv/bin/python" scripts/check_pdf_tags.py "${args[@]}"
