#!/usr/bin/env python3
"""Measures Lectern's formula boxes against LuaLaTeX's, formula by formula.

Usage:
  docs/texmath/measure-luatex.py [FORMULAS.tsv] [--lectern PATH] [--tsv OUT.tsv] [--all]

FORMULAS.tsv has the columns id, mode (inline or display) and tex, as `lectern tex --batch` reads
(default: docs/texmath/formulas.tsv, a list covering every construct TeXMath supports). Each formula
is typeset twice:

- by LuaLaTeX with `unicode-math` and Latin Modern Math (the font, and so the MATH constants, that
  Lectern uses), as `\\setbox0\\hbox{$\\displaystyle ...$}` (or `\\textstyle` for inline rows), whose
  width, height and depth are written to the log;
- by `lectern tex --batch FORMULAS.tsv --metrics`, which prints the same three numbers.

Both are set at 10pt and divided by 10, so the table is in em. Widths are compared relative to TeX's width;
heights and depths relative to TeX's total height + depth (a relative error on a depth of 0.000 vs
0.011em would mean nothing). The last lines give the distribution of the worst of the three errors.

Needs LuaLaTeX (Debian: texlive-luatex texlive-latex-extra fonts-lmodern) to measure while working
on TeXMath; it is not part of the build or the tests, which hard-code the numbers they need.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# LaTeX needs these where Lectern knows them without a package: operators it predefines, and \bm,
# which the bm package would give but which does not combine with unicode-math.
PREAMBLE = r"""\documentclass[10pt]{article}
\usepackage{amsmath}
\usepackage{mathtools}
\usepackage{xcolor}
\usepackage{unicode-math}
\setmathfont{Latin Modern Math}
\DeclareMathOperator*{\argmin}{arg\,min}
\DeclareMathOperator*{\argmax}{arg\,max}
\DeclareMathOperator{\tr}{tr}
\DeclareMathOperator{\rank}{rank}
\DeclareMathOperator{\diag}{diag}
\DeclareMathOperator{\sgn}{sgn}
\providecommand{\bm}[1]{\boldsymbol{#1}}
\begin{document}
"""

# Display environments that cannot sit in an \hbox are measured as their inner forms, which is
# how Lectern sets them too.
ENVIRONMENTS = {"align*": "aligned", "align": "aligned", "gather*": "gathered", "gather": "gathered",
                "equation*": "", "equation": ""}


def read_table(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    head = lines[0].split("\t")
    idx = {name: head.index(name) for name in ("id", "mode", "tex")}
    rows = []
    for line in lines[1:]:
        if not line.strip():
            continue
        f = line.split("\t")
        if len(f) <= max(idx.values()):
            continue
        rows.append((f[idx["id"]], f[idx["mode"]], f[idx["tex"]]))
    return rows


def for_latex(tex):
    for env, inner in ENVIRONMENTS.items():
        tex = tex.replace(r"\begin{%s}" % env, r"\begin{%s}" % inner if inner else "")
        tex = tex.replace(r"\end{%s}" % env, r"\end{%s}" % inner if inner else "")
    return tex


def measure_luatex(rows, size):
    """{id: (width, height, depth) in em, or an error message}. A formula that stops TeX (an
    unbalanced \\left can swallow the rest of the file) is reported, and TeX runs again after it."""
    out, start = {}, 0
    while start < len(rows):
        boxes, errors = run_luatex(rows, start, size)
        out.update({rows[i][0]: v for i, v in boxes.items()})
        missing = next((i for i in range(start, len(rows)) if i not in boxes), None)
        if missing is None:
            break
        out[rows[missing][0]] = errors.get(missing, "no box in the LuaLaTeX log")
        start = missing + 1
    return out


def run_luatex(rows, start, size):
    body = [PREAMBLE]
    for i in range(start, len(rows)):
        fid, mode, tex = rows[i]
        style = r"\displaystyle" if mode == "display" else r"\textstyle"
        body.append(r"\typeout{LECTERN-BEGIN %d}" % i)
        body.append(r"\setbox0\hbox{$%s %s$}" % (style, for_latex(tex)))
        body.append(r"\typeout{LECTERN-BOX %d \the\wd0\space\the\ht0\space\the\dp0}" % i)
    body.append(r"\end{document}")
    work = tempfile.mkdtemp(prefix="lectern-luatex-")
    try:
        with open(os.path.join(work, "m.tex"), "w", encoding="utf-8") as f:
            f.write("\n".join(body) + "\n")
        subprocess.run(["lualatex", "-interaction=nonstopmode", "m.tex"], cwd=work,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
        log = open(os.path.join(work, "m.log"), encoding="utf-8", errors="replace").read()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    boxes, current, errors = {}, None, {}
    # The log wraps long lines at 79 characters; the markers are short enough to stay whole.
    for line in log.split("\n"):
        m = re.match(r"LECTERN-BEGIN (\d+)", line)
        if m:
            current = int(m.group(1))
            continue
        if line.startswith("! ") and current is not None:
            errors.setdefault(current, "LuaLaTeX: " + line[2:].strip())
        m = re.match(r"LECTERN-BOX (\d+) ([-\d.]+)pt\s*([-\d.]+)pt\s*([-\d.]+)pt", line)
        if m:
            i = int(m.group(1))
            boxes[i] = errors.get(i) or tuple(float(m.group(k)) / size for k in (2, 3, 4))
    return boxes, errors


def measure_lectern(path, lectern, size):
    """{id: (width, height, depth) in em, or an error message}, from `lectern tex --batch --metrics`."""
    run = subprocess.run([lectern, "tex", "--batch", path, "--metrics", "--size", str(size)],
                         capture_output=True, text=True, timeout=600)
    out = {}
    for line in run.stdout.split("\n")[1:]:
        f = line.split("\t")
        if len(f) == 4:
            out[f[0]] = tuple(float(v) / size for v in f[1:])
    for line in run.stderr.split("\n"):
        m = re.match(r"lectern: .*?: (\S+) \(line \d+\): (.*)", line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("formulas", nargs="?", default=os.path.join(HERE, "formulas.tsv"))
    p.add_argument("--lectern", default=os.path.join(REPO, ".build/release/lectern"))
    p.add_argument("--tsv", help="also write the numbers (em) to this file")
    p.add_argument("--all", action="store_true", help="list every formula, not only those off by over 2%%")
    a = p.parse_args()
    rows = read_table(a.formulas)
    tex = measure_luatex(rows, 10)
    ours = measure_lectern(a.formulas, a.lectern, 10)
    results, problems = [], []
    for fid, mode, source in rows:
        t, o = tex.get(fid, "LuaLaTeX: no box in the log"), ours.get(fid, "no line from lectern")
        if isinstance(t, str) or isinstance(o, str):
            problems.append((fid, t if isinstance(t, str) else "Lectern: " + o))
            continue
        total = max(t[1] + t[2], 1e-6)
        dw = (o[0] - t[0]) / max(t[0], 1e-6)
        dh, dd = (o[1] - t[1]) / total, (o[2] - t[2]) / total
        results.append((max(abs(dw), abs(dh), abs(dd)), fid, t, o, dw, dh, dd, source))
    print("%-22s %22s %22s %22s" % ("id", "width  TeX/ours (em) %", "height TeX/ours  %", "depth TeX/ours  %"))
    for worst, fid, t, o, dw, dh, dd, source in sorted(results, key=lambda r: -r[0]):
        if worst <= 0.02 and not a.all:
            continue
        cells = ["%6.3f %6.3f %+6.1f" % (t[k], o[k], 100 * d) for k, d in ((0, dw), (1, dh), (2, dd))]
        print("%-22s %22s %22s %22s   %s" % (fid[:22], *cells, source[:60]))
    for fid, why in problems:
        print("%-22s not compared: %s" % (fid, why))
    n = len(results)
    if n:
        print("\n%d formulas compared (%d not); worst of width, height, depth:" % (n, len(problems)))
        bounds = [0.005, 0.01, 0.02, 0.05, 0.10, 0.20]
        low = 0
        for b in bounds:
            k = sum(1 for r in results if low < r[0] <= b or (low == 0 and r[0] <= b))
            print("  %5.1f%% < err <= %4.1f%%: %3d" % (100 * low, 100 * b, k))
            low = b
        print("          err >  %4.1f%%: %3d" % (100 * low, sum(1 for r in results if r[0] > low)))
        ws = sorted(abs(r[4]) for r in results)
        print("median width error %.2f%%, median height/depth error %.2f%%" % (
            100 * ws[n // 2], 100 * sorted(max(abs(r[5]), abs(r[6])) for r in results)[n // 2]))
    if a.tsv:
        with open(a.tsv, "w", encoding="utf-8") as f:
            f.write("id\ttex_width\ttex_height\ttex_depth\twidth\theight\tdepth\n")
            for r in results:
                f.write("\t".join([r[1]] + ["%.4f" % v for v in r[2] + r[3]]) + "\n")


if __name__ == "__main__":
    sys.exit(main())
