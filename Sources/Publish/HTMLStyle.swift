/// The page's whole style sheet, inlined: readable on a phone, large on a projector, clean on paper.
///
/// Accessible to WCAG 2.1 AA: every text colour has at least 4.5:1 contrast on its background (checked
/// by a test), the keyboard focus is always drawn, and at 200% zoom (a 640 px wide window) only a wide
/// code listing or table scrolls, in its own box; display formulas and figures shrink to the column.
enum HTMLStyle {
    static let css = """
        :root { --ink: #1b1b1b; --muted: #5a5a5a; --accent: #1f4e8c; --rule: #d6d6d6; --code-bg: #f4f4f1;
          --note: #2f6db5; --warning: #b8741a; --exercise: #2e7d4f; --solution: #6b4fa3; --error: #b3261e; }
        html { font-size: 18px; -webkit-text-size-adjust: 100%; }
        body { margin: 0; color: var(--ink); background: #fff;
          font-family: "Latin Modern Roman", "LM Roman 10", "Computer Modern Serif", Georgia, "Times New Roman", serif;
          line-height: 1.55; }
        main { max-width: 40em; margin: 0 auto; padding: 2em 1.25em 4em; }
        .title-block { text-align: center; margin-bottom: 2em; }
        .title { font-size: 2.1em; line-height: 1.2; margin: 0.2em 0; }
        .title-block p.author, .title-block p.date { margin: 0.2em 0; color: var(--muted); text-align: center; }
        h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.6em 0 0.5em; }
        h2 { font-size: 1.5em; } h3 { font-size: 1.25em; } h4 { font-size: 1.1em; }
        h2 .num, h3 .num, h4 .num, h5 .num, h6 .num { margin-right: 0.4em; }
        .anchor { margin-left: 0.4em; color: var(--muted); text-decoration: none; font-weight: normal; }
        h2:hover .anchor, h3:hover .anchor, h4:hover .anchor, .anchor:focus { color: var(--accent); }
        p, li, figcaption, h1, h2, h3, h4, h5, h6 { overflow-wrap: anywhere; }
        .skip-link { position: absolute; left: 0.5em; top: -3em; z-index: 1; padding: 0.3em 0.8em; background: #fff;
          color: var(--accent); border: 2px solid var(--accent); border-radius: 4px; }
        .skip-link:focus { top: 0.5em; }
        :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
        #content:focus { outline: none; }
        p { margin: 0.7em 0; text-align: justify; hyphens: auto; }
        a { color: var(--accent); }
        a.ref { text-decoration: none; border-bottom: 1px dotted var(--accent); }
        .ref-missing, .math-error { color: var(--error); }
        .math-error code { color: var(--error); background: #fbeaea; }
        .math-error-message { font-size: 0.85em; }
        .math svg { display: inline-block; overflow: visible; max-width: 100%; }
        .equation { display: flex; align-items: center; justify-content: center; position: relative;
          margin: 1em 0; overflow-x: auto; overflow-y: hidden; }
        .equation .math.display svg { display: block; max-width: 100%; height: auto; }
        .equation:has(.eqno) { padding: 0 2.8em; }
        .eqno { position: absolute; right: 0; }
        code, pre { font-family: "Latin Modern Mono", "LM Mono 10", "DejaVu Sans Mono", Menlo, Consolas, monospace;
          font-size: 0.9em; }
        code { background: var(--code-bg); padding: 0.05em 0.25em; border-radius: 3px; }
        pre { background: var(--code-bg); padding: 0.7em 0.9em; overflow-x: auto; border-radius: 4px; line-height: 1.35; }
        pre code { background: none; padding: 0; font-size: 1em; }
        pre.output { background: #fafafa; border-left: 3px solid var(--rule); }
        blockquote { margin: 1em 0; padding: 0 1em; border-left: 3px solid var(--rule); color: var(--muted); }
        figure { margin: 1.5em 0; text-align: center; }
        figure svg { max-width: 100%; height: auto; }
        svg image { image-rendering: pixelated; }
        figcaption { font-size: 0.92em; color: var(--muted); margin-top: 0.4em; }
        .fig-num { font-weight: bold; color: var(--ink); }
        .table-wrap { overflow-x: auto; margin: 1em 0; }
        figure.table { text-align: left; }
        figure.table figcaption { text-align: center; margin: 0 0 0.4em; }
        figure.table .table-wrap { margin: 0; }
        figure.table svg { max-width: none; }
        table { border-collapse: collapse; margin: 0 auto; }
        th, td { padding: 0.3em 0.8em; border-bottom: 1px solid var(--rule); }
        thead th { border-bottom: 2px solid var(--ink); }
        .al-l { text-align: left; } .al-c { text-align: center; } .al-r { text-align: right; }
        hr { border: 0; border-top: 1px solid var(--rule); margin: 2em 0; }
        .callout { margin: 1.2em 0; padding: 0.5em 1em; border-left: 4px solid var(--note); background: #f5f8fc; }
        .callout-title { font-weight: bold; margin: 0.3em 0; }
        .callout.warning { border-color: var(--warning); background: #fdf7ee; }
        .callout.exercise { border-color: var(--exercise); background: #f2f9f4; }
        .callout.solution { border-color: var(--solution); background: #f7f4fb; }
        .error, .failed { margin: 1em 0; padding: 0.5em 1em; border-left: 4px solid var(--error); background: #fbeaea; }
        .error-title { font-weight: bold; color: var(--error); margin: 0.3em 0; }
        .error pre { background: none; padding: 0; }
        .toc { margin: 1.5em 0 2em; padding: 0.6em 1.2em; border: 1px solid var(--rule); border-radius: 4px; }
        .toc-title { font-size: 1.1em; margin: 0.3em 0; }
        .toc ol { list-style: none; padding: 0; margin: 0; }
        .toc li { margin: 0.15em 0; }
        .toc a { text-decoration: none; }
        .toc .num { display: inline-block; min-width: 2.2em; color: var(--muted); }
        .toc-l2 { padding-left: 1.5em; } .toc-l3 { padding-left: 3em; }
        .glyph-pool { position: absolute; width: 0; height: 0; overflow: hidden; }
        .sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
          clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
        @media (max-width: 600px) {
          html { font-size: 16px; }
          main { padding: 1em 0.9em 3em; }
          p { text-align: left; }
          .title { font-size: 1.6em; }
        }
        @media (min-width: 1400px) { html { font-size: 22px; } main { max-width: 44em; } }
        @media (min-width: 2200px) { html { font-size: 28px; } }
        @media print {
          html { font-size: 11pt; }
          main { max-width: none; padding: 0; }
          a { color: inherit; text-decoration: none; }
          .anchor, .skip-link { display: none; }
          .toc { border: 0; page-break-after: always; }
          h2, h3, h4, h5, h6 { break-after: avoid; page-break-after: avoid; }
          figure, .equation, pre, .callout, table { break-inside: avoid; page-break-inside: avoid; }
          pre { white-space: pre-wrap; }
        }

        """
}
