import Foundation
import Graphics
import Publish
import TeXMath
import Testing

@Test(.enabled(if: ProcessInfo.processInfo.environment["LECTERN_PROFILE"] != nil))
func profileSVG() throws {
    let f = try Formula.typeset("L_{rec} = \\frac{1}{d}\\sum_{j=1}^{d}(x^{(j)} - \\hat{x}^{(j)})^2", display: true)
    var clock = ContinuousClock.now
    var svg: [UInt8] = []
    for _ in 0..<10 { svg = try Surface.render(f, as: .svg, idPrefix: "svg12") }
    print("formula svg x10:", ContinuousClock.now - clock, svg.count)
    clock = ContinuousClock.now
    for _ in 0..<10 { _ = try Surface.render(f, as: .pdf) }
    print("formula pdf x10:", ContinuousClock.now - clock)
    let text = String(decoding: svg, as: UTF8.self)
    clock = ContinuousClock.now
    for _ in 0..<10 { _ = text.utf8.count + Array(text.utf8).count }
    print("string x10:", ContinuousClock.now - clock)
    clock = ContinuousClock.now
    for _ in 0..<10 { _ = try Surface.render(TestPicture(width: 420, ascent: 240), as: .svg, idPrefix: "svg12") }
    print("figure svg x10:", ContinuousClock.now - clock)
    let doc = Document(title: "t", blocks: (0..<10).map { _ in .paragraph([.math("x_i^2 + y")]) })
    clock = ContinuousClock.now
    _ = HTMLWriter.render(doc)
    print("html 10 formulas:", ContinuousClock.now - clock)
}
