import Foundation
import Graphics
import Testing

@testable import TeXMath

@Suite struct Benchmark {
    /// Set TEXMATH_BENCH=1 (with -c release) to time parse + layout + SVG of the whole corpus.
    @Test func corpusParseLayoutSVG() throws {
        guard ProcessInfo.processInfo.environment["TEXMATH_BENCH"] != nil else { return }
        let rows = try Corpus.load().filter { $0.id != "s042" }
        // Warm up: font loading and glyph caches.
        for row in rows { _ = try Formula.layOut(row.tex, display: row.display).svg() }
        let rounds = 20
        var parseLayout = 0.0
        var svg = 0.0
        var bytes = 0
        for _ in 0..<rounds {
            for row in rows {
                let t0 = DispatchTime.now().uptimeNanoseconds
                let f = try Formula.layOut(row.tex, display: row.display)
                let t1 = DispatchTime.now().uptimeNanoseconds
                bytes += f.svg(idPrefix: row.id).utf8.count
                let t2 = DispatchTime.now().uptimeNanoseconds
                parseLayout += Double(t1 - t0)
                svg += Double(t2 - t1)
            }
        }
        // For comparison, one round through Cairo's SVG surface (what Surface.render does).
        let c0 = DispatchTime.now().uptimeNanoseconds
        for row in rows { _ = try Formula.layOut(row.tex, display: row.display).render(as: .svg) }
        let cairo = Double(DispatchTime.now().uptimeNanoseconds - c0) / Double(rows.count) / 1000
        print("TEXMATH_BENCH cairo-svg path (typeset + Surface.render .svg): \(cairo) us per formula")
        let n = Double(rounds * rows.count)
        print(
            "TEXMATH_BENCH formulas=\(rows.count) rounds=\(rounds) parse+layout=\(parseLayout / n / 1000) us"
                + " svg=\(svg / n / 1000) us total=\((parseLayout + svg) / n / 1000) us per formula, \(bytes / Int(n)) bytes")
    }
}
