import Foundation
import Graphics
import Testing

@testable import Plots

/// `PLOTS_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter drawingSpeed` prints how long
/// the hand-drawn figures take to build and draw to PDF.
@Test(.enabled(if: ProcessInfo.processInfo.environment["PLOTS_BENCH"] != nil))
func drawingSpeed() throws {
    let parts: [NetworkArchitecture.Part] = [.data, .encoder, .encoder, .code, .decoder, .decoder, .decoder]
    let autoencoder = NetworkArchitecture(
        blocks: [784, 128, 64, 2, 64, 128, 784].enumerated().map { i, n in
            .init("b\(i)", shape: .units(n), detail: "ReLU", part: parts[i], column: Double(i))
        },
        links: (0..<6).map { .init("b\($0)", "b\($0 + 1)") },
        frames: [
            .init("encoder $f_\\phi$", members: ["b1", "b2", "b3"], part: .encoder),
            .init("decoder $g_\\theta$", members: ["b4", "b5", "b6"], part: .decoder),
        ])
    let network = try bestMilliseconds { _ = try Surface.render(try NetworkDiagram(autoencoder), as: .pdf) }
    let loop = try bestMilliseconds { _ = try Surface.render(try denoisingLoop(), as: .pdf) }
    let roll = SwissRoll(count: 5000, seed: 2)
    let scatter = try bestMilliseconds {
        _ = try Surface.render(try Scatter3D(points: roll.points, values: roll.along), as: .pdf)
    }
    let surface = try bestMilliseconds {
        let figure = try Surface3D(x: -2...2, y: -2...2, steps: 30, tangentAt: (0.5, 0.5)) { x, y in x * y }
        _ = try Surface.render(figure, as: .pdf)
    }
    print(
        String(
            format: "BENCH to PDF: network diagram 784-128-64-2 %.1f ms, denoising Diagram %.1f ms, "
                + "Scatter3D 5,000 points %.1f ms, Surface3D 30 × 30 with a tangent plane %.1f ms",
            network, loop, scatter, surface))
}
