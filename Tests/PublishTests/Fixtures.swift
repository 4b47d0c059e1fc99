import Foundation
import Graphics
import Plots
import Publish

/// A small drawn picture standing in for a plot: a frame, a diagonal and some bars.
struct TestPicture: Drawable {
    var width: Double = 360
    var ascent: Double = 200
    var descent: Double { 0 }
    func draw(on canvas: Canvas, at origin: Point) {
        let top = origin.y - ascent
        canvas.fillRect(Rect(x: origin.x, y: top, width: width, height: ascent), Color(gray: 0.95))
        for i in 0..<8 {
            let h = Double(i + 1) * ascent / 10
            canvas.fillRect(Rect(x: origin.x + 20 + Double(i) * 40, y: origin.y - h, width: 28, height: h),
                            Color(hex: 0x2F6DB5))
        }
        canvas.addPolyline([Point(origin.x, origin.y), Point(origin.x + width, top)])
        canvas.stroke(Color(hex: 0xB3261E), width: 1.5)
    }
}

/// An 8x8 checker image drawn large: nearest-neighbour pixels in PDF and HTML.
struct PixelGrid: Drawable {
    var width: Double { 160 }
    var ascent: Double { 160 }
    var descent: Double { 0 }
    func draw(on canvas: Canvas, at origin: Point) {
        var rgba: [UInt8] = []
        for y in 0..<8 {
            for x in 0..<8 {
                let v: UInt8 = (x + y) % 2 == 0 ? 30 : 220
                rgba += [v, v, UInt8(255 - Int(v)), 255]
            }
        }
        let image = RasterImage(width: 8, height: 8, rgba: rgba)
        canvas.draw(image, in: Rect(x: origin.x, y: origin.y - 160, width: 160, height: 160))
    }
}

enum Fixtures {
    static let markdown = #"""
        # Unsupervised learning {#sec:intro}

        An encoder maps $x$ to a code $z = f_\phi(x)$ and a decoder reconstructs $\hat{x} = g_\theta(z)$.
        The loss in @eq:rec is minimised over the training set; see @fig:loss for its curve and
        @sec:pca for the linear case. Prices like $5 and $10 stay prose, and \$x\$ is not math.

        $$L_{rec} = \frac{1}{d}\sum_{j=1}^{d}\left(x^{(j)} - \hat{x}^{(j)}\right)^2$$ {#eq:rec}

        ## Principal components {#sec:pca}

        PCA finds the directions of largest variance. *Emphasis*, **strong**, ~~struck~~, `code_with_underscores`,
        and a [link](https://example.org/pca). Raw <script>alert(1)</script> HTML stays text.

        1. First item with $a_i * b_i$
        2. Second item
           - nested bullet
           - another one
        3. Third item

        | Model | Test MSE | Epochs |
        |:------|---------:|:------:|
        | PCA-32 | 0.0151 | -- |
        | Deep AE | 0.0117 | 30 |

        > A quotation about *bottlenecks* and codes,\
        > with a hard line break.

        ```swift
        let ae = Autoencoder(sizes: [784, 128, 32])
        print("$not math$")
        ```

        ---

        ### A deeper section

        A closing paragraph with a broken formula $\frac{1}{2$ and more words after it.
        """#

    static func document() throws -> Document {
        var blocks = try MarkdownReader.parse(markdown)
        blocks.append(.figure(Figure(content: TestPicture(), caption: [.text("Reconstruction loss per epoch.")],
                                     label: "fig:loss")))
        let loss = Series(name: "train", y: (0..<30).map { 0.05 * exp(-Double($0) / 8) + 0.012 })
        blocks.append(.figure(Figure(content: LinePlot([loss], title: "Loss", xLabel: "epoch"),
                                     caption: [.text("A real line plot with "), .math("L_{rec}"), .text(".")],
                                     label: "fig:plot")))
        blocks.append(.figure(Figure(content: PixelGrid(), caption: [.text("Pixels stay crisp.")])))
        blocks.append(.output("epoch 1  loss 0.0412\nepoch 2  loss 0.0288"))
        blocks.append(.callout(.exercise, title: nil, [.paragraph([.text("Show that PCA minimises "), .math("\\|x - WW^Tx\\|^2"), .text(".")])]))
        blocks.append(.error(message: "shape mismatch: [128, 32] x [64]", location: SourceLocation(file: "ae.swift", line: 42, cell: "train")))
        return Document(title: "Auto-Encoders & <Friends>", author: "A. Lecturer", date: "2026-11-23", blocks: blocks)
    }
}
