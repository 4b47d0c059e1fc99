import Graphics

/// How the values of each image become grey levels or colours.
public enum ImageScaling: Sendable, Equatable {
    /// The same fixed range for every image (pixels in 0...1).
    case range(ClosedRange<Double>)
    /// Each image from its own minimum to its own maximum.
    case eachImage
    /// Each image over ±(its largest magnitude), so 0 sits at the colormap's middle (learned filters).
    case symmetricEachImage
    /// All images over one ±(largest magnitude of any of them).
    case symmetricShared
}

/// Pixel grids in rows and columns with optional row and column labels: samples, learned filters,
/// originals over reconstructions, denoising rows per corruption level.
public struct ImageGrid: Drawable {
    public let images: [RasterImage]
    public let columns: Int
    public let rowLabels: [String]
    public let columnLabels: [String]
    public let title: String
    /// Columns framed in colour (the endpoints of an interpolation).
    public let highlightedColumns: Set<Int>
    /// Side of one image cell in points.
    public let cellSize: Size
    public let gap: Double
    public let width: Double
    public let ascent: Double
    public var descent: Double { 0 }

    /// - Parameters:
    ///   - pixels: `count × imageHeight × imageWidth` values, image after image, each row-major.
    ///   - width: the widest the figure may be; cells stop growing at `maxCell` points.
    public init<T: BinaryFloatingPoint>(
        pixels: [T], imageWidth: Int, imageHeight: Int, columns: Int, rowLabels: [String] = [],
        columnLabels: [String] = [], title: String = "", colormap: Colormap = .gray,
        scaling: ImageScaling = .range(0...1), highlightedColumns: Set<Int> = [], width: Double = 360,
        maxCell: Double = 56, gap: Double = 2
    ) throws {
        guard imageWidth > 0, imageHeight > 0 else {
            throw PlotError("ImageGrid: image size \(imageWidth) × \(imageHeight) is empty")
        }
        let per = imageWidth * imageHeight
        guard !pixels.isEmpty, pixels.count % per == 0 else {
            throw PlotError(
                "ImageGrid: \(pixels.count) values are not a whole number of \(imageWidth) × \(imageHeight) images")
        }
        guard columns > 0 else { throw PlotError("ImageGrid: columns must be positive, got \(columns)") }
        let images = Self.rasterImages(
            pixels.map { Float($0) }, imageWidth: imageWidth, imageHeight: imageHeight, colormap: colormap,
            scaling: scaling)
        try self.init(
            images: images, columns: columns, rowLabels: rowLabels, columnLabels: columnLabels, title: title,
            highlightedColumns: highlightedColumns, width: width, maxCell: maxCell, gap: gap)
    }

    /// A grid of ready-made images (all the same size).
    public init(
        images: [RasterImage], columns: Int, rowLabels: [String] = [], columnLabels: [String] = [],
        title: String = "", highlightedColumns: Set<Int> = [], width: Double = 360, maxCell: Double = 56,
        gap: Double = 2
    ) throws {
        guard let first = images.first else { throw PlotError("ImageGrid: no images") }
        guard columns > 0 else { throw PlotError("ImageGrid: columns must be positive, got \(columns)") }
        self.images = images
        self.columns = columns
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.title = title
        self.highlightedColumns = highlightedColumns
        self.gap = gap
        let rows = (images.count + columns - 1) / columns
        let labelWidth =
            rowLabels.isEmpty ? 0 : (rowLabels.map { PlotLabel($0, font: Style.labelFont).width }.max() ?? 0) + 6
        let aspect = Double(first.height) / Double(first.width)
        let available = (width - labelWidth - Double(columns - 1) * gap - 2 * Style.outerPad) / Double(columns)
        let side = max(4, min(available, maxCell))
        cellSize = Size(side, side * aspect)
        self.width = labelWidth + Double(columns) * side + Double(columns - 1) * gap + 2 * Style.outerPad
        let header =
            (title.isEmpty ? 0 : PlotLabel(title, font: Style.titleFont).height + Style.titlePad)
            + (columnLabels.isEmpty ? 0 : PlotLabel("Ag", font: Style.tickFont).height + 3)
        ascent = 2 * Style.outerPad + header + Double(rows) * cellSize.height + Double(rows - 1) * gap
    }

