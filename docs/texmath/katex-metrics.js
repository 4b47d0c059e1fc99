// Heights and depths (in em) that KaTeX 0.16 gives each formula of a TSV table (id, mode, tex).
// Usage: node katex-metrics.js FORMULAS.tsv > katex.tsv       (Debian: apt-get install libjs-katex)
// KaTeX writes one "strut" per line box: height = height + depth, vertical-align = -depth.
const fs = require("fs");
const katex = require("/usr/share/javascript/katex/katex.js");
const [header, ...lines] = fs.readFileSync(process.argv[2], "utf8").split("\n").filter((l) => l.length);
const cols = header.split("\t");
const [idCol, modeCol, texCol] = ["id", "mode", "tex"].map((n) => cols.indexOf(n));
console.log("id\theight\tdepth\tms");
for (const line of lines) {
  const f = line.split("\t");
  let html;
  const t0 = process.hrtime.bigint();
  try {
    html = katex.renderToString(f[texCol], { displayMode: f[modeCol] === "display", throwOnError: true });
  } catch (e) {
    console.log(`${f[idCol]}\tERROR\tERROR\t0`);
    continue;
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  let height = 0, depth = 0;
  for (const m of html.matchAll(/class="strut" style="height:([\d.]+)em;(?:vertical-align:(-?[\d.]+)em;)?/g)) {
    const total = parseFloat(m[1]);
    const d = m[2] ? -parseFloat(m[2]) : 0;
    height = Math.max(height, total - d);
    depth = Math.max(depth, d);
  }
  console.log(`${f[idCol]}\t${height.toFixed(4)}\t${depth.toFixed(4)}\t${ms.toFixed(3)}`);
}
