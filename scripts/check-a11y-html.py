#!/usr/bin/env python3
"""Checks Lectern's HTML handouts with axe-core in headless Chromium.

Each page is opened from disk (the pages load nothing from the network), axe-core runs every rule it
has (WCAG 2.0/2.1 A and AA, and its best practices), and the violations are counted by impact per
page. Any serious or critical violation fails the check and is printed with the elements it names;
so does a page that scrolls sideways in a 640 px window (a 1280 px window at 200% zoom).

    scripts/check-a11y-html.py output/*.html     # or no argument: every output/*.html

Needs Debian's chromium and chromium-driver, and selenium + axe-selenium-python from
scripts/a11y-requirements.txt (scripts/install-a11y.sh installs them into .venv-a11y).
"""

import glob
import json
import os
import shutil
import sys
import time

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

IMPACTS = ["critical", "serious", "moderate", "minor"]
FAILING = {"critical", "serious"}


def browser():
    """Headless Chromium driven by the system's chromedriver (never a downloaded one)."""
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1280,1024"]:
        options.add_argument(flag)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    if chromium is None or not os.path.exists(driver_path):
        sys.exit("check-a11y-html: needs chromium and chromium-driver (apt-get install chromium chromium-driver)")
    options.binary_location = chromium
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    # Long handouts with hundreds of formulas take axe a while, longer on a busy machine: the browser
    # and the HTTP link to its driver both wait up to 15 minutes for one page.
    driver.set_script_timeout(900)
    driver.command_executor.client_config.timeout = 900
    return driver


def check(driver, path):
    driver.get("file://" + os.path.abspath(path))
    axe = Axe(driver)
    axe.inject()
    started = time.monotonic()
    # The inside of each picture (thousands of glyph and path elements per handout) is left out: a
    # figure or formula is one image to a reader, named by its aria-label or MathML, and axe still
    # checks each <svg> itself. Without this a long handout takes axe minutes instead of seconds.
    context = {"include": [["html"]], "exclude": [["svg *"], [".glyph-pool"]]}
    results = axe.run(context=context, options=json.dumps({"resultTypes": ["violations", "incomplete"]}))
    return results["violations"], results["incomplete"], time.monotonic() - started


def reflow_overflow(driver, path):
    """At 200% zoom of a 1280 px window (640 CSS px) the body text must not scroll sideways (WCAG
    1.4.10): how many CSS px the page is wider than the window, 0 when it fits. Wide code and tables
    scroll in their own boxes and do not count."""
    driver.set_window_size(640, 900)
    try:
        driver.get("file://" + os.path.abspath(path))
        return driver.execute_script(
            "return Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)")
    finally:
        driver.set_window_size(1280, 1024)


def describe(violation):
    lines = [f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({len(violation['nodes'])} elements)"]
    for node in violation["nodes"][:5]:
        lines.append(f"      {' '.join(node['target'])}")
        summary = node.get("failureSummary", "").replace("\n", "\n        ")
        if summary:
            lines.append(f"        {summary}")
    if len(violation["nodes"]) > 5:
        lines.append(f"      … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def main(argv):
    pages = argv[1:] or sorted(glob.glob("output/*.html"))
    if not pages:
        sys.exit("check-a11y-html: no HTML page to check (run make first)")
    driver = browser()
    failed = []
    try:
        for page in pages:
            violations, incomplete, seconds = check(driver, page)
            counts = {impact: 0 for impact in IMPACTS}
            for v in violations:
                counts[v["impact"] or "minor"] += len(v["nodes"])
            shown = ", ".join(f"{counts[i]} {i}" for i in IMPACTS)
            # What axe could not decide by itself (text over a picture, say) is for a person to look at.
            review = sum(len(v["nodes"]) for v in incomplete)
            rules = ", ".join(f"{v['id']} {len(v['nodes'])}" for v in incomplete)
            print(f"{os.path.basename(page)}: {shown}; {review} to review by eye"
                  + (f" ({rules})" if rules else "") + f" ({seconds:.1f} s)")
            for v in violations:
                print(describe(v))
            overflow = reflow_overflow(driver, page)
            if overflow > 0:
                print(f"  at 640 px (200% zoom) the page scrolls sideways by {overflow} px")
            if any(v["impact"] in FAILING for v in violations) or overflow > 0:
                failed.append(page)
    finally:
        driver.quit()
    print(f"axe: {len(pages) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
