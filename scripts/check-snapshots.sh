#!/usr/bin/env bash
# Compares the documents `lectern build` made (written with `--snapshots DIR`) with the snapshots checked
# in under Tests/Snapshots/notebooks; `--record` copies them over the checked-in ones after a change was
# reviewed. Usage: scripts/check-snapshots.sh DIR [--record]
set -euo pipefail
cd "$(dirname "$0")/.."
made="${1:?usage: scripts/check-snapshots.sh DIR [--record]}"
expected=Tests/Snapshots/notebooks
if [ "${2:-}" = "--record" ]; then
    mkdir -p "$expected"
    cp "$made"/*.json "$expected"/
    echo "snapshots recorded in $expected"
    exit 0
fi
status=0
for file in "$expected"/*.json; do
    name=$(basename "$file")
    if [ ! -f "$made/$name" ]; then
        echo "no document $made/$name to compare with $file"; status=1
    elif ! diff -u "$file" "$made/$name"; then
        echo "$name differs from its snapshot (review the diff; re-record with scripts/check-snapshots.sh $made --record)"
        status=1
    fi
done
[ "$status" = 0 ] && echo "documents match their snapshots: $(ls "$expected" | tr '\n' ' ')"
exit "$status"
