import Testing

@testable import Graphics

struct SurfaceTests {
    @Test func svgIdsArePrefixedSoTwoFiguresCanShareAPage() throws {
        let label = TextLayout("loss", font: .sans(9))
        let a = String(decoding: try Surface.render(label, as: .svg, idPrefix: "fig1"), as: UTF8.self)
        let b = String(decoding: try Surface.render(label, as: .svg, idPrefix: "fig2"), as: UTF8.self)
        let idsA = ids(in: a)
        let idsB = ids(in: b)
        #expect(!idsA.isEmpty)
        #expect(idsA.allSatisfy { $0.hasPrefix("fig1-") })
        #expect(Set(idsA).isDisjoint(with: idsB))
        // Every reference points at an id of the same figure.
        #expect(a.contains("href=\"#fig1-"))
        #expect(!a.contains("href=\"#glyph"))
    }

    @Test func pdfDatesComeFromSourceDateEpoch() {
        #expect(Reproducible.civil(0).date == "1970-01-01")
        #expect(Reproducible.civil(1_700_000_000).date == "2023-11-14")
        #expect(Reproducible.civil(1_700_000_000).time == "22:13:20")
        #expect(Reproducible.civil(951_782_400).date == "2000-02-29")
    }

    @Test func sourceDateEpochOutsideFourDigitYearsIsRefused() throws {
        #expect(try Reproducible.sourceDateEpoch(nil) == nil)
        #expect(try Reproducible.sourceDateEpoch("0") == 0)
        #expect(try Reproducible.sourceDateEpoch("253402300799") == 253_402_300_799)
        // Int.min once overflowed the calendar arithmetic and stopped the process.
        for raw in ["-9223372036854775808", "-1", "253402300800", "12abc"] {
            #expect(throws: Reproducible.InvalidEpoch.self) { try Reproducible.sourceDateEpoch(raw) }
        }
    }

    @Test func samePictureTwiceGivesTheSameBytes() throws {
        let text = TextLayout("Lectern", font: .roman(12))
        for kind in SurfaceKind.allCases {
            let same = try Surface.render(text, as: kind) == Surface.render(text, as: kind)
            #expect(same, "\(kind) output differs between two renderings")
        }
    }

    @Test func multiPagePDFHasItsPagesAndOutline() throws {
        let document = PDFDocument(pageSize: PaperSize.a4.size, metadata: .init(title: "Test handout"))
        for page in 1...3 {
            let canvas = document.newPage()
            canvas.addAnchor("p\(page)", at: Point(72, 72))
            TextLayout("Page \(page)", font: .roman(12)).draw(on: canvas, topLeft: Point(72, 72))
            document.addOutline("Section \(page)", anchor: "p\(page)")
        }
        let bytes = try document.finish()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(document.pageCount == 3)
        #expect(text.contains("/Count 3"))
        #expect(text.contains("/Outlines"))
        #expect(text.contains("Test handout"))
    }

    @Test func rasterImagesMapValuesThroughTheColormap() {
        let image = RasterImage(values: [0, 0.5, 1, 2], width: 2, height: 2, range: 0...1, colormap: .gray)
        #expect(Array(image.rgba[0..<4]) == [0, 0, 0, 255])
        #expect(Array(image.rgba[4..<8]) == [128, 128, 128, 255])
        #expect(Array(image.rgba[12..<16]) == [255, 255, 255, 255])  // clamped
    }

    private func ids(in svg: String) -> [String] {
        svg.split(separator: " id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }
}
