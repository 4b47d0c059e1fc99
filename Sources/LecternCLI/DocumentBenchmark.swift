import Foundation
import Graphics
import ModelCore
import Plots
import Publish
import Tensors

/// What `lectern bench documents` measures: the two writers on a lecture-sized document, and the
/// figures lectures draw most, in each format. Times are CPU milliseconds of the fastest of several
/// runs: on a machine shared with other builds, wall time mostly measures the neighbours.
enum DocumentBenchmark {
    /// Figures keyed "thing.metric", e.g. "lecture.pdf_ms", for `BenchFigures.nested`.
    static func run(repeats: Int, log: (String) -> Void) throws -> [String: Double] {
        var figures: [String: Double] = [:]
        let lecture = try lectureDocument()
        // Fonts and fontconfig load once per process, as before a real build's first notebook.
        _ = try PDFWriter.write(Document(title: "warm-up", blocks: [.paragraph([.text("x "), .math("x")])]))

        var html = ""
        figures["lecture.html_ms"] = try fastestMilliseconds(repeats) { html = try HTMLWriter.write(lecture) }
        var pdf: [UInt8] = []
        figures["lecture.pdf_ms"] = try fastestMilliseconds(repeats) { pdf = try PDFWriter.write(lecture) }
        figures["lecture.html_kib"] = Double(html.utf8.count) / 1024
        figures["lecture.pdf_kib"] = Double(pdf.count) / 1024
        figures["lecture.pdf_pages"] = Double(pageCount(pdf))
        log(
            String(
                format: "lecture of %.0f pages: HTML %.0f ms (%.0f KiB), PDF %.0f ms (%.0f KiB)",
                figures["lecture.pdf_pages"]!, figures["lecture.html_ms"]!, figures["lecture.html_kib"]!,
                figures["lecture.pdf_ms"]!, figures["lecture.pdf_kib"]!))

        for (key, name, figure) in try lectureFigures() + drawings() {
            var line: [String] = []
            for kind in SurfaceKind.allCases {
                let ms = try fastestMilliseconds(repeats) { _ = try Surface.render(figure, as: kind) }
                figures["\(key).\(kind.rawValue)_ms"] = ms
                line.append("\(kind.rawValue) \(String(format: "%.1f", ms)) ms")
            }
            log("\(name): " + line.joined(separator: ", "))
        }
        return figures
    }

    /// A lecture of 15 sections, 120 inline and 30 display formulas, 15 figures and references
    /// between them: about 20 A4 pages.
    static func lectureDocument() throws -> Document {
        let figures = try lectureFigures().map(\.figure)
        var blocks: [Block] = []
        var inlineCount = 0
        var displayCount = 0
        for section in 1...15 {
            blocks.append(.heading(level: 1, [.text("Representations, part \(section)")], label: "sec:\(section)"))
            for paragraph in 0..<4 {
                var content: [Inline] = []
                for half in ["in the encoder, and ", "in the decoder. "] {
                    content += [.text(prose + " Consider "), .math(inlineFormulas[inlineCount % inlineFormulas.count])]
                    content.append(.text(" " + half))
                    inlineCount += 1
                }
                content += [.text("See "), .reference("eq:\(section)"), .text(" and "), .reference("fig:\(section)")]
                blocks.append(.paragraph(content + [.text(".")]))
                if paragraph == 1 {
                    for label in ["eq:\(section)", nil] {
                        blocks.append(
                            .displayMath(tex: displayFormulas[displayCount % displayFormulas.count], label: label))
                        displayCount += 1
                    }
                }
            }
            let caption: [Inline] = [.text("What the model of section \(section) learned.")]
            blocks.append(
                .figure(Figure(content: figures[section % figures.count], caption: caption, label: "fig:\(section)")))
        }
        return Document(title: "A lecture-sized benchmark", author: "Lectern", date: "2026-01-05", blocks: blocks)
    }

    /// The figures of a typical lecture, on synthetic data shaped like Fashion-MNIST results.
    static func lectureFigures() throws -> [(key: String, name: String, figure: any Drawable)] {
        let blobs = Synthetic.blobs(count: 10_000, centers: 10, rng: RandomStream(seed: 1, name: "bench.codes"))
        let classes = (0..<10).map { "class \($0)" }
        let scatter = try CodeScatter(codes: blobs.points.scalars, labels: blobs.labels, classNames: classes)
        let epochs = (1...30).map { Double($0) }
        let loss = LossPlot(train: epochs.map { 0.02 + 0.05 / $0 }, validation: epochs.map { 0.025 + 0.05 / $0 })
        // A 20 x 20 grid of 28 x 28 images, the size of a VAE's latent manifold.
        let manifold = try LatentManifold(steps: 20, imageWidth: 28, imageHeight: 28) { z1, z2 in
            (0..<784).map { pixel -> Float in
                let column = Double(pixel % 28)
                let row = Double(pixel / 28)
                return Float(0.5 + 0.5 * sin(column * 0.3 * z1 + row * 0.2 * z2))
            }
        }
        return [
            ("scatter_10k", "code scatter of 10,000 points", scatter), ("loss_plot", "loss plot", loss),
            ("manifold_20x20", "latent manifold of 20 x 20 images", manifold),
        ]
    }

