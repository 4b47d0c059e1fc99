import Foundation
import Graphics
import Testing
@testable import Plots

/// One figure of each kind, as the lecture notes would draw it; `PLOTS_GALLERY=dir` saves PNGs to look at.
enum Gallery {
    /// `small` trims the data so the PNGs for the docs stay small files.
    static func figures(small: Bool = false) throws -> [(name: String, figure: any Drawable)] {
        var out: [(String, any Drawable)] = []
        // Loss curves: three sparsity weights, per-epoch validation, log y.
        var random = TestRandom(seed: 7)
        let runs = [0.0, 1e-4, 1e-3].enumerated().map { i, lambda in
            let train = (0..<200).map { s in
                0.012 + 0.05 * Foundation.exp(-Double(s) / 40) + Double(i) * 0.003 + random.uniform() * 0.004
            }
            let validation = (1...10).map { e in 0.014 + 0.05 * Foundation.exp(-Double(e * 20) / 40) + Double(i) * 0.0035 }
            return LossCurve(lambda == 0 ? "λ = 0" : "λ = \(lambda)", train: train, validation: validation,
                             x: (1...200).map { Double($0) / 20 })
        }
        out.append(("loss", LossPlot(runs, title: "Sparse auto-encoders", logY: true, smoothing: 0.8)))
        out.append(("lineplot", LinePlot([Series(name: "train", y: [0.9, 0.5, 0.35, 0.3, 0.28, 0.27]),
                                          Series(name: "test", y: [0.95, 0.6, 0.45, 0.41, 0.4, 0.41])],
                                         title: "Reconstruction error", xLabel: "epoch", yLabel: "MSE")))

        let pca = Fixtures.file("pca5000.f32", as: Float.self)
        let ae = Fixtures.file("ae5000.f32", as: Float.self)
        let labels = Fixtures.file("labels5000.i64", as: Int.self)
        let scatter: CodeScatter
        if var pca, var ae, var labels {
            if small {
                pca = Array(pca.prefix(2400))
                ae = Array(ae.prefix(2400))
                labels = Array(labels.prefix(1200))
            }
            scatter = try CodeScatter(
                [CodePanel("PCA", codes: pca, labels: labels, xLabel: "PC 1", yLabel: "PC 2"),
                 CodePanel("Auto-encoder", codes: ae, labels: labels)],
                classNames: Fixtures.classNames, size: small ? Size(500, 210) : nil)
        } else {
            let b = Fixtures.blobs(5000)
            scatter = try CodeScatter(
                [CodePanel("PCA", codes: b.codes, labels: b.labels), CodePanel("Auto-encoder", codes: b.codes, labels: b.labels)],
                classNames: Fixtures.classNames)
        }
        out.append(("codescatter", scatter))
        if !small, let pca, let labels {
            out.append(("contours", try CodeScatter(
                [CodePanel("PCA with density contours", codes: Array(pca.prefix(6000)), labels: Array(labels.prefix(3000)))],
                classNames: Fixtures.classNames, alpha: 0.25, contours: true)))
        }

        let images = Fixtures.file("images100.f32", as: Float.self) ?? Fixtures.patterns(100)
        let rec = Fixtures.file("rec8.f32", as: Float.self) ?? Fixtures.patterns(8)
        out.append(("imagegrid", try ImageGrid(
            pixels: Array(images[0..<(8 * 784)]) + rec, imageWidth: 28, imageHeight: 28, columns: 8,
            rowLabels: ["original", "PCA-16"], title: "Reconstructions")))
        let filters = Fixtures.file("filters32.f32", as: Float.self) ?? Fixtures.patterns(32).map { $0 - 0.3 }
        out.append(("filters", try ImageGrid(
            pixels: small ? Array(filters.prefix(16 * 784)) : filters, imageWidth: 28, imageHeight: 28, columns: 8, title: "Filters of the first layer",
            colormap: .diverging, scaling: .symmetricEachImage, width: 300)))
        out.append(("heatmap", try Heatmap(
            values: confusion(), rows: 10, columns: 10, title: "Confusion matrix", xLabel: "predicted",
            yLabel: "true class", rowLabels: Fixtures.classNames, columnLabels: Fixtures.classNames,
            colorBarLabel: "fraction", annotate: true, size: Size(400, 360))))
        var r = TestRandom(seed: 11)
        let dense = (0..<4000).map { _ in r.normal() * 0.8 }
        let sparse = (0..<4000).map { _ in r.uniform() < 0.8 ? abs(r.normal()) * 0.05 : abs(r.normal()) * 1.2 }
        out.append(("histogram", try Histogram(
            [HistogramSeries("plain AE", values: dense), HistogramSeries("sparse AE (λ = 10⁻³)", values: sparse)],
            bins: 40, title: "Code activations", xLabel: "activation")))
        let spiral = Spiral(count: 300, seed: 5)
        out.append(("scatter2d", try Scatter2D(
            points: spiral.points,
            overlays: [.line("first principal axis", point: spiral.mean, direction: spiral.axis),
                       .points("projections", spiral.projections)],
            title: "PCA on the spiral", xLabel: "x₁", yLabel: "x₂")))
        var noise = TestRandom(seed: 9)
        let clean = Spiral(count: 400, seed: 1, noise: 0).points
        let picks = stride(from: 0, to: 400, by: 8).map { $0 }
        var corrupted: [Double] = []
        var restored: [Double] = []
        for i in picks {
            let (x, y) = (clean[2 * i], clean[2 * i + 1])
            let (cx, cy) = (x + noise.normal() * 0.5, y + noise.normal() * 0.5)
            corrupted += [cx, cy]
            restored += [x + (cx - x) * 0.15, y + (cy - y) * 0.15]
        }
        out.append(("vectorfield", try VectorField(
            from: corrupted, to: restored, background: clean, title: "Denoising: corrupted → reconstructed")))
        if let basis = Fixtures.file("pca2basis.f32", as: Float.self) {
            let v1 = Array(basis[0..<784])
            let v2 = Array(basis[784..<1568])
            let mean = Array(basis[1568..<2352])
            out.append(("manifold", try LatentManifold(
                steps: small ? 12 : 20, imageWidth: 28, imageHeight: 28, title: "Decoder on a grid of codes",
                xLabel: "code 1 (σ units)", yLabel: "code 2 (σ units)",
                size: small ? Size(230, 220) : Size(320, 300)) { z1, z2 in
                    (0..<784).map { mean[$0] + Float(z1 * 4.5) * v1[$0] + Float(z2 * 3.5) * v2[$0] }
                }))
        } else {
            out.append(("manifold", try LatentManifold(steps: 20, imageWidth: 28, imageHeight: 28) { z1, z2 in
                Fixtures.patterns(1).map { $0 * Float(0.5 + 0.25 * z1 + 0.1 * z2) }
            }))
        }
        let a = Array(images[0..<784])
        let b2 = Array(images[784..<1568])
        let steps = 9
        let pixelBlend = (0..<steps).flatMap { s in
            let t = Float(s) / Float(steps - 1)
            return zip(a, b2).map { (1 - t) * $0 + t * $1 }
        }
        let smooth = (0..<steps).flatMap { s in
            let t = Float(s) / Float(steps - 1)
            return zip(a, b2).map { v in min(1, max(0, ((1 - t) * v.0 + t * v.1) * (1 - 0.6 * t * (1 - t)))) }
        }
        out.append(("interpolation", try InterpolationStrip(
            rows: [("pixels", pixelBlend), ("decoder", smooth)], imageWidth: 28, imageHeight: 28,
            title: "From an ankle boot to a pullover")))
        out += try drawings(small: small)
        return out
    }

