import Foundation
import Graphics
import Testing

@testable import TeXMath

/// The seed corpus: every distinct formula of the lecture notes, kept in the repository's test fixtures.
enum Corpus {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/seed-formulas.tsv").path
    static func load() throws -> [FormulaRow] { try TSV.read(path: path) }
}

@Suite struct CorpusTests {
    @Test func everySeedFormulaTypesetsExceptTheDamagedOne() throws {
        let rows = try Corpus.load()
        #expect(rows.count == 165)
        var failures: [String: TeXError] = [:]
        for row in rows {
            do {
                let f = try Formula.typeset(row.tex, display: row.display)
                #expect(f.width > 0, "\(row.id) has no width")
                #expect(f.ascent + f.descent > 0, "\(row.id) has no height")
                let svg = try f.render(as: .svg)
                #expect(svg.count > 100)
            } catch let e as TeXError {
                failures[row.id] = e
            }
        }
        #expect(Array(failures.keys) == ["s042"], "failures: \(failures)")
        let e = try #require(failures["s042"])
        #expect(e.message.contains("\\left"))
        #expect(e.column == 50)
    }

    /// Set TEXMATH_SHEET_DIR to write the corpus as PNG contact sheets to look at.
    @Test func contactSheets() throws {
        let env = ProcessInfo.processInfo.environment
        guard let dir = env["TEXMATH_SHEET_DIR"] else { return }
        // TEXMATH_SHEET_TSV: another table (same columns) to look at instead of the corpus.
        let rows = try env["TEXMATH_SHEET_TSV"].map { try TSV.read(path: $0) } ?? Corpus.load()
        let perPage = 28
        for page in stride(from: 0, to: rows.count, by: perPage) {
            let slice = Array(rows[page..<min(page + perPage, rows.count)])
            var formulas: [(FormulaRow, Drawable)] = []
            for row in slice {
                if let f = try? Formula.typeset(row.tex, display: row.display, fontSize: 14) {
                    formulas.append((row, f))
                } else {
                    formulas.append((row, TextLayout("ERROR " + row.tex, font: .mono(8), color: Color(hex: 0xCC0000))))
                }
            }
            let width = 1000.0
            let height = formulas.reduce(10) { $0 + $1.1.height + 14 }
            let png = try Surface.render(.png, size: Size(width, height), scale: 1.5, background: .white) { canvas in
                var y = 6.0
                for (row, f) in formulas {
                    let label = TextLayout(row.id, font: .mono(8), color: Color(gray: 0.5))
                    y += f.ascent + 7
                    label.draw(on: canvas, at: Point(4, y))
                    canvas.fillRect(Rect(x: 40, y: y, width: f.width, height: 0.3), Color(hex: 0xFF8888))
                    canvas.fillRect(
                        Rect(x: 40, y: y - f.ascent, width: f.width, height: f.height),
                        Color(hex: 0x3366FF, alpha: 0.06))
                    f.draw(on: canvas, at: Point(40, y))
                    y += f.descent + 7
                }
            }
            try Data(png).write(to: URL(fileURLWithPath: "\(dir)/sheet-\(page / perPage + 1).png"))
        }
    }
}

@Suite struct ReferenceDump {
    /// Set TEXMATH_METRICS_OUT to write id, height, depth (em) of every corpus formula, for
    /// comparing with another typesetter (docs/texmath/measure-luatex.py does it with lectern tex --metrics).
    @Test func dumpMetrics() throws {
        guard let out = ProcessInfo.processInfo.environment["TEXMATH_METRICS_OUT"] else { return }
        var text = "id\theight\tdepth\n"
        let table = ProcessInfo.processInfo.environment["TEXMATH_METRICS_TSV"]
        for row in try table.map({ try TSV.read(path: $0) }) ?? Corpus.load() {
            guard let f = try? Formula.typeset(row.tex, display: row.display, fontSize: 10) else {
                text += "\(row.id)\tERROR\tERROR\n"
                continue
            }
            text += "\(row.id)\t\(f.ascent / 10)\t\(f.descent / 10)\n"
        }
        try text.write(toFile: out, atomically: true, encoding: .utf8)
    }
}

extension ReferenceDump {
    /// Set TEXMATH_SHOW to comma-separated ids (and TEXMATH_SHEET_DIR) to render them large, one PNG each.
    @Test func showSome() throws {
        let env = ProcessInfo.processInfo.environment
        guard let ids = env["TEXMATH_SHOW"], let dir = env["TEXMATH_SHEET_DIR"] else { return }
        let wanted = Set(ids.split(separator: ",").map(String.init))
        for row in try Corpus.load() where wanted.contains(row.id) {
            let f = try Formula.typeset(row.tex, display: row.display, fontSize: 24)
            let png = try Surface.render(f, as: .png, padding: 4, scale: 2, background: .white)
            try Data(png).write(to: URL(fileURLWithPath: "\(dir)/show-\(row.id).png"))
        }
    }
}

extension ReferenceDump {
    /// With TEXMATH_SHOW and TEXMATH_SHEET_DIR: also the hand-written SVG of each shown formula.
    @Test func showSVG() throws {
        let env = ProcessInfo.processInfo.environment
        guard let ids = env["TEXMATH_SHOW"], let dir = env["TEXMATH_SHEET_DIR"] else { return }
        let wanted = Set(ids.split(separator: ",").map(String.init))
        for row in try Corpus.load() where wanted.contains(row.id) {
            let f = try Formula.typeset(row.tex, display: row.display, fontSize: 24)
            try f.svg(idPrefix: row.id).write(toFile: "\(dir)/show-\(row.id).svg", atomically: true, encoding: .utf8)
            try Data(try f.render(as: .pdf)).write(to: URL(fileURLWithPath: "\(dir)/show-\(row.id).pdf"))
        }
    }
}

extension ReferenceDump {
    /// TEXMATH_SHOW_TSV + TEXMATH_SHEET_DIR: every formula of a table large, one PNG each.
    @Test func showTable() throws {
        let env = ProcessInfo.processInfo.environment
        guard let path = env["TEXMATH_SHOW_TSV"], let dir = env["TEXMATH_SHEET_DIR"] else { return }
        for row in try TSV.read(path: path) {
            let f = try Formula.typeset(row.tex, display: row.display, fontSize: 24)
            let png = try Surface.render(f, as: .png, padding: 4, scale: 2, background: .white)
            try Data(png).write(to: URL(fileURLWithPath: "\(dir)/show-\(row.id).png"))
        }
    }
}
