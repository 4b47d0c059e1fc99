import Graphics
import Tensors

// The figures of images and codes, taking tensors as the models produce them: the shape says how many
// images and how large, so nothing is flattened and no size is typed twice.

extension ImageGrid {
    /// The images of `images` (`[n, h, w]`, `[n, 1, h, w]`, or `[n, h·w]` with `imageSize`, square by
    /// default), `columns` to a row.
    public init(
        _ images: Tensor, imageSize: ImageSize? = nil, columns: Int, rowLabels: [String] = [],
        columnLabels: [String] = [], title: String = "", colormap: Colormap = .gray,
        scaling: ImageScaling = .range(0...1), highlightedColumns: Set<Int> = [], width: Double = 360,
        maxCell: Double = 56, gap: Double = 2
    ) throws {
        let read = try TensorImages(images, size: imageSize, figure: "ImageGrid")
        try self.init(
            pixels: read.pixels, imageWidth: read.size.width, imageHeight: read.size.height, columns: columns,
            rowLabels: rowLabels, columnLabels: columnLabels, title: title, colormap: colormap, scaling: scaling,
            highlightedColumns: highlightedColumns, width: width, maxCell: maxCell, gap: gap)
    }

    /// One labelled row per tensor (originals, then each model's reconstructions), as many columns as the
    /// first has images; every row must hold as many images of the same size.
    public init(
        rows: [(name: String, images: Tensor)], imageSize: ImageSize? = nil, title: String = "",
        colormap: Colormap = .gray, scaling: ImageScaling = .range(0...1), width: Double = 430,
        maxCell: Double = 56, gap: Double = 2
    ) throws {
        try self.init(
            labelledRows: rows, imageSize: imageSize, title: title, colormap: colormap, scaling: scaling, width: width,
            maxCell: maxCell, gap: gap, figure: "ImageGrid")
    }

    /// `init(rows:…)` for a figure built on an image grid, whose errors name that figure.
    init(
        labelledRows rows: [(name: String, images: Tensor)], imageSize: ImageSize?, title: String,
        colormap: Colormap = .gray, scaling: ImageScaling = .range(0...1), width: Double, maxCell: Double = 56,
        gap: Double = 2, figure: String
    ) throws {
        let read = try readRows(rows, imageSize: imageSize, figure: figure)
        try self.init(
            pixels: read.flatMap(\.pixels), imageWidth: read[0].size.width, imageHeight: read[0].size.height,
            columns: read[0].count, rowLabels: rows.map(\.name), title: title, colormap: colormap,
            scaling: scaling, width: width, maxCell: maxCell, gap: gap)
    }
}

/// Reads every row's images and checks they line up with the first row's.
func readRows(_ rows: [(name: String, images: Tensor)], imageSize: ImageSize?, figure: String) throws
    -> [TensorImages]
{
    guard !rows.isEmpty else { throw PlotError("\(figure): no rows") }
    let read = try rows.map { try TensorImages($0.images, size: imageSize, figure: figure, what: "row \"\($0.name)\"") }
    let first = read[0]
    for (row, images) in zip(rows, read).dropFirst() {
        guard images.count == first.count, images.size == first.size else {
            throw PlotError(
                "\(figure): row \"\(row.name)\" of shape \(row.images.shape) holds \(images.count) images of "
                    + "\(images.size), row \"\(rows[0].name)\" of shape \(rows[0].images.shape) \(first.count) of \(first.size)"
            )
        }
    }
    return read
}

extension InterpolationStrip {
    /// One row per model of the images decoded along a path, `[steps, h, w]` or `[steps, h·w]` each (see
    /// `ImageGrid`); all rows the same number of images.
    public init(
        rows: [(name: String, images: Tensor)], imageSize: ImageSize? = nil, title: String = "",
        colormap: Colormap = .gray, scaling: ImageScaling = .range(0...1), width: Double = 420,
        showsFractions: Bool = true
    ) throws {
        let read = try readRows(rows, imageSize: imageSize, figure: "InterpolationStrip")
        try self.init(
            rows: zip(rows, read).map { (name: $0.name, pixels: $1.pixels) }, imageWidth: read[0].size.width,
            imageHeight: read[0].size.height, title: title, colormap: colormap, scaling: scaling, width: width,
            showsFractions: showsFractions)
    }

