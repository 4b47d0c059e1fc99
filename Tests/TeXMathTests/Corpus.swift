import Foundation
import Graphics
import Testing

@testable import TeXMath

/// The seed corpus: every distinct formula of the lecture notes.
enum Corpus {
    static let path = "/work/shared/math/seed-formulas.tsv"
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
        guard let dir = ProcessInfo.processInfo.environment["TEXMATH_SHEET_DIR"] else { return }
        let rows = try Corpus.load()
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
                    canvas.fillRect(Rect(x: 40, y: y - f.ascent, width: f.width, height: f.height), Color(hex: 0x3366FF, alpha: 0.06))
                    f.draw(on: canvas, at: Point(40, y))
                    y += f.descent + 7
                }
            }
            try Data(png).write(to: URL(fileURLWithPath: "\(dir)/sheet-\(page / perPage + 1).png"))
        }
    }
}
