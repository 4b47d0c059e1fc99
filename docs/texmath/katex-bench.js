// KaTeX renderToString time per formula over a TSV table (warm, averaged): node katex-bench.js FORMULAS.tsv
const fs = require("fs");
const katex = require("/usr/share/javascript/katex/katex.js");
const [header, ...lines] = fs.readFileSync(process.argv[2], "utf8").split("\n").filter((l) => l.length);
const cols = header.split("\t");
const rows = lines.map((l) => l.split("\t")).map((f) => [f[cols.indexOf("tex")], f[cols.indexOf("mode")] === "display"]);
const ok = rows.filter(([tex, display]) => { try { katex.renderToString(tex, { displayMode: display, strict: "ignore" }); return true; } catch (e) { return false; } });
for (let i = 0; i < 5; i++) for (const [tex, display] of ok) katex.renderToString(tex, { displayMode: display, strict: "ignore" });
const rounds = 20;
const t0 = process.hrtime.bigint();
let bytes = 0;
for (let i = 0; i < rounds; i++) for (const [tex, display] of ok) bytes += katex.renderToString(tex, { displayMode: display, strict: "ignore" }).length;
const us = Number(process.hrtime.bigint() - t0) / 1e3 / (rounds * ok.length);
console.log(`KATEX_BENCH formulas=${ok.length} rounds=${rounds} renderToString=${us.toFixed(1)} us per formula, ${Math.round(bytes / rounds / ok.length)} bytes`);
