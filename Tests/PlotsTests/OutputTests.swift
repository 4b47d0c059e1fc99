import Foundation
import Graphics
import Testing
@testable import Plots

private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// Every `id="…"` of an SVG.
private func ids(_ svg: String) -> [String] {
    svg.components(separatedBy: " id=\"").dropFirst().compactMap { $0.components(separatedBy: "\"").first }
}

@Test func tenClassScatterUsesTenDistinctColours() throws {
    let b = Fixtures.blobs(1000)
    let scatter = try CodeScatter(codes: b.codes, labels: b.labels, classNames: Fixtures.classNames, alpha: 0.5)
    let svg = text(try Surface.render(scatter, as: .svg))
    // The dots are what is painted half transparent (as fills or round strokes); collect their colours.
    var colours = Set<String>()
    for style in svg.components(separatedBy: "style=\"").dropFirst() {
        let s = style.components(separatedBy: "\"")[0]
        for paint in ["fill", "stroke"] where s.contains("\(paint)-opacity:0.5;") {
            if let value = s.components(separatedBy: "\(paint):rgb(").dropFirst().first {
                colours.insert(value.components(separatedBy: ")")[0])
            }
        }
    }
    #expect(colours.count == 10)
    #expect(Set(Palette.okabeIto.colors.map(\.cssHex)).count == 10)
    #expect(Set(Palette.tab10.colors.map(\.cssHex)).count == 10)
}

@Test func twoFiguresShareNoSVGIds() throws {
    let a = text(try Surface.render(LossPlot(train: [3.0, 2, 1]), as: .svg, idPrefix: "fig1"))
    let b = text(try Surface.render(LinePlot([Series(name: "x", y: [1, 2, 4])], title: "Other"), as: .svg, idPrefix: "fig2"))
    let idsA = ids(a)
    let idsB = ids(b)
    #expect(!idsA.isEmpty && !idsB.isEmpty)
    #expect(Set(idsA).count == idsA.count)
    #expect(Set(idsB).count == idsB.count)
    #expect(Set(idsA).isDisjoint(with: idsB))
}

@Test func pdfFiguresAreVectorExceptImageGrids() throws {
    let b = Fixtures.blobs(300)
    let vectorFigures: [any Drawable] = [
        LossPlot(train: [3.0, 2, 1], validation: [3.5, 2.5, 1.5], logY: true),
        try CodeScatter(codes: b.codes, labels: b.labels, classNames: Fixtures.classNames),
    ]
    for figure in vectorFigures {
        let pdf = text(try Surface.render(figure, as: .pdf))
        #expect(pdf.hasPrefix("%PDF"))
        #expect(!pdf.contains("/Subtype /Image"))
    }
    let grid = try ImageGrid(pixels: Fixtures.patterns(4), imageWidth: 28, imageHeight: 28, columns: 2)
    #expect(text(try Surface.render(grid, as: .pdf)).contains("/Subtype /Image"))
}

@Test func svgImagesStaySharp() throws {
    let grid = try ImageGrid(pixels: Fixtures.patterns(2), imageWidth: 28, imageHeight: 28, columns: 2)
    let svg = text(try Surface.render(grid, as: .svg))
    #expect(svg.contains("<image style=\"image-rendering:pixelated\""))
}