    /// The drawings lectures used to make by hand: a network diagram, 3-D views of data and of a surface.
    static func drawings() throws -> [(key: String, name: String, figure: any Drawable)] {
        let sizes = [784, 128, 64, 2, 64, 128, 784]
        let parts: [NetworkArchitecture.Part] = [.data, .encoder, .encoder, .code, .decoder, .decoder, .decoder]
        let autoencoder = NetworkArchitecture(
            blocks: sizes.indices.map { i in
                .init("b\(i)", shape: .units(sizes[i]), detail: "ReLU", part: parts[i], column: Double(i))
            },
            links: (0..<6).map { .init("b\($0)", "b\($0 + 1)") },
            frames: [
                .init("encoder $f_\\phi$", members: ["b1", "b2", "b3"], part: .encoder),
                .init("decoder $g_\\theta$", members: ["b4", "b5", "b6"], part: .decoder),
            ])
        let roll = Synthetic.swissRoll(count: 5_000, rng: RandomStream(seed: 2, name: "bench.roll"))
        let along = stride(from: 0, to: roll.latent.scalars.count, by: 2).map { roll.latent.scalars[$0] }
        let scatter = try Scatter3D(points: roll.points.scalars, values: along)
        let surface = try Surface3D(x: -2...2, y: -2...2, steps: 30, tangentAt: (0.5, 0.5)) { x, y in x * y }
        return [
            (
                "network_784_128_64_2", "network diagram of the 784-128-64-2 auto-encoder",
                try NetworkDiagram(autoencoder)
            ),
            ("scatter3d_5k", "3-D scatter of 5,000 points coloured by a value", scatter),
            ("surface3d_30x30", "surface of 30 x 30 faces with a tangent plane", surface),
        ]
    }

    static let prose = """
        An auto-encoder learns a compressed representation of its input by reconstructing it through a \
        bottleneck. The encoder maps each observation to a code and the decoder maps the code back; training \
        minimises the reconstruction error over the data set.
        """

    static let inlineFormulas = [
        #"z = f_\phi(x)"#, #"\hat{x} = g_\theta(z)"#, #"x \in \mathbb{R}^{784}"#, #"\|x - \hat{x}\|_2^2"#,
        #"\sigma(a) = 1/(1 + e^{-a})"#, #"\mathcal{N}(0, I)"#, #"q_\phi(z \mid x)"#, #"\lambda \sum_j |h_j|"#,
        #"W^\top W"#, #"\mathbb{E}_{q}[\log p_\theta(x \mid z)]"#, #"k \ll d"#, #"\nabla_\theta L"#,
    ]

    static let displayFormulas = [
        #"L_{rec} = \frac{1}{d}\sum_{j=1}^{d}\left(x^{(j)} - \hat{x}^{(j)}\right)^2"#,
        #"\log p_\theta(x) \ge \mathbb{E}_{q_\phi(z \mid x)}\left[\log p_\theta(x \mid z)\right] - D_{KL}\left(q_\phi(z \mid x) \,\|\, p(z)\right)"#,
        #"z = \mu + \sigma \odot \varepsilon, \qquad \varepsilon \sim \mathcal{N}(0, I)"#,
        #"\Sigma = \frac{1}{n} \sum_{i=1}^{n} (x_i - \bar{x})(x_i - \bar{x})^\top = V \Lambda V^\top"#,
        #"\min_{W} \; \left\| X - X W W^\top \right\|_F^2 \quad \text{subject to} \quad W^\top W = I_k"#,
        #"D_{KL} = -\frac{1}{2} \sum_{j=1}^{k} \left(1 + \log \sigma_j^2 - \mu_j^2 - \sigma_j^2\right)"#,
    ]

    /// Pages of a PDF as Cairo writes them: one `/Type /Page` object each (`/Type /Pages` is the tree).
    static func pageCount(_ pdf: [UInt8]) -> Int {
        let marker = Array("/Type /Page".utf8)
        var count = 0
        var i = 0
        while i + marker.count < pdf.count {
            if pdf[i] == marker[0], Array(pdf[i..<i + marker.count]) == marker,
                pdf[i + marker.count] != UInt8(ascii: "s")
            {
                count += 1
                i += marker.count
            } else {
                i += 1
            }
        }
        return count
    }

    /// CPU milliseconds of the fastest of `repeats` runs.
    static func fastestMilliseconds(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
        var fastest = Double.infinity
        for _ in 0..<repeats {
            let start = processCPUSeconds()
            try body()
            fastest = min(fastest, processCPUSeconds() - start)
        }
        return fastest * 1000
    }
}
