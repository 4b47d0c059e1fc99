import Foundation

/// A figure as data: the drawing operations a `Drawable` made, recorded once, replayed on any surface.
///
/// A Plot cell's figure is kept in this form so that it can be compared, cached between builds and
/// written into a snapshot; replaying it issues the same Cairo calls the figure made, so a figure
/// drawn from its display list comes out byte for byte as the figure drawn directly.
public struct DisplayList: Drawable, Codable, Equatable {
    public var width: Double
    public var ascent: Double
    public var descent: Double
    /// The figure's operations, made with the left end of its baseline at `(0, ascent)`: its box's
    /// top-left corner at the origin. Encoded as bytes (`DrawingOperationBytes`), which read back
    /// many times faster than JSON objects; a snapshot shows a summary instead.
    public var operations: [DrawingOperation]
    /// The figure in words — its kind, axes, legend — set by whoever recorded it from the figure itself
    /// (the document's `Figure`), for its alternate text.
    public var describedAs: [String] = []

    public init(width: Double, ascent: Double, descent: Double, operations: [DrawingOperation]) {
        self.width = width
        self.ascent = ascent
        self.descent = descent
        self.operations = operations
    }

    /// Records what `drawable` draws (a display list is returned as it is).
    public init(recording drawable: any Drawable) {
        if let list = drawable as? DisplayList {
            self = list
            return
        }
        let recorder = DisplayListRecorder()
        let canvas = Canvas(recordingInto: recorder)
        drawable.draw(on: canvas, at: Point(0, drawable.ascent))
        self.init(
            width: drawable.width, ascent: drawable.ascent, descent: drawable.descent,
            operations: recorder.operations)
    }

    public func draw(on canvas: Canvas, at origin: Point) {
        // Drawn where it was recorded (how the writers place figures), the calls are the recorded ones.
        if origin == Point(0, ascent) {
            for operation in operations { operation.replay(on: canvas) }
            return
        }
        canvas.withSavedState {
            canvas.translate(origin.x, origin.y - ascent)
            for operation in operations { operation.replay(on: canvas) }
        }
    }

    enum CodingKeys: String, CodingKey {
        case width, ascent, descent, operations
        case operationCount, digest, texts, describedAs
    }

    /// Set to `true` in an encoder's `userInfo` to write each display list as a summary — its box, how
    /// many operations it has, a digest of them and its texts — instead of every operation: what a
    /// snapshot of a document shows (a summary cannot be decoded).
    public static let summaryKey = CodingUserInfoKey(rawValue: "lectern.displayList.summary")!

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(width, forKey: .width)
        try container.encode(ascent, forKey: .ascent)
        try container.encode(descent, forKey: .descent)
        if !describedAs.isEmpty { try container.encode(describedAs, forKey: .describedAs) }
        guard encoder.userInfo[Self.summaryKey] as? Bool == true else {
            try container.encode(DrawingOperationBytes.encode(operations), forKey: .operations)
            return
        }
        try container.encode(operations.count, forKey: .operationCount)
        try container.encode(try digest(), forKey: .digest)
        try container.encode(texts, forKey: .texts)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        width = try container.decode(Double.self, forKey: .width)
        ascent = try container.decode(Double.self, forKey: .ascent)
        descent = try container.decode(Double.self, forKey: .descent)
        do {
            operations = try DrawingOperationBytes.decode(try container.decode(Data.self, forKey: .operations))
        } catch let error as DrawingOperationBytes.FormatError {
            throw DecodingError.dataCorruptedError(
                forKey: .operations, in: container, debugDescription: error.description)
        }
        describedAs = try container.decodeIfPresent([String].self, forKey: .describedAs) ?? []
    }

    /// `fnv1a64:` and 16 hex digits of the operations' bytes: equal lists, equal digests.
    public func digest() throws -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in DrawingOperationBytes.encode(operations) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Every piece of text the figure draws, in order: what a reader of a snapshot or a describer of
    /// the figure can read without replaying it.
    public var texts: [String] {
        operations.compactMap {
            switch $0 {
            case .text(let recipe, _): recipe.text
            case .glyphs(let glyphs, _, _): glyphs.map(\.text).joined()
            case .paragraph(let recipe, _, _): recipe.text
            default: nil
            }
        }
    }
}

