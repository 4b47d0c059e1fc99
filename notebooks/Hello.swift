import Lectern

extension StateKey where Value == [Double] {
    /// Mean pixel intensity of each image row, averaged over the loaded images.
    static let rowProfile = StateKey("rowProfile")
}

/// The first notebook: real Fashion-MNIST images, one computation, prose, a formula and a plot.
let hello = Notebook(id: "hello", title: "Hello, Lectern", author: "The Lectern authors", seed: 1) {
    Markdown(
        """
        # Fashion-MNIST at a glance

        Lectern turns a notebook like this one into an HTML page and a PDF handout. This first
        notebook reads **1,000** real images of Fashion-MNIST, $28 \\times 28$ pixels each, and asks
        a simple question of them: where is the ink?

        - Every image is a grey-level picture of a piece of clothing.
        - Pixels are scaled to $[0, 1]$; 0 is background.
        - The ten classes are balanced in the full training set.

        | Label | Class | Label | Class |
        |------:|:------|------:|:------|
        | 0 | T-shirt/top | 5 | Sandal |
        | 1 | Trouser | 6 | Shirt |
        | 2 | Pullover | 7 | Sneaker |
        | 3 | Dress | 8 | Bag |
        | 4 | Coat | 9 | Ankle boot |

        ## The mean image

        The mean of the images is the first thing PCA subtracts:
        """)
    Math(#"\bar{x} = \frac{1}{n} \sum_{i=1}^{n} x^{(i)}"#, label: "eq:mean")
    Run("Load 1,000 images and average them") { ctx in
        let data = try FashionMNIST.load(.train, limit: 1000)
        var mean = [Double](repeating: 0, count: data.features)
        for i in 0..<data.count {
            for (j, p) in data.image(i).enumerated() { mean[j] += Double(p) / Double(data.count) }
        }
        let rowProfile = (0..<data.rows).map { r in
            mean[(r * data.columns)..<((r + 1) * data.columns)].reduce(0, +) / Double(data.columns)
        }
        var counts = [Int](repeating: 0, count: data.classNames.count)
        for label in data.labels { counts[label] += 1 }
        ctx.print("images: \(data.count) of \(data.rows) x \(data.columns) pixels")
        ctx.print("mean pixel intensity: \(rounded(mean.reduce(0, +) / Double(mean.count)))")
        for (name, count) in zip(data.classNames, counts) { ctx.print("\(name): \(count)") }
        ctx[.rowProfile] = rowProfile
    }
    Markdown(
        """
        Averaged over each row of the mean image, the ink is spread from the top of the picture to
        the bottom, thinning out at both edges, as the plot shows.
        """)
    Plot("Mean pixel intensity of each image row", label: "fig:rows") { ctx in
        LinePlot(
            [Series(name: "mean intensity", y: try ctx.require(.rowProfile))],
            title: "Ink per row", xLabel: "row (top to bottom)", yLabel: "mean intensity")
    }
}

private func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
