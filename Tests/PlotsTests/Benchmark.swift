import Foundation
import Graphics
import Testing
@testable import Plots

/// CPU milliseconds this thread spent, fastest of `runs` calls: on a machine shared with other builds
/// wall-clock time mostly measures the neighbours.
func bestMilliseconds(runs: Int = 5, _ body: () throws -> Void) rethrows -> Double {
    func cpuNow() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
    }
    var best = Double.infinity
    for _ in 0..<runs {
        let start = cpuNow()
        try body()
        best = min(best, cpuNow() - start)
    }
    return best
}

/// `PLOTS_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter figureSpeed` prints the timings.
@Test(.enabled(if: ProcessInfo.processInfo.environment["PLOTS_BENCH"] != nil))
func figureSpeed() throws {
    let b = Fixtures.blobs(10_000)
    let classes = Fixtures.classNames
    var svgBytes = 0
    var pdfBytes = 0
    let svg = try bestMilliseconds {
        let scatter = try CodeScatter(codes: b.codes, labels: b.labels, classNames: classes)
        svgBytes = try Surface.render(scatter, as: .svg).count
    }
    let pdf = try bestMilliseconds {
        let scatter = try CodeScatter(codes: b.codes, labels: b.labels, classNames: classes)
        pdfBytes = try Surface.render(scatter, as: .pdf).count
    }
    let tile = Fixtures.patterns(1)
    var manifoldTimes: [String] = []
    for kind in SurfaceKind.allCases {
        let ms = try bestMilliseconds {
            let manifold = try LatentManifold(steps: 20, imageWidth: 28, imageHeight: 28) { z1, z2 in
                tile.map { $0 * Float(0.6 + 0.1 * z1 + 0.05 * z2) }
            }
            _ = try Surface.render(manifold, as: kind)
        }
        manifoldTimes.append("\(kind.rawValue) \(String(format: "%.1f", ms)) ms")
    }
    let scatter = try CodeScatter(codes: b.codes, labels: b.labels, classNames: classes)
    let loss = LossPlot(train: [3.0, 2, 1], validation: [3.5, 2.5, 1.5])
    let layoutMs = bestMilliseconds { _ = scatter.figure.layout() }
    let construct = try bestMilliseconds { _ = try CodeScatter(codes: b.codes, labels: b.labels, classNames: classes) }
    let lossPdf = try bestMilliseconds { _ = try Surface.render(loss, as: .pdf) }
    let lossSvg = try bestMilliseconds { _ = try Surface.render(loss, as: .svg) }
    let lossPng = try bestMilliseconds { _ = try Surface.render(loss, as: .png) }
    let scatterPng = try bestMilliseconds { _ = try Surface.render(scatter, as: .png) }
    print(String(format: "BENCH parts: scatter construct %.1f layout %.1f png %.1f; loss plot pdf %.1f svg %.1f png %.1f",
                 construct, layoutMs, scatterPng, lossPdf, lossSvg, lossPng))
    print(String(format: "BENCH scatter 10k: SVG %.1f ms (%d KB), PDF %.1f ms (%d KB)", svg, svgBytes / 1024, pdf,
                 pdfBytes / 1024))
    print("BENCH manifold 20x20 of 28x28: " + manifoldTimes.joined(separator: ", "))
}