    /// A plausible 10-class confusion matrix, rows summing to 1.
    static func confusion() -> [Double] {
        var r = TestRandom(seed: 4)
        var m: [Double] = []
        for i in 0..<10 {
            var row = (0..<10).map { j in i == j ? 6 + r.uniform() * 3 : (r.uniform() < 0.3 ? r.uniform() * 1.5 : 0.02) }
            let total = row.reduce(0, +)
            row = row.map { $0 / total }
            m += row
        }
        return m
    }
}

/// A noisy 2-D spiral, its mean, first principal axis and the projections on it.
struct Spiral {
    var points: [Double] = []
    var mean: (x: Double, y: Double) = (0, 0)
    var axis: (x: Double, y: Double) = (1, 0)
    var projections: [Double] = []

    init(count: Int, seed: UInt64, noise: Double = 0.08) {
        var r = TestRandom(seed: seed)
        for i in 0..<count {
            let t = 0.5 + 3.5 * Double(i) / Double(count)
            points += [t * Foundation.cos(2 * t) + r.normal() * noise, t * Foundation.sin(2 * t) * 0.7 + r.normal() * noise]
        }
        let n = Double(count)
        let mx = stride(from: 0, to: points.count, by: 2).map { points[$0] }.reduce(0, +) / n
        let my = stride(from: 1, to: points.count, by: 2).map { points[$0] }.reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0, syy = 0.0
        for i in 0..<count {
            let dx = points[2 * i] - mx, dy = points[2 * i + 1] - my
            sxx += dx * dx; sxy += dx * dy; syy += dy * dy
        }
        // Largest eigenvector of the 2 × 2 covariance.
        let tr = sxx + syy, det = sxx * syy - sxy * sxy
        let l = tr / 2 + (tr * tr / 4 - det).squareRoot()
        var v = (x: sxy, y: l - sxx)
        if abs(v.x) + abs(v.y) < 1e-12 { v = (1, 0) }
        let norm = (v.x * v.x + v.y * v.y).squareRoot()
        mean = (mx, my)
        axis = (v.x / norm, v.y / norm)
        for i in 0..<count {
            let s = (points[2 * i] - mx) * axis.x + (points[2 * i + 1] - my) * axis.y
            projections += [mx + s * axis.x, my + s * axis.y]
        }
    }
}

