import Foundation
import Graphics
import Testing

@testable import TeXMath

@Suite struct ParserTests {
    func failure(_ tex: String) -> TeXError? {
        do {
            _ = try Formula.typeset(tex, display: true)
            return nil
        } catch let e as TeXError {
            return e
        } catch {
            return nil
        }
    }

    @Test func unknownCommandNamesItself() throws {
        let e = try #require(failure(#"a + \foo{b}"#))
        #expect(e.message == #"unknown command \foo"#)
        #expect(e.column == 5)
        #expect(e.span == 4..<8)
    }

    @Test func unbalancedBraces() throws {
        let open = try #require(failure(#"x^{2"#))
        #expect(open.message.contains("missing '}'"))
        #expect(open.column == 3)
        let close = try #require(failure(#"x}"#))
        #expect(close.message.contains("unbalanced '}'"))
        #expect(close.column == 2)
    }

    @Test func leftWithoutRight() throws {
        let e = try #require(failure(#"a \left( b"#))
        #expect(e.message.contains(#"\left without a matching \right"#))
        #expect(e.column == 3)
        #expect(e.span == 2..<7)
        #expect(failure(#"a \right)"#)?.message.contains(#"\right without"#) == true)
    }

    @Test func ampersandOutsideAnEnvironment() throws {
        let e = try #require(failure("a & b"))
        #expect(e.message.contains("'&' outside an environment"))
        #expect(e.column == 3)
    }

    @Test func missingArguments() throws {
        #expect(failure(#"\frac{a}"#)?.message == #"missing argument for \frac"#)
        #expect(failure("x^")?.message.contains("missing argument") == true)
        #expect(failure(#"\sqrt"#)?.message == #"missing argument for \sqrt"#)
        #expect(failure("x^1^2")?.message.contains("double superscript") == true)
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let e = try #require(failure("α + \\bad"))
        #expect(e.column == 5)
        #expect(e.span == 5..<9)
    }

    @Test func environmentsParse() throws {
        for tex in [
            #"\begin{aligned} a &= b \\ c &= d \end{aligned}"#,
            #"\begin{cases} 1 & x > 0 \\ 0 & \text{else} \end{cases}"#,
            #"\begin{pmatrix} a & b \\ c & d \end{pmatrix}"#, #"\begin{bmatrix} 1 \\ 2 \end{bmatrix}"#,
            #"\begin{vmatrix} a & b \\ c & d \end{vmatrix}"#, #"\begin{array}{l|cr} a & b & c \end{array}"#,
            #"\begin{gathered} a \\ b \end{gathered}"#, #"\begin{align*} x &= 1 \end{align*}"#,
        ] {
            let f = try Formula.typeset(tex, display: true)
            #expect(f.width > 0, "\(tex)")
        }
        #expect(failure(#"\begin{matrix} a \end{pmatrix}"#)?.message.contains("does not match") == true)
        #expect(failure(#"\begin{foo} a \end{foo}"#)?.message.contains("unknown environment") == true)
    }

    @Test func issueCommandListTypesets() throws {
        let list = [
            #"\frac{a}{b} \dfrac{a}{b} \tfrac{a}{b} \binom{n}{k} \sqrt[n]{x} x' x''"#,
            #"\sum_a^b \prod_a^b \int_a^b \oint_a^b \lim_{x\to 0} \max_x \min_x \sup_x \inf_x \arg\min_x"#,
            #"\operatorname{ReLU}(x) \operatorname*{argmax}_x \underset{a}{b} \overset{a}{b} \stackrel{\text{def}}{=}"#,
            #"\left( \middle| \right) \left. x \right\} \left\langle x \right\rangle \left\lfloor x \right\rfloor"#,
            #"\big( \Big[ \bigg\{ \Bigg\| \bigl( \bigr)"#,
            #"\hat a \widehat{ab} \tilde a \widetilde{ab} \bar a \overline{ab} \underline{ab} \vec a \dot a \ddot a"#,
            #"\underbrace{a+b}_{n} \overbrace{a+b}^{n}"#,
            #"\mathbf{x} \boldsymbol{\mu} \bm{x} \pmb{x} \mathit{x} \mathrm{x} \mathsf{x} \mathtt{x} \mathcal{L} \mathbb{R} \mathfrak{g} \text{a b} \textbf{b} {\rm d}x"#,
            #"\alpha \beta \Gamma \Omega \varepsilon \varphi \leq \geq \neq \approx \equiv \sim \in \subset \to \Rightarrow \iff \mapsto"#,
            #"\pm \times \cdot \circ \oplus \otimes \ldots \cdots \vdots \ddots \infty \partial \nabla \forall \exists"#,
            #"a\,b\:c\;d\!e\quad f\qquad g\ h~i"#,
            #"x \tag{1}"#, #"\color{red} x + \textcolor{blue}{y}"#, #"\boxed{E=mc^2}"#,
            #"a \not= b \not\in c \not\prec d"#,
            #"a \mid b \| c \{ d \}"#, #"\sum_{\substack{0 < i < m \\ 0 < j < n}} P(i, j)"#,
        ]
        for tex in list {
            let f = try Formula.typeset(tex, display: true)
            #expect(f.width > 0, "\(tex)")
        }
    }

