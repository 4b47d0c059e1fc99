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
        try self.init(
            [images], imageSize: imageSize, columns: columns, rowLabels: rowLabels, columnLabels: columnLabels,
            title: title, colormap: colormap, scaling: scaling, highlightedColumns: highlightedColumns, width: width,
            maxCell: maxCell, gap: gap)
    }

    /// The images of several tensors one after another (noise samples, then real images), `columns` to a
    /// row: each tensor is read as `init(_:imageSize:columns:…)` reads one, and all must hold images of one
    /// size. A tensor need not fill whole rows; for one labelled row per tensor use `init(rows:…)`.
    public init(
        _ batches: [Tensor], imageSize: ImageSize? = nil, columns: Int, rowLabels: [String] = [],
        columnLabels: [String] = [], title: String = "", colormap: Colormap = .gray,
        scaling: ImageScaling = .range(0...1), highlightedColumns: Set<Int> = [], width: Double = 360,
        maxCell: Double = 56, gap: Double = 2
    ) throws {
        guard let first = batches.first else { throw PlotError("ImageGrid: no tensors of images") }
        let read = try batches.enumerated().map { i, batch in
            try TensorImages(
                batch, size: imageSize, figure: "ImageGrid", what: batches.count > 1 ? "tensor \(i + 1)" : "images")
        }
        if let (i, odd) = read.enumerated().first(where: { $0.element.size != read[0].size }) {
            throw PlotError(
                "ImageGrid: tensor \(i + 1) of shape \(batches[i].shape) holds \(odd.size) images, tensor 1 of shape "
                    + "\(first.shape) \(read[0].size) images")
        }
        try self.init(
            pixels: read.count == 1 ? read[0].pixels : read.flatMap(\.pixels), imageWidth: read[0].size.width,
            imageHeight: read[0].size.height, columns: columns, rowLabels: rowLabels, columnLabels: columnLabels,
            title: title, colormap: colormap, scaling: scaling, highlightedColumns: highlightedColumns, width: width,
            maxCell: maxCell, gap: gap)
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
            // Rows without names take no label column.
            columns: read[0].count, rowLabels: rows.allSatisfy(\.name.isEmpty) ? [] : rows.map(\.name), title: title,
            colormap: colormap,
            scaling: scaling, width: width, maxCell: maxCell, gap: gap)
    }
}

extension ImageGrid {
    /// The images of one tensor with their own colours, for a grid that mixes kinds: a mean image in grey
    /// beside signed principal components in red and blue. `.symmetricShared` shares its bound within
    /// the part.
    public struct Part {
        public var images: Tensor
        public var colormap: Colormap
        public var scaling: ImageScaling

        public init(_ images: Tensor, colormap: Colormap = .gray, scaling: ImageScaling = .range(0...1)) {
            self.images = images
            self.colormap = colormap
            self.scaling = scaling
        }
    }

