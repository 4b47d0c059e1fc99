#!/usr/bin/env bash
# Installs the Debian packages Lectern builds, runs and tests with, when any is missing.
set -euo pipefail

packages=(
    pkg-config
    libcairo2-dev libpango1.0-dev libharfbuzz-dev libfreetype-dev
    libcmark-gfm-dev libcmark-gfm-extensions-dev
    libopenblas-dev liblapacke-dev zlib1g-dev libssl-dev
    fonts-lmodern hyphen-en-us dataset-fashion-mnist
    poppler-utils
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
    echo "Lectern needs these Debian packages: ${missing[*]}" >&2
    echo "Install them as root, then run make again:" >&2
    echo "    sudo apt-get update && sudo $line" >&2
    exit 1
fi
echo "Installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
$line >/dev/null
