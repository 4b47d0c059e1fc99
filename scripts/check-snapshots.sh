#!/usr/bin/env bash
# Compares the documents `lectern build` made (written with `--snapshots DIR`) with the snapshots checked
# in under Tests/Snapshots/notebooks; `--record` copies them over the checked-in ones after a change was
# reviewed. Usage: scripts/check-snapshots.sh DIR [--record]
set -euo pipefail
cd "$(dirname "$0")/.."
made="${1:?usage: scripts/check-snapshots.sh DIR [--record]}"
expected=Tests/Snapshots/notebooks
# Trained numbers, and with them the figures, depend on the BLAS kernel's order of summation: the
# snapshots hold for the kernel they were recorded with, which is kept beside them.
kernel=$(swift run -c release --skip-build lectern --version | sed -n 's/^BLAS: \(.*\), [0-9]* thread.*/\1/p')
if [ "${2:-}" = "--record" ]; then
    mkdir -p "$expected"
    cp "$made"/*.json "$expected"/
    echo "$kernel" >"$expected/BLAS"
    echo "snapshots recorded in $expected with $kernel"
    exit 0
fi
recorded=$(cat "$expected/BLAS" 2>/dev/null || echo "an unknown BLAS")
if [ "$kernel" != "$recorded" ]; then
    echo "snapshots not compared: they were recorded with $recorded, this machine runs $kernel"
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
[ "$status" = 0 ] && echo "documents match their snapshots: $(cd "$expected" && echo *.json)"
exit "$status"