    /// The images of `parts` one after another, `columns` to a row, each part coloured its own way; all
    /// images the same size.
    public init(
        parts: [Part], imageSize: ImageSize? = nil, columns: Int, rowLabels: [String] = [],
        columnLabels: [String] = [], title: String = "", highlightedColumns: Set<Int> = [], width: Double = 360,
        maxCell: Double = 56, gap: Double = 2
    ) throws {
        let read = try parts.enumerated().map { i, part in
            try TensorImages(part.images, size: imageSize, figure: "ImageGrid", what: "part \(i + 1)")
        }
        guard let first = read.first else { throw PlotError("ImageGrid: no parts") }
        if let (i, odd) = read.enumerated().first(where: { $0.element.size != first.size }) {
            throw PlotError(
                "ImageGrid: part \(i + 1) of shape \(parts[i].images.shape) holds \(odd.size) images, part 1 of "
                    + "shape \(parts[0].images.shape) \(first.size) images")
        }
        let images = zip(parts, read).flatMap { part, images in
            Self.rasterImages(
                images.pixels, imageWidth: images.size.width, imageHeight: images.size.height,
                colormap: part.colormap, scaling: part.scaling)
        }
        try self.init(
            images: images, columns: columns, rowLabels: rowLabels, columnLabels: columnLabels, title: title,
            highlightedColumns: highlightedColumns, width: width, maxCell: maxCell, gap: gap)
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

extension Heatmap {
    /// The matrix `values` (`[rows, columns]`): each row of the tensor a row of cells, as it is printed.
    public init(
        _ values: Tensor, title: String = "", xLabel: String = "", yLabel: String = "", rowLabels: [String] = [],
        columnLabels: [String] = [], colormap: Colormap = .viridis, range: ClosedRange<Double>? = nil,
        symmetric: Bool = false, colorBarLabel: String = "", annotate: Bool = false, size: Size = Size(340, 280)
    ) throws {
        guard values.rank == 2 else {
            throw PlotError("Heatmap: values of shape \(values.shape) are not a matrix; expected [rows, columns]")
        }
        try self.init(
            values: values.scalars, rows: values.shape[0], columns: values.shape[1], title: title, xLabel: xLabel,
            yLabel: yLabel, rowLabels: rowLabels, columnLabels: columnLabels, colormap: colormap, range: range,
            symmetric: symmetric, colorBarLabel: colorBarLabel, annotate: annotate, size: size)
    }
}

extension DiagramNode {
    /// A thumbnail of image `index` of `images` (`[n, h, w]`, `[n, 1, h, w]` or `[n, h·w]`, grey values in
    /// 0…1, as `FashionMNIST` loads them), for a node that shows an input or a reconstruction.
    public static func thumbnail(_ images: Tensor, index: Int = 0, imageSize: ImageSize? = nil) throws -> Shape {
        let read = try TensorImages(images, size: imageSize, figure: "Diagram thumbnail")
        guard (0..<read.count).contains(index) else {
            throw PlotError("Diagram thumbnail: no image \(index) among the \(read.count) of shape \(images.shape)")
        }
        let per = read.size.pixels
        return try thumbnail(
            pixels: Array(read.pixels[(index * per)..<((index + 1) * per)]), width: read.size.width,
            height: read.size.height)
    }
}

extension Scatter2D {
    /// The points `[n, 2]` (codes, 2-D data) as dots, with `classes` and `overlays` as in `init(points:…)`.
    public init(
        _ points: Tensor, classes: [Int] = [], overlays: [Overlay] = [], title: String = "", xLabel: String = "",
        yLabel: String = "", name: String = "data", equalAspect: Bool = true, palette: Palette = .okabeIto,
        alpha: Double = 0.6, radius: Double = 1.8, size: Size = Size(320, 280)
    ) throws {
        _ = try codeColumns(points, "Scatter2D: points")
        try self.init(
            points: points.scalars, classes: classes, overlays: overlays, title: title, xLabel: xLabel, yLabel: yLabel,
            name: name, equalAspect: equalAspect, palette: palette, alpha: alpha, radius: radius, size: size)
    }
}

extension Overlay {
    /// Extra points `[n, 2]` over a scatter (samples, projections).
    public static func points(_ label: String, at points: Tensor) throws -> Overlay {
        _ = try codeColumns(points, "Overlay \"\(label)\": points")
        return .points(label, points.scalars.map(Double.init))
    }
}

extension Scatter3D {
    /// Points `[n, 3]`; or 4-D points `[n, 4]`, drawn at their first three coordinates and coloured by the
    /// fourth (the fourth axis a 3-D view cannot show). `classes` and the rest as in `init(points:…)`.
    public init(
        _ points: Tensor, classes: [Int] = [], classNames: [String] = [], palette: Palette = .okabeIto,
        camera: Camera3D = Camera3D(), title: String = "", axisNames: [String] = ["$x$", "$y$", "$z$"],
        depthCue: Bool = true, radius: Double = 2, size: Size = Size(320, 280)
    ) throws {
        guard points.rank == 2, points.columns == 3 || points.columns == 4 else {
            throw PlotError("Scatter3D: points of shape \(points.shape) are not [n, 3] or [n, 4]")
        }
        let width = points.columns
        var xyz: [Float] = []
        var fourth: [Float] = []
        xyz.reserveCapacity(points.rows * 3)
        for i in 0..<points.rows {
            xyz += points.scalars[(i * width)..<(i * width + 3)]
            if width == 4 { fourth.append(points.scalars[i * width + 3]) }
        }
        try self.init(
            points: xyz, classes: classes, classNames: classNames, values: fourth, palette: palette, camera: camera,
            title: title, axisNames: axisNames, depthCue: depthCue, radius: radius, size: size)
    }
}
