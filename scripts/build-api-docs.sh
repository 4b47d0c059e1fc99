#!/usr/bin/env bash
# Builds the API reference of what a notebook uses — cells, models and their `fit`, tensors, figures —
# from the doc comments, offline, with the toolchain's own DocC: `make docs`.
#
#   scripts/build-api-docs.sh [OUTPUT]     (default .build/api-docs)
#
# Writes OUTPUT/Lectern.doccarchive, a static site (open it through any local web server, or
# `make docs-serve`), and OUTPUT/index.txt, the list of documented pages. Nothing is downloaded: the
# symbol graphs come from SwiftPM's debug build and DocC's renderer ships with the toolchain.
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-.build/api-docs}"
# The modules `import Lectern` brings in that a notebook writes against, in reading order.
modules="Notebook ModelCore Tensors Plots ModelDiagrams Graphics"

docc=$(command -v docc || true)
if [ -z "$docc" ]; then
    docc="$(dirname "$(readlink -f "$(command -v swift)")")/docc"
    [ -x "$docc" ] || { echo "build-api-docs: no docc found beside swift; it comes with Swift 5.9 and later" >&2; exit 1; }
fi

echo "build-api-docs: extracting the public symbols (debug build)"
swift package dump-symbol-graph --minimum-access-level public --skip-synthesized-members \
    --emit-extension-block-symbols >"$out.log" 2>&1 || { cat "$out.log" >&2; exit 1; }
graphs=$(sed -n 's/^Files written to //p' "$out.log" | tail -1)
[ -d "$graphs" ] || { echo "build-api-docs: no symbol graphs in the output of dump-symbol-graph" >&2; cat "$out.log" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/graphs" "$out/modules"
mv "$out.log" "$out/symbol-graphs.log"
for module in $modules; do
    # A module's own graph and those of its extensions to other modules (`ModelDiagrams@Plots`).
    mkdir -p "$out/graphs/$module"
    cp "$graphs/$module.symbols.json" "$out/graphs/$module/"
    cp "$graphs/$module@"*.symbols.json "$out/graphs/$module/" 2>/dev/null || true
    # The module's overview and topics, where docs/api has a catalog for it.
    catalog=()
    [ -d "docs/api/$module.docc" ] && catalog=("docs/api/$module.docc")
    echo "build-api-docs: $module"
    "$docc" convert "${catalog[@]}" --additional-symbol-graph-dir "$out/graphs/$module" \
        --fallback-display-name "$module" --fallback-bundle-identifier "lectern.$module" \
        --output-path "$out/modules/$module.doccarchive" --transform-for-static-hosting \
        >"$out/modules/$module.log" 2>&1 || { cat "$out/modules/$module.log" >&2; exit 1; }
done

archives=""
for module in $modules; do archives="$archives $out/modules/$module.doccarchive"; done
# shellcheck disable=SC2086  # one path per module, none with spaces
"$docc" merge $archives --synthesized-landing-page-name Lectern --synthesized-landing-page-kind Package \
    --output-path "$out/Lectern.doccarchive" >"$out/merge.log" 2>&1 || { cat "$out/merge.log" >&2; exit 1; }

(cd "$out/Lectern.doccarchive/data/documentation" && find . -name '*.json' | sed 's|^\./||; s|\.json$||' | sort) \
    >"$out/index.txt"
echo "build-api-docs: $(wc -l <"$out/index.txt") pages in $out/Lectern.doccarchive"
echo "build-api-docs: read them with \`make docs-serve\` (http://localhost:8000/documentation/)"
