#!/usr/bin/env bash
# Installs what the accessibility checks need when any of it is missing: Debian's chromium and
# chromium-driver (axe-core runs in headless Chromium), and the .venv-a11y virtual environment with
# the Python packages of scripts/a11y-requirements.txt. Prints the venv's python.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(chromium chromium-driver python3-venv)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    line="apt-get install -y --no-install-recommends ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then
        echo "The accessibility checks need these Debian packages: ${missing[*]}" >&2
        echo "    sudo apt-get update && sudo $line" >&2
        exit 1
    fi
    echo "Installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    $line >/dev/null
fi

venv=.venv-a11y
requirements=scripts/a11y-requirements.txt
# Rebuilt when the requirements change, so a venv left from an older checkout never hides a missing package.
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$requirements" "$venv/requirements.txt"; then
    # Debian's own Python, the one python3-venv belongs to: another python3 first on PATH (pyenv's,
    # say) may lack a working ssl module, and pip cannot reach PyPI without it.
    rm -rf "$venv"
    /usr/bin/python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements" >&2
    cp "$requirements" "$venv/requirements.txt"
fi
echo "$venv/bin/python"
