import Foundation
import Testing

@testable import Graphics

/// The structure tree PDFDocument writes through Cairo 1.16, and what Lectern adds after Cairo: the
/// language, the title shown, and alternate texts.
struct PDFStructureTests {
    func text(_ pdf: [UInt8]) -> String { String(decoding: pdf, as: UTF8.self) }

    /// A two-page document: a section, a paragraph running over the page break, a figure after it.
    func twoPages(alternate: String) throws -> [UInt8] {
        let document = PDFDocument(pageSize: Size(300, 300), metadata: .init(title: "Structure", language: "de-CH"))
        var c = document.newPage()
        document.beginStructure(.section)
        document.beginStructure(.paragraph)
        TextLayout("first half", font: .roman(10)).draw(on: c, at: Point(20, 40))
        document.endStructure()
        document.beginStructure(.list)
        document.beginStructure(.listItem)
        document.beginStructure(.paragraph)
        TextLayout("an item", font: .roman(10)).draw(on: c, at: Point(20, 60))
        let open = document.suspendStructure()
        c = document.newPage()
        // What is drawn while nothing is open belongs to no element: a page number.
        TextLayout("2", font: .roman(10)).draw(on: c, at: Point(150, 290))
        document.resumeStructure(open)
        TextLayout("its second line", font: .roman(10)).draw(on: c, at: Point(20, 40))
        document.endStructure()
        document.endStructure()
        document.endStructure()
        document.beginStructure(.figure, alternate: alternate)
        c.fillRect(Rect(x: 20, y: 80, width: 50, height: 50), .black)
        document.endStructure()
        document.endStructure()
        return try document.finish()
    }

    @Test func theTreeSurvivesAPageBreakAndTheAmendmentReadsBack() throws {
        let pdf = try twoPages(alternate: "a square (black) \\ ∑ 😀")
        let t = text(pdf)
        #expect(t.contains("/MarkInfo << /Marked true >>"))
        #expect(t.contains("/Lang \(PDFAccessibilityAmendment.textString("de-CH"))"))
        #expect(t.contains("/DisplayDocTitle true"))
        // Brackets, backslashes and characters beyond the BMP are safe in a UTF-16 hex string.
        #expect(t.contains("/Alt \(PDFAccessibilityAmendment.textString("a square (black) \\ ∑ 😀"))"))
        // The paragraph of the list item was closed at the break and opened again on page 2.
        #expect(t.components(separatedBy: "/S /LI\n").count - 1 == 2)
        // The incremental update points back at Cairo's cross-reference table, which stays as it was.
        #expect(t.components(separatedBy: "startxref").count - 1 == 2)
        #expect(t.contains("/Prev "))
        let path = NSTemporaryDirectory() + "lectern-structure-\(UUID().uuidString).pdf"
        try Data(pdf).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let info = try run("/usr/bin/pdfinfo", [path])
        #expect(info.contains("Tagged:          yes"), "\(info)")
        #expect(info.contains("Pages:           2"))
        #expect(info.contains("Title:           Structure"))
        let words = try run("/usr/bin/pdftotext", [path, "-"])
        #expect(words.contains("its second line"))
    }

    @Test func anUntaggedDocumentIsLeftAsCairoWroteIt() throws {
        let document = PDFDocument(pageSize: Size(100, 100), metadata: .init(title: "Plain"))
        document.newPage().fillRect(Rect(x: 0, y: 0, width: 10, height: 10), .black)
        let t = text(try document.finish())
        #expect(!t.contains("/StructTreeRoot"))
        #expect(!t.contains("/Lang"))
        #expect(t.components(separatedBy: "startxref").count - 1 == 1)
    }

    @Test func alternateTextsThatDoNotMatchTheTreeAreAnErrorNotAWrongAlt() throws {
        let pdf = try twoPages(alternate: "one")
        #expect(throws: PDFAccessibilityAmendment.Failure.self) {
            _ = try PDFAccessibilityAmendment.amend(
                pdf, language: "en", alternates: [(.figure, "one"), (.formula, "two")])
        }
        #expect(throws: PDFAccessibilityAmendment.Failure.self) {
            _ = try PDFAccessibilityAmendment.amend(Array("%PDF-1.5\nnot a pdf".utf8), language: "en", alternates: [])
        }
    }

    private func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
