"""Checks that a Lectern handout is a tagged PDF a screen reader can read (run by check-pdf-tags.sh).

For each PDF given: the structure tree exists and the file is marked as tagged; the catalog names
the document's language and asks viewers to show its title; the title is set; headings, paragraphs
and (where the handout has them) figures and formulas are elements of the tree; every Figure and
Formula carries alternate text; and the tree's order is the reading order: page by page, and down
each page (the first line of text of each element starts no higher than the one before it).
Exit status 0 when every file passes, 1 with one line per problem otherwise.
"""

import sys

import pikepdf
from pikepdf import Name


def content_tops(page):
    """MCID -> the top of the first text line inside that marked content (points down the page)."""
    tops = {}
    stack = []
    # Cairo flips the page once with `1 0 0 -1 0 H cm` and then sets text with absolute Tm matrices,
    # so a Tm's translation is its baseline measured from the page's top.
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "BDC":
            props = operands[1]
            mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
            stack.append(int(mcid) if mcid is not None else None)
        elif op == "BMC":
            stack.append(None)
        elif op == "EMC":
            if stack:
                stack.pop()
        elif op == "Tm" and stack and stack[-1] is not None and stack[-1] not in tops:
            tops[stack[-1]] = float(operands[5])
    return tops


def walk(element, pdf_pages, page_of, out):
    """Depth-first over the structure tree: (type, element, [(page index, mcid)]) in tree order."""
    kids = element.get("/K")
    if kids is None:
        kids = []
    elif not isinstance(kids, pikepdf.Array):
        kids = [kids]
    own_page = element.get("/Pg")
    marks = []
    children = []
    for kid in kids:
        if isinstance(kid, int):
            marks.append((page_of.get(own_page.objgen) if own_page is not None else None, int(kid)))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == Name.MCR:
            page = kid.get("/Pg", own_page)
            marks.append((page_of.get(page.objgen) if page is not None else None, int(kid.MCID)))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == Name.OBJR:
            continue
        elif isinstance(kid, pikepdf.Dictionary):
            children.append(kid)
    kind = str(element.get("/S", "")).lstrip("/")
    out.append((kind, element, marks))
    for child in children:
        walk(child, pdf_pages, page_of, out)


def check(path, expect):
    problems = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        if "/StructTreeRoot" not in root:
            return [f"{path}: no structure tree"]
        if not (root.get("/MarkInfo") and bool(root.MarkInfo.get("/Marked"))):
            problems.append(f"{path}: not marked as tagged (/MarkInfo /Marked true)")
        lang = str(root.get("/Lang", ""))
        if not lang:
            problems.append(f"{path}: no document language (/Lang)")
        prefs = root.get("/ViewerPreferences")
        if not (prefs and bool(prefs.get("/DisplayDocTitle"))):
            problems.append(f"{path}: viewers are not asked to show the title (/DisplayDocTitle)")
        title = str(pdf.docinfo.get("/Title", ""))
        if not title.strip():
            problems.append(f"{path}: no title")

        page_of = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
        tops = [content_tops(p) for p in pdf.pages]
        elements = []
        tree = root.StructTreeRoot.get("/K")
        for top in tree if isinstance(tree, pikepdf.Array) else [tree]:
            walk(top, pdf.pages, page_of, elements)

        kinds = [k for k, _, _ in elements]
        headings = [k for k in kinds if k in {"H1", "H2", "H3", "H4", "H5", "H6"}]
        if not headings:
            problems.append(f"{path}: no heading in the tree")
        if "P" not in kinds:
            problems.append(f"{path}: no paragraph in the tree")
        for kind in expect:
            if kind not in kinds:
                problems.append(f"{path}: no {kind} in the tree")
        for kind, element, _ in elements:
            if kind in {"Figure", "Formula"} and not str(element.get("/Alt", "")).strip():
                problems.append(f"{path}: a {kind} without alternate text")

        # Reading order: pages never go back, and on a page each element's first line of text starts
        # no higher than the previous one's (cells of one row and a list label share a baseline).
        last = (-1, -1.0)
        for kind, element, marks in elements:
            placed = [(page, tops[page][mcid]) for page, mcid in marks if page is not None and mcid in tops[page]]
            if not placed:
                continue
            first = min(placed)
            if first[0] < last[0] or (first[0] == last[0] and first[1] < last[1] - 1.0):
                problems.append(
                    f"{path}: {kind} on page {first[0] + 1} at {first[1]:.1f} pt comes after text at "
                    f"{last[1]:.1f} pt on page {last[0] + 1}: the tree is not in reading order")
            last = max(last, first)
        counts = {k: kinds.count(k) for k in sorted(set(kinds))}
        print(f"{path}: {len(pdf.pages)} pages, language {lang}, title '{title}', elements {counts}")
    return problems


def main(argv):
    # `--expect Figure,Formula` names kinds the following files must hold.
    problems = []
    expect = []
    args = iter(argv)
    for arg in args:
        if arg == "--expect":
            expect = [k for k in next(args, "").split(",") if k]
            continue
        problems += check(arg, expect)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