/// Collects the operations a recording canvas is given.
final class DisplayListRecorder {
    var operations: [DrawingOperation] = []
}

/// One drawing call of a `Canvas`, with everything needed to make it again.
public enum DrawingOperation: Codable, Equatable, Sendable {
    case save
    case restore
    case translate(dx: Double, dy: Double)
    case scale(sx: Double, sy: Double)
    case rotate(radians: Double)
    case clip(Rect)
    case newPath
    case move(Point)
    case line(Point)
    case curve(to: Point, control1: Point, control2: Point)
    case closePath
    case rect(Rect)
    case circle(center: Point, radius: Double)
    case polyline([Point])
    case fill(Color, preserve: Bool)
    case stroke(StrokeStyle, preserve: Bool)
    case image(RasterImage, in: Rect, smooth: Bool)
    case linearGradient(Rect, from: Point, to: Point, stops: [GradientStop])
    case text(TextRecipe, topLeft: Point)
    case glyphs([PlacedGlyph], fontPath: String, origin: Point)
    /// Lines `lines` of a paragraph with inline drawables, the top of the first at `topLeft`.
    case paragraph(ParagraphRecipe, topLeft: Point, lines: Range<Int>)
    case dots([Point], radius: Double, color: Color)
    case roundDots([Point], radius: Double, color: Color)
    case link(anchor: String, over: Rect)
    case linkURI(String, over: Rect)
    case anchor(String, at: Point)

    func replay(on canvas: Canvas) {
        switch self {
        case .save: canvas.save()
        case .restore: canvas.restore()
        case .translate(let dx, let dy): canvas.translate(dx, dy)
        case .scale(let sx, let sy): canvas.scale(sx, sy)
        case .rotate(let radians): canvas.rotate(radians)
        case .clip(let rect): canvas.clip(to: rect)
        case .newPath: canvas.newPath()
        case .move(let p): canvas.move(to: p)
        case .line(let p): canvas.line(to: p)
        case .curve(let p, let c1, let c2): canvas.curve(to: p, control1: c1, control2: c2)
        case .closePath: canvas.closePath()
        case .rect(let r): canvas.addRect(r)
        case .circle(let center, let radius): canvas.addCircle(center: center, radius: radius)
        case .polyline(let points): canvas.addPolyline(points)
        case .fill(let color, let preserve): canvas.fill(color, preserve: preserve)
        case .stroke(let s, let preserve):
            canvas.stroke(s.color, width: s.width, dash: s.dash, cap: s.cap, join: s.join, preserve: preserve)
        case .image(let image, let rect, let smooth): canvas.draw(image, in: rect, smooth: smooth)
        case .linearGradient(let rect, let start, let end, let stops):
            canvas.fillLinearGradient(rect, from: start, to: end, stops: stops.map { ($0.offset, $0.color) })
        case .text(let recipe, let topLeft): TextLayout(recipe).draw(on: canvas, topLeft: topLeft)
        case .glyphs(let glyphs, let path, let origin):
            // A font that cannot be opened any more draws nothing; it was readable when recorded.
            guard let font = try? MathFont.opened(path: path) else { return }
            canvas.drawGlyphs(glyphs, font: font, at: origin)
        case .paragraph(let recipe, let topLeft, let lines):
            // Markup that Pango read when the figure was recorded reads again; a damaged entry draws nothing.
            guard let paragraph = try? RichParagraph(recipe) else { return }
            paragraph.draw(on: canvas, topLeft: topLeft, lines: lines)
        case .dots(let points, let radius, let color): canvas.drawDots(points, radius: radius, color: color)
        case .roundDots(let points, let radius, let color): canvas.drawRoundDots(points, radius: radius, color: color)
        case .link(let anchor, let rect): canvas.addLink(to: anchor, over: rect)
        case .linkURI(let uri, let rect): canvas.addLink(uri: uri, over: rect)
        case .anchor(let anchor, let p): canvas.addAnchor(anchor, at: p)
        }
    }
}

/// How a path is stroked.
public struct StrokeStyle: Codable, Equatable, Sendable {
    public var color: Color
    public var width: Double
    public var dash: [Double]
    public var cap: LineCap
    public var join: LineJoin
}

/// A colour of a linear gradient at `offset` (0...1) along it.
public struct GradientStop: Codable, Equatable, Sendable {
    public var offset: Double
    public var color: Color
}