    /// Whole images of `pixels` (a multiple of `imageWidth · imageHeight`), coloured under `scaling`.
    static func rasterImages(
        _ pixels: [Float], imageWidth: Int, imageHeight: Int, colormap: Colormap, scaling: ImageScaling
    ) -> [RasterImage] {
        let per = imageWidth * imageHeight
        let sharedBound = pixels.reduce(Float(0)) { max($0, abs($1).isFinite ? abs($1) : 0) }
        return (0..<(pixels.count / per)).map { i in
            let slice = Array(pixels[(i * per)..<((i + 1) * per)])
            return RasterImage(
                values: slice, width: imageWidth, height: imageHeight,
                range: Self.range(of: slice, scaling, sharedBound),
                colormap: colormap)
        }
    }

    static func range(of values: [Float], _ scaling: ImageScaling, _ shared: Float) -> ClosedRange<Float> {
        switch scaling {
        case .range(let r): return Float(r.lowerBound)...Float(max(r.upperBound, r.lowerBound))
        case .eachImage:
            let finite = values.filter(\.isFinite)
            let lo = finite.min() ?? 0
            return lo...max(finite.max() ?? 1, lo)
        case .symmetricEachImage:
            let bound = values.reduce(Float(0)) { max($0, abs($1).isFinite ? abs($1) : 0) }
            return bound > 0 ? -bound...bound : -1...1
        case .symmetricShared:
            return shared > 0 ? -shared...shared : -1...1
        }
    }

    /// Cell rectangles and placed text, with the figure's top-left corner at (0, 0).
    func layout() -> (cells: [Rect], texts: [PlacedLabel]) {
        var texts: [PlacedLabel] = []
        var top = Style.outerPad
        let labelWidth =
            rowLabels.isEmpty ? 0 : (rowLabels.map { PlotLabel($0, font: Style.labelFont).width }.max() ?? 0) + 6
        let left = Style.outerPad + labelWidth
        let gridWidth = Double(columns) * cellSize.width + Double(columns - 1) * gap
        if !title.isEmpty {
            let label = PlotLabel(title, font: Style.titleFont)
            texts.append(
                PlacedLabel(
                    label: label,
                    rect: Rect(
                        x: left + gridWidth / 2 - label.width / 2, y: top,
                        width: label.width, height: label.height)))
            top += label.height + Style.titlePad
        }
        if !columnLabels.isEmpty {
            let height = PlotLabel("Ag", font: Style.tickFont).height
            for (c, text) in columnLabels.prefix(columns).enumerated() where !text.isEmpty {
                let label = PlotLabel(text, font: Style.tickFont, color: Style.ink)
                let cx = left + Double(c) * (cellSize.width + gap) + cellSize.width / 2
                texts.append(
                    PlacedLabel(
                        label: label,
                        rect: Rect(
                            x: cx - label.width / 2, y: top, width: label.width,
                            height: label.height)))
            }
            top += height + 3
        }
        var cells: [Rect] = []
        for i in images.indices {
            cells.append(
                Rect(
                    x: left + Double(i % columns) * (cellSize.width + gap),
                    y: top + Double(i / columns) * (cellSize.height + gap),
                    width: cellSize.width, height: cellSize.height))
        }
        for (r, text) in rowLabels.enumerated() where !text.isEmpty && r * columns < images.count {
            let label = PlotLabel(text, font: Style.labelFont)
            let cy = top + Double(r) * (cellSize.height + gap) + cellSize.height / 2
            texts.append(
                PlacedLabel(
                    label: label,
                    rect: Rect(
                        x: left - 6 - label.width, y: cy - label.height / 2,
                        width: label.width, height: label.height)))
        }
        return (cells, texts)
    }

    public func draw(on canvas: Canvas, at origin: Point) {
        let placed = layout()
        canvas.withSavedState {
            canvas.translate(origin.x, origin.y - ascent)
            for (image, cell) in zip(images, placed.cells) {
                canvas.draw(image, in: cell)
            }
            // A hairline around each cell keeps white-backed images apart from the page.
            for cell in placed.cells { canvas.addRect(cell) }
            canvas.stroke(Color(gray: 0.75), width: 0.4)
            for (i, cell) in placed.cells.enumerated() where highlightedColumns.contains(i % columns) {
                canvas.addRect(cell.insetBy(dx: -0.9, dy: -0.9))
            }
            canvas.stroke(Palette.okabeIto[3], width: 1.4)
            for text in placed.texts { text.draw(on: canvas) }
        }
    }
}
