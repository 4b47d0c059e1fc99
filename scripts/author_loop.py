#!/usr/bin/env python3
"""The author's loop of `lectern watch`: how long from saving a notebook file to a changed page.

For each bundled notebook this starts `lectern watch`, then edits one sentence of its first Markdown
cell, one formula (its first one-line Math cell) and one line of code (of its last Run cell), each
`--repeat` times, and reports for each the median time from saving the file to the preview server
serving a new page. The notebook files are edited in place and restored at the end (also after
Ctrl-C or an error). Run it from the package directory after `make` (or `swift build -c release
--product lectern`):

    scripts/author_loop.py                    # the prose path, as `lectern watch` works
    scripts/author_loop.py --always-compile   # every edit compiled, as before the prose path

With `--pages DIR` every built page is kept; `--compare DIR` checks each page against the one an
earlier run kept there (the same edit gives the same bytes, whichever path built it).
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

LECTERN = ".build/release/lectern"


def notebook_files():
    """Notebook id -> file, from `Notebook(id: "…"` in notebooks/*.swift."""
    found = {}
    for name in sorted(os.listdir("notebooks")):
        if name.endswith(".swift"):
            text = open(os.path.join("notebooks", name), encoding="utf-8").read()
            for match in re.finditer(r'Notebook\(\s*id:\s*"([^"]+)"', text):
                found[match.group(1)] = os.path.join("notebooks", name)
    return found


def edit_prose(text, n):
    """Appends a sentence to the first prose line of the first Markdown cell."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if re.search(r"\bMarkdown\($", line.strip()) or
                 line.strip().startswith("Markdown("))
    for i in range(start + 1, len(lines)):
        stripped = lines[i].strip()
        if stripped and stripped[0].isalpha():
            lines[i] += f" Edit {n} of the author loop."
            return "\n".join(lines), f"Edit {n} of the author loop."
    raise SystemExit("no prose line found after the first Markdown cell")


def edit_formula(text, n):
    """Adds a term to the first one-line Math cell."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        match = re.search(r'Math\((#*)"(?!"")', line)
        if match:
            hashes = match.group(1)
            end = line.index('"' + hashes, match.end())
            backslash = "\\" if hashes else "\\\\"
            lines[i] = line[:end] + f" + {backslash}epsilon_{{{n}}}" + line[end:]
            return "\n".join(lines), None
    raise SystemExit("no one-line Math cell found")


def edit_code(text, n):
    """Adds a statement at the top of the last Run cell's closure."""
    lines = text.split("\n")
    run = max(i for i, line in enumerate(lines) if re.search(r"\bRun\(", line))
    opening = next(i for i in range(run, len(lines)) if re.search(r"\{( \w+ in)?$", lines[i].rstrip()))
    indent = re.match(r"\s*", lines[opening + 1]).group(0)
    lines.insert(opening + 1, f"{indent}_ = {n}  // an edit of the author-loop benchmark")
    return "\n".join(lines), None


EDITS = {"prose": edit_prose, "formula": edit_formula, "code": edit_code}


def write_atomically(path, text):
    temporary = path + ".author-loop"
    with open(temporary, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(temporary, path)


def version(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/version", timeout=2) as response:
            return int(response.read().decode() or 0)
    except Exception:
        return None


def wait_for_new_version(port, old, timeout, process):
    while True:
        now = version(port)
        if now is not None and now != old:
            return now
        if process.poll() is not None:
            raise SystemExit("lectern watch ended")
        if time.monotonic() > timeout:
            raise SystemExit("no new page before the time-out")
        time.sleep(0.01)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", help="notebook ids (default: all)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--edits", default="prose,formula,code", help="which of prose, formula, code")
    parser.add_argument("--always-compile", action="store_true", help="pass --always-compile to lectern watch")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--timeout", type=float, default=900, help="seconds one edit may take")
    parser.add_argument("--pages", help="keep every built page in this directory")
    parser.add_argument("--compare", help="compare every built page with the one kept in this directory")
    args = parser.parse_args()

    if not os.path.exists("Package.swift"):
        raise SystemExit("run from the package directory")
    subprocess.run(["swift", "build", "-c", "release", "--product", "lectern"], check=True)
    files = notebook_files()
    ids = args.notebooks or list(files)
    edits = args.edits.split(",")
    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = next((line.split(":", 1)[1].strip() for line in cpu.splitlines() if line.startswith("Model name")), "?")
    print(f"CPU: {model}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    print(f"path: {'compile every edit' if args.always_compile else 'lectern watch as it is'}; median of {args.repeat}")
    output = tempfile.mkdtemp(prefix="lectern-author-loop-")
    if args.pages:
        os.makedirs(args.pages, exist_ok=True)
    originals = {path: open(path, encoding="utf-8").read() for path in set(files[i] for i in ids)}
    rows = []
    mismatches = []
    try:
        for notebook in ids:
            path = files[notebook]
            log_path = os.path.join(output, f"{notebook}-watch.log")
            command = [LECTERN, "watch", notebook, "--port", str(args.port), "--output", output]
            if args.always_compile:
                command.append("--always-compile")
            log = open(log_path, "w")
            watch = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
            try:
                wait_for_new_version(args.port, 0, time.monotonic() + args.timeout, watch)
                for kind in edits:
                    times, paths = [], []
                    for n in range(1, args.repeat + 1):
                        text, marker = EDITS[kind](originals[path], n)
                        before = version(args.port)
                        logged = os.path.getsize(log_path)
                        start = time.monotonic()
                        write_atomically(path, text)
                        wait_for_new_version(args.port, before, start + args.timeout, watch)
                        times.append(time.monotonic() - start)
                        time.sleep(0.2)  # let the log catch up
                        with open(log_path, encoding="utf-8", errors="replace") as f:
                            f.seek(logged)
                            said = f.read()
                        paths.append("prose" if "no compile:" in said else "compile")
                        page_file = os.path.join(output, f"{notebook}.html")
                        page = open(page_file, "rb").read()
                        if marker and marker.encode() not in page:
                            raise SystemExit(f"{notebook}: the page lacks the edit '{marker}'")
                        name = f"{notebook}-{kind}-{n}.html"
                        if args.pages:
                            shutil.copyfile(page_file, os.path.join(args.pages, name))
                        if args.compare:
                            other = os.path.join(args.compare, name)
                            if os.path.exists(other) and open(other, "rb").read() != page:
                                mismatches.append(name)
                    rows.append((notebook, kind, statistics.median(times), times, paths))
                    print(f"{notebook:14} {kind:8} median {statistics.median(times):6.2f} s   "
                          f"({', '.join(f'{t:.2f}' for t in times)}; {', '.join(sorted(set(paths)))})", flush=True)
                # Back to the original, and wait until the page shows it.
                before = version(args.port)
                write_atomically(path, originals[path])
                wait_for_new_version(args.port, before, time.monotonic() + args.timeout, watch)
            finally:
                watch.terminate()
                watch.wait()
                log.close()
    finally:
        for path, text in originals.items():
            if open(path, encoding="utf-8").read() != text:
                write_atomically(path, text)
    print()
    print("| notebook | edit | median (s) | runs (s) | path |")
    print("| --- | --- | --- | --- | --- |")
    for notebook, kind, median, times, paths in rows:
        print(f"| {notebook} | {kind} | {median:.2f} | {' '.join(f'{t:.2f}' for t in times)} | "
              f"{', '.join(sorted(set(paths)))} |")
    if args.compare:
        print(f"pages compared with {args.compare}: " + ("all identical" if not mismatches else
                                                          "DIFFERENT: " + ", ".join(mismatches)))
    print(f"watch logs: {output}")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
