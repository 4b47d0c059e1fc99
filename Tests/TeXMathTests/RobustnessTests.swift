import Foundation
import FoundationXML
import Graphics
import Testing

@testable import TeXMath

/// Input that once trapped, overflowed the stack or gave invalid SVG: each must now give a clear
/// error with a column, or a well-formed picture.
@Suite struct RobustnessTests {
    func failure(_ tex: String, fontSize: Double = 10) -> TeXError? {
        do {
            _ = try Formula.typeset(tex, display: true, fontSize: fontSize)
            return nil
        } catch {
            return error as? TeXError
        }
    }

    @Test func lengthsThatAreNotFiniteNumbersAreErrorsAtTheLength() throws {
        for (tex, column) in [
            (#"a\hspace{nan em}b"#, 10), (#"a\hspace{1e309em}"#, 10), (#"\kern99999pt x"#, 6),
            (#"\mkern 2000mu"#, 8), (#"\hspace{-101em}"#, 9), (#"\hspace{inf pt}"#, 9),
        ] {
            let e = try #require(failure(tex), "\(tex) was accepted")
            #expect(e.message.contains("is not a number within ±100em"), "\(tex): \(e.message)")
            #expect(e.column == column, "\(tex)")
        }
        // The largest lengths allowed still typeset.
        #expect(failure(#"\hspace{100em}\kern-1000pt\mkern1800mu x"#) == nil)
    }

    @Test func fontSizesOutsideTheRangeAreErrors() throws {
        for size in [1e308, .nan, .infinity, 0, -3, 1001] {
            let e = try #require(failure("x", fontSize: size), "size \(size) was accepted")
            #expect(e.message.contains("font size"))
            #expect(e.column == 1)
        }
    }

    @Test func aNegativeWidthGivesAnEmptyPictureNotANegativeOne() throws {
        let f = try Formula.typeset(#"\hspace{-50em}x"#, display: false)
        #expect(f.width == 0)
        let svg = f.svg()
        #expect(svg.contains("viewBox=\"0 0 2 "), "\(svg.prefix(120))")
        #expect(f.inlineSVG(idPrefix: "n", width: "1em", height: "1em").hasPrefix("<svg viewBox=\"0 0 0 "))
        _ = try f.render(as: .png)
    }

    /// The nesting limit holds however the levels are opened: in sqrt indexes, in text, in math inside
    /// text. Each of these overflowed the stack when it started a parser of its own.
    @Test(arguments: [
        (#"\sqrt["#, #"]{x}"#, 1000), (#"\textbf{"#, "}", 20_000), (#"\text{$"#, "$}", 1000),
        (#"\text{$\sqrt["#, "]{x}$}", 500), ("{", "}", 5000), (#"\left("#, #"\right)"#, 5000),
        (#"\sqrt"#, "", 5000),
    ])
    func deepNestingIsAnErrorNotACrash(open: String, close: String, depth: Int) throws {
        let tex = String(repeating: open, count: depth) + "x" + String(repeating: close, count: depth)
        let e = try #require(failure(tex))
        #expect(e.message == "formula nested more than 120 levels deep")
        #expect(e.column > 1 && e.column < tex.unicodeScalars.count)
    }

    @Test func nestedIndexesAndTextMathStillTypeset() throws {
        let nested = try Formula.typeset(#"\sqrt[\sqrt[3]{2}]{x} + \text{if $x^{\text{$n$}} > 0$}"#, display: true)
        // Two radicals, 3, 2, x; +; i, f; x, n; >, 0.
        #expect(nested.box.glyphs.count == 12)
        #expect(try Formula.typeset(#"\sqrt[{]}]{x}"#, display: false).box.glyphs.map(\.text).contains("]"))
        let e = try #require(failure(#"\sqrt[3{x}"#))
        #expect(e.message == "missing ']' for the '[' opened here")
        #expect(e.column == 6)
        #expect(failure(#"\text{a $x"#)?.message == "missing '$' to close the math opened here")
        #expect(failure(#"\begin{aligned}a\\[2pt \end{aligned}"#)?.column == 19)
    }

    @Test func controlCharactersNeverReachTheSVG() throws {
        // A comment and the optional space after `\\` are skipped, so their characters are accepted.
        let tex = "x % a NUL \u{0}, an ESC \u{1B} and \u{FFFE}\n + y \\\\[\u{7}]"
        let f = try Formula.typeset(tex, display: true)
        let svg = f.svg()
        #expect(svg.contains("aria-label=\"x % a NUL \u{2400}, an ESC \u{241B} and \u{FFFD}\n + y \\\\[\u{2407}]\""))
        #expect(wellFormed(svg))
        #expect(wellFormed(f.mathML))
    }

    /// Mutated corpus formulas, deep nesting, long repeats, control characters: every input typesets
    /// to a well-formed SVG or gives an error with a column. `lectern bench tex-fuzz` runs 100,000.
    @Test func fuzzedFormulasAreAcceptedOrRejectedCleanly() throws {
        var fuzzer = TeXFuzzer(seeds: try Corpus.load().map(\.tex), seed: 18)
        var accepted = 0
        var rejected = 0
        for i in 0..<1500 {
            let input = fuzzer.next()
            switch TeXFuzzer.check(input) {
            case .accepted:
                accepted += 1
                // The full XML check on some of them: it costs more than typesetting.
                if i % 10 == 0 {
                    let f = try Formula.typeset(input.tex, display: input.display)
                    #expect(wellFormed(f.svg()), "input \(i): \(input.tex.debugDescription)")
                }
            case .rejected: rejected += 1
            case .defect(let what): Issue.record("input \(i) \(input.tex.debugDescription): \(what)")
            }
        }
        // Both kinds are common, so the mutations reach deep into the parser and the typesetter.
        #expect(accepted > 200 && rejected > 200, "accepted \(accepted), rejected \(rejected)")
    }

    @Test func theFuzzerIsReproducible() {
        var a = TeXFuzzer(seeds: ["x^2", #"\frac{a}{b}"#], seed: 7)
        var b = TeXFuzzer(seeds: ["x^2", #"\frac{a}{b}"#], seed: 7)
        #expect((0..<50).map { _ in a.next() } == (0..<50).map { _ in b.next() })
    }

    func wellFormed(_ xml: String) -> Bool { XMLParser(data: Data(xml.utf8)).parse() }
}

extension RobustnessTests {
    /// Formulas at the nesting limit typeset on a thread with 4 MiB of stack. A debug build uses about
    /// 20–30 KiB of stack per level of `\sqrt[` (parser and typesetter together), so the limit of 120
    /// levels needs 2–4 MiB there: more than a secondary thread's 512 KiB on macOS, less than the
    /// 8 MiB of Linux threads.
    @Test func formulasAtTheNestingLimitFitInFourMiBOfStack() throws {
        let pieces: [(String, String)] = [
            (#"\sqrt["#, "]{x}"), (#"\frac{"#, "}{2}"), (#"\left("#, #"\right)"#), ("x^{", "}"), (#"\text{$"#, "$}"),
            (#"\begin{pmatrix}"#, #"\end{pmatrix}"#), (#"\underbrace{"#, "}_{n}"), (#"\textbf{"#, "}"),
        ]
        // The deepest nesting of each piece that typesets (a piece may open more than one level).
        final class Results: @unchecked Sendable { var deepest: [Int] = [] }  // written by one thread, then read
        let results = Results()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            for (open, close) in pieces {
                let deepest = (1..<Parser.maximumNesting).reversed().first { depth in
                    let tex = String(repeating: open, count: depth) + "x" + String(repeating: close, count: depth)
                    return (try? Formula.typeset(tex, display: true)) != nil
                }
                results.deepest.append(deepest ?? 0)
            }
            done.signal()
        }
        thread.stackSize = 4 << 20
        thread.start()
        done.wait()
        #expect(results.deepest.allSatisfy { $0 >= Parser.maximumNesting / 3 - 1 }, "\(results.deepest)")
    }
}
