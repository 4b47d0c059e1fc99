/// Anything that can be placed in a document: a formula, a figure, a line of text.
///
/// Its box is `width` wide and stands `ascent` above and `descent` below its baseline.
/// `draw` paints it with the left end of its baseline at `origin`.
public protocol Drawable: Sendable {
    var width: Double { get }
    var ascent: Double { get }
    var descent: Double { get }
    func draw(on canvas: Canvas, at origin: Point)
}

extension Drawable {
    public var height: Double { ascent + descent }
    public var size: Size { Size(width, ascent + descent) }
}
