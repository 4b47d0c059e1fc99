import Lectern

/// What the first notebook measures: where the ink of the images lies.
struct InkProfile: Sendable, Codable {
    var images: Int
    var height: Int
    var width: Int
    /// Mean pixel intensity of each image row, averaged over the images.
    var rows: [Double]
    var meanIntensity: Double
    var perClass: [Int]
}

let inkProfile = Run("Load 1,000 images and average them") { ctx in
    let data = try FashionMNIST.load(.train, limit: 1000)
    var mean = [Double](repeating: 0, count: data.features)
    for i in 0..<data.count {
        for (j, p) in data.image(i).enumerated() { mean[j] += Double(p) / Double(data.count) }
    }
    let rows = (0..<data.rows).map { r in
        mean[(r * data.columns)..<((r + 1) * data.columns)].reduce(0, +) / Double(data.columns)
    }
    var perClass = [Int](repeating: 0, count: data.classNames.count)
    for label in data.labels { perClass[label] += 1 }
    for (name, count) in zip(data.classNames, perClass) { ctx.print("\(name): \(count)") }
    return InkProfile(
        images: data.count, height: data.rows, width: data.columns, rows: rows,
        meanIntensity: mean.reduce(0, +) / Double(mean.count), perClass: perClass)
}

/// The first notebook: real Fashion-MNIST images, one computation, prose, a formula and a plot.
let hello = Notebook(id: "hello", title: "Hello, Lectern", author: "The Lectern authors", seed: 1) {
    Markdown(
        #"""
        # Fashion-MNIST at a glance

        Lectern turns a notebook like this one into an HTML page and a PDF handout. This first
        notebook reads **1,000** real images of Fashion-MNIST, $28 \times 28$ pixels each, and asks
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
        """#)
    Math(#"\bar{x} = \frac{1}{n} \sum_{i=1}^{n} x^{(i)}"#, label: "eq:mean")
    inkProfile
    Markdown { ctx in
        let ink = try ctx[inkProfile]
        return """
            The \(ink.images, grouped: true) images are \(ink.height) by \(ink.width) pixels, with a mean
            pixel intensity of \(ink.meanIntensity, digits: 3). Taken from the start of the training set,
            they are close to balanced but not exactly: the most frequent class has
            \(ink.perClass.max() ?? 0) of them, the least frequent \(ink.perClass.min() ?? 0).

            Averaged over each row of the mean image (@fig:rows), the ink is spread from the top of
            the picture to the bottom and thins out at both edges.
            """
    }
    Claim("the top and bottom rows hold less ink than the busiest row") { ctx in
        let rows = try ctx[inkProfile].rows
        guard let first = rows.first, let last = rows.last, let busiest = rows.max() else { return false }
        return first < busiest / 2 && last < busiest / 2
    }
    Plot("Mean pixel intensity of each image row", label: "fig:rows") { ctx in
        LinePlot(
            [Series(name: "mean intensity", y: try ctx[inkProfile].rows)],
            title: "Ink per row", xLabel: "row (top to bottom)", yLabel: "mean intensity")
    }
}