@Test func galleryRendersEveryKind() throws {
    let dir = ProcessInfo.processInfo.environment["PLOTS_GALLERY"]
    if let dir { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
    for (name, figure) in try Gallery.figures() {
        let png = try Surface.render(figure, as: .png, scale: 2, background: .white)
        #expect(png.count > 1000, "\(name) PNG is suspiciously small")
        if let dir { _ = FileManager.default.createFile(atPath: "\(dir)/\(name).png", contents: Data(png)) }
    }
}

/// `PLOTS_GALLERY=dir` also saves SVG and PDF of every figure, to check other renderers agree.
@Test(.enabled(if: ProcessInfo.processInfo.environment["PLOTS_GALLERY"] != nil))
func galleryVectorFiles() throws {
    let dir = ProcessInfo.processInfo.environment["PLOTS_GALLERY"] ?? "/tmp"
    for (name, figure) in try Gallery.figures() {
        for kind in [SurfaceKind.svg, .pdf] {
            let bytes = try Surface.render(figure, as: kind, idPrefix: name)
            _ = FileManager.default.createFile(atPath: "\(dir)/\(name).\(kind.rawValue)", contents: Data(bytes))
        }
    }
}

/// `PLOTS_DOCS=dir` writes the small PNGs of docs/plots.md (one per kind, white background).
@Test(.enabled(if: ProcessInfo.processInfo.environment["PLOTS_DOCS"] != nil))
func docsImages() throws {
    let dir = ProcessInfo.processInfo.environment["PLOTS_DOCS"] ?? "/tmp"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    for (name, figure) in try Gallery.figures(small: true) where name != "lineplot" {
        // Thousands of translucent dots compress badly: those two figures are kept at 1x.
        let scale = name == "codescatter" || name == "manifold" ? 1 : 1.25
        let png = try Surface.render(figure, as: .png, padding: 4, scale: scale, background: .white)
        _ = FileManager.default.createFile(atPath: "\(dir)/\(name).png", contents: Data(png))
    }
}
