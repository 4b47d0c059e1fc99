import Foundation
import Testing

@testable import Graphics

/// One real call into each C library Graphics wraps, so a missing or wrong one fails here.
struct SystemLibraryTests {
    @Test func cairoWritesEachFileKind() throws {
        let size = Size(40, 20)
        let draw: (Canvas) -> Void = { canvas in
            canvas.addCircle(center: Point(10, 10), radius: 5)
            canvas.fill(Color(hex: 0x0072B2))
        }
        let pdf = try Surface.render(.pdf, size: size, draw)
        #expect(String(decoding: pdf.prefix(5), as: UTF8.self) == "%PDF-")
        let png = try Surface.render(.png, size: size, scale: 2, draw)
        #expect(png.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // PNG header: width and height are big-endian at bytes 16...23, here doubled by the scale.
        #expect(png[16..<20] == [0, 0, 0, 80])
        #expect(png[20..<24] == [0, 0, 0, 40])
        let svg = String(decoding: try Surface.render(.svg, size: size, draw), as: UTF8.self)
        #expect(svg.contains("<svg"))
        #expect(svg.contains("<path"))
    }

    @Test func pangoResolvesTheLatinModernFamilies() {
        for font in [Font.roman(10), Font.sans(10), Font.mono(10)] {
            let layout = TextLayout("Reconstruction", font: font)
            #expect(layout.resolvedFamily.hasPrefix("Latin Modern"))
            #expect(layout.width > 40 && layout.width < 100)
            #expect(layout.ascent > 6 && layout.ascent < 14)
        }
    }

    @Test func pangoWrapsAtTheGivenWidth() {
        let text = String(repeating: "auto-encoders learn codes ", count: 12)
        let layout = TextLayout(text, font: .roman(10), width: 200, alignment: .justify)
        #expect(layout.lineCount > 3)
        #expect(layout.width <= 200.5)
        let baselines = layout.lineBaselines
        #expect(baselines.count == layout.lineCount)
        #expect(zip(baselines, baselines.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func harfBuzzAndCairoReportVersions() {
        let versions = GraphicsLibraries.versions
        #expect(versions["cairo"]?.hasPrefix("1.") == true)
        #expect(versions["pango"]?.hasPrefix("1.") == true)
        #expect((versions["harfbuzz"]?.split(separator: ".").first).flatMap { Int($0) } ?? 0 >= 2)
    }

    @Test func freeTypeReadsLatinModernMath() throws {
        let font = try FontFile.read(path: FontFile.latinModernMathPath)
        #expect(font.familyName == "Latin Modern Math")
        #expect(font.unitsPerEm == 1000)
        #expect(font.glyphCount > 4000)
    }

    @Test func freeTypeRejectsAFileThatIsNoFont() throws {
        let path = NSTemporaryDirectory() + "lectern-not-a-font-\(getpid()).otf"
        try Data("not a font".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: GraphicsError.self) { try FontFile.read(path: path) }
    }
}