    @Test func infixFractions() throws {
        var p = Parser(#"{a+b \over c} + {n \choose k}"#)
        let (atoms, _) = try p.parseFormula()
        #expect(atoms.count == 3)
        guard case .list(let inner) = atoms[0].nucleus, case .fraction(let f) = inner.first?.nucleus else {
            Issue.record("no fraction")
            return
        }
        #expect(f.numerator.count == 3 && f.denominator.count == 1 && f.hasRule)
    }

    @Test func groupsOfOneCharacterAreCharacters() throws {
        var p = Parser("{x}^2")
        let (atoms, _) = try p.parseFormula()
        #expect(atoms.count == 1)
        if case .symbol(let c) = atoms[0].nucleus { #expect(c == "\u{1D465}") } else { Issue.record("not a symbol") }
    }

    @Test func mathMLDescribesTheStructure() throws {
        let f = try Formula.typeset(#"\frac{1}{2} + x_i^2 + \sqrt{y}"#, display: true)
        let m = f.mathML
        #expect(m.contains("<mfrac><mn>1</mn><mn>2</mn></mfrac>"))
        #expect(m.contains("<msubsup>"))
        #expect(m.contains("<msqrt>"))
        #expect(m.contains("display=\"block\""))
        #expect(m.contains(#"<annotation encoding="application/x-tex">\frac{1}{2} + x_i^2 + \sqrt{y}</annotation>"#))
    }

    @Test func metricsAsJSON() throws {
        let m = try Formula.typeset("x", display: false).metrics
        #expect(m.json.hasPrefix("{\"width\": 5.7"))
        #expect(
            FormulaMetrics(width: 1, height: 0.5, depth: 0.0125).json
                == "{\"width\": 1.000, \"height\": 0.500, \"depth\": 0.013}")
    }

    @Test func batchWritesFilesAndReportsFailures() throws {
        let dir = NSTemporaryDirectory() + "texmath-batch-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let tsv = dir + "/f.tsv"
        try "id\tmode\textra\ttex\na\tinline\t.\tx^2\nb\tdisplay\t.\t\\frac{1}{2}\nc\tdisplay\t.\t\\left( x\n"
            .write(toFile: tsv, atomically: true, encoding: .utf8)
        let report = try TeXBatch.run(tsvPath: tsv, outputDirectory: dir + "/out", format: .svg)
        #expect(report.written.count == 2)
        #expect(report.failures.count == 1)
        #expect(report.failures.first?.id == "c")
        #expect(report.failures.first?.line == 4)
        #expect(report.failures.first?.message == #"\left without a matching \right at column 1"#)
        let svg = try String(contentsOfFile: dir + "/out/b.svg", encoding: .utf8)
        #expect(svg.contains("<svg"))
        #expect(svg.contains("id=\"tex-b-"))
        #expect(throws: TableError.self) { try TSV.parse("id\ttex\nx\ty") }
    }

    @Test func pdfTextCopiesAsTheSource() throws {
        let f = try Formula.typeset(#"\left( \frac{a}{b} \right)"#, display: true)
        let pdf = try f.render(as: .pdf)
        #expect(pdf.count > 500)
        #expect(String(decoding: pdf.prefix(5), as: UTF8.self) == "%PDF-")
    }
}

@Suite struct ErrorDisplayTests {
    @Test func errorDrawableShowsTheSource() throws {
        let tex = #"a \left( b"#
        var caught: TeXError?
        do { _ = try Formula.typeset(tex, display: true) } catch let e as TeXError { caught = e }
        let e = try #require(caught)
        let d = Formula.errorDrawable(tex, error: e)
        #expect(d.width > 20)
        #expect(TeXBatch.format(ofPath: "x/eq.PNG") == .png)
        #expect(TeXBatch.format(ofPath: "eq.txt") == nil)
    }
}

@Suite struct ArrayTests {
    @Test func hlinesDrawRulesAcrossTheTable() throws {
        let f = try Formula.typeset(
            #"\begin{array}{c|c} \hline a & b \\ \hline c & d \\ \hline \end{array}"#, display: true)
        let horizontal = f.box.rules.filter { $0.width > $0.height }
        let vertical = f.box.rules.filter { $0.height > $0.width }
        #expect(horizontal.count == 3)
        #expect(vertical.count == 1)
        let ys = horizontal.map(\.y).sorted()
        #expect(abs(ys[0] - -f.ascent) < 1e-9, "first rule on the top edge")
    }

    @Test func alignedColumnsLineUpOnTheRelation() throws {
        let f = try Formula.typeset(#"\begin{aligned} a &= b \\ ccc &= d \end{aligned}"#, display: true)
        let equals = f.box.glyphs.filter { $0.text == "=" }
        #expect(equals.count == 2)
        #expect(abs(equals[0].x - equals[1].x) < 1e-9)
    }
}

extension ParserTests {
    @Test func mathMLKeepsUprightLettersUpright() throws {
        let m = try Formula.typeset(#"\mathrm{d}x + \Gamma"#, display: false).mathML
        #expect(m.contains("<mi mathvariant=\"normal\">d</mi>"))
        #expect(m.contains("<mi>\u{1D465}</mi>"))
        #expect(m.contains("<mi mathvariant=\"normal\">\u{0393}</mi>"))
    }
}