    /// One unnamed row of images along a path.
    public init(
        _ images: Tensor, imageSize: ImageSize? = nil, title: String = "", colormap: Colormap = .gray,
        scaling: ImageScaling = .range(0...1), width: Double = 420, showsFractions: Bool = true
    ) throws {
        try self.init(
            rows: [(name: "", images: images)], imageSize: imageSize, title: title, colormap: colormap,
            scaling: scaling, width: width, showsFractions: showsFractions)
    }
}

extension CodePanel {
    /// A panel of codes `[n, 2]` and each point's class.
    public init(
        _ title: String = "", codes: Tensor, labels: [Int], xLabel: String = "code 1", yLabel: String = "code 2"
    ) throws {
        _ = try codeColumns(codes, "CodePanel \"\(title)\": codes")
        try self.init(title, codes: codes.scalars, labels: labels, xLabel: xLabel, yLabel: yLabel)
    }
}

extension CodeScatter {
    /// One panel of codes `[n, 2]`.
    public init(
        codes: Tensor, labels: [Int], classNames: [String], title: String = "", palette: Palette = .okabeIto,
        alpha: Double = 0.55, radius: Double = 1.5, contours: Bool = false, size: Size? = nil
    ) throws {
        try self.init(
            [CodePanel(codes: codes, labels: labels)], classNames: classNames, title: title, palette: palette,
            alpha: alpha, radius: radius, contours: contours, size: size)
    }
}

extension LatentManifold {
    /// Tiles decoded already, `[steps², h, w]` or `[steps², h·w]` in reading order (row by row from the top,
    /// as `tileCodes(x:y:)` lays out the codes), over `grid` on both axes.
    public init(
        images: Tensor, grid: [Double], imageSize: ImageSize? = nil, title: String = "", xLabel: String = "$z_1$",
        yLabel: String = "$z_2$", colormap: Colormap = .gray, valueRange: ClosedRange<Double> = 0...1,
        size: Size = Size(320, 300)
    ) throws {
        try self.init(
            images: images, xGrid: grid, yGrid: grid, imageSize: imageSize, title: title, xLabel: xLabel,
            yLabel: yLabel, colormap: colormap, valueRange: valueRange, size: size)
    }

    /// Tiles decoded already over `xGrid` (across) by `yGrid` (upwards), `xGrid.count · yGrid.count` images.
    public init(
        images: Tensor, xGrid: [Double], yGrid: [Double], imageSize: ImageSize? = nil, title: String = "",
        xLabel: String = "$z_1$", yLabel: String = "$z_2$", colormap: Colormap = .gray,
        valueRange: ClosedRange<Double> = 0...1, size: Size = Size(320, 300)
    ) throws {
        let read = try TensorImages(images, size: imageSize, figure: "LatentManifold")
        guard read.count == xGrid.count * yGrid.count else {
            throw PlotError(
                "LatentManifold: images of shape \(images.shape) are \(read.count) tiles, but a \(xGrid.count) × "
                    + "\(yGrid.count) grid has \(xGrid.count * yGrid.count)")
        }
        try self.init(
            pixels: read.pixels, xGrid: xGrid, yGrid: yGrid, imageWidth: read.size.width,
            imageHeight: read.size.height, title: title, xLabel: xLabel, yLabel: yLabel, colormap: colormap,
            valueRange: valueRange, size: size)
    }

    /// Decodes the whole `steps × steps` grid in one call: `decode` gets the codes `[steps², 2]` (see
    /// `tileCodes(x:y:)`) and returns their images `[steps², h, w]` or `[steps², h·w]`.
    public init(
        steps: Int, grid: LatentGrid = .normalQuantiles, imageSize: ImageSize? = nil, title: String = "",
        xLabel: String = "$z_1$", yLabel: String = "$z_2$", colormap: Colormap = .gray,
        valueRange: ClosedRange<Double> = 0...1, size: Size = Size(320, 300),
        decodeCodes decode: (Tensor) throws -> Tensor
    ) throws {
        guard steps > 0 else { throw PlotError("LatentManifold: steps must be positive, got \(steps)") }
        let zs = grid.values(steps)
        try self.init(
            images: decode(Self.tileCodes(x: zs, y: zs)), grid: zs, imageSize: imageSize, title: title, xLabel: xLabel,
            yLabel: yLabel, colormap: colormap, valueRange: valueRange, size: size)
    }
}
