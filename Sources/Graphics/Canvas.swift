import CCairo

public enum LineCap: String, Sendable, Codable { case butt, round, square }
public enum LineJoin: String, Sendable, Codable { case miter, round, bevel }

/// The one drawing surface every figure, formula and page is painted on: a Cairo context.
///
/// Canvases are made by `Surface` and `PDFDocument`; the Cairo pointer never leaves this module.
/// A recording canvas (`DisplayList(recording:)`) draws nothing: it notes each call as a
/// `DrawingOperation`, to be replayed on a real canvas later.
public final class Canvas {
    let cr: OpaquePointer
    /// The surface kind, so that drawing code can choose (e.g. keep pixel images sharp in SVG). A
    /// recording canvas says `.pdf`; drawing that depends on the surface records a call that chooses
    /// when replayed (`drawRoundDots`).
    public let kind: SurfaceKind
    /// Set on a recording canvas: every call is noted here instead of drawn.
    let recorder: DisplayListRecorder?
    /// The one-pixel surface under a recording canvas's context, so that `cr` is always valid.
    private let ownedSurface: OpaquePointer?

    init(cr: OpaquePointer, kind: SurfaceKind) {
        self.cr = cr
        self.kind = kind
        recorder = nil
        ownedSurface = nil
    }

    init(recordingInto recorder: DisplayListRecorder) {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)
        self.ownedSurface = surface
        self.cr = cairo_create(surface)
        self.kind = .pdf
        self.recorder = recorder
    }

    deinit {
        if let ownedSurface {
            cairo_destroy(cr)
            cairo_surface_destroy(ownedSurface)
        }
    }

    /// Notes `operation` when recording, and says whether it did (the caller then draws nothing).
    func recorded(_ operation: @autoclosure () -> DrawingOperation) -> Bool {
        guard let recorder else { return false }
        recorder.operations.append(operation())
        return true
    }

    // MARK: State

    public func save() {
        if recorded(.save) { return }
        cairo_save(cr)
    }
    public func restore() {
        if recorded(.restore) { return }
        cairo_restore(cr)
    }

    /// Runs `body` with the graphics state saved before and restored after.
    public func withSavedState<T>(_ body: () throws -> T) rethrows -> T {
        save()
        defer { restore() }
        return try body()
    }

    public func translate(_ dx: Double, _ dy: Double) {
        if recorded(.translate(dx: dx, dy: dy)) { return }
        cairo_translate(cr, dx, dy)
    }
    public func scale(_ sx: Double, _ sy: Double) {
        if recorded(.scale(sx: sx, sy: sy)) { return }
        cairo_scale(cr, sx, sy)
    }
    public func rotate(_ radians: Double) {
        if recorded(.rotate(radians: radians)) { return }
        cairo_rotate(cr, radians)
    }

    /// Restricts later drawing to `rect` until the state is restored.
    public func clip(to rect: Rect) {
        if recorded(.clip(rect)) { return }
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
    }

    // MARK: Paths

    public func newPath() {
        if recorded(.newPath) { return }
        cairo_new_path(cr)
    }
    public func move(to p: Point) {
        if recorded(.move(p)) { return }
        cairo_move_to(cr, p.x, p.y)
    }
    public func line(to p: Point) {
        if recorded(.line(p)) { return }
        cairo_line_to(cr, p.x, p.y)
    }
    public func curve(to p: Point, control1 c1: Point, control2 c2: Point) {
        if recorded(.curve(to: p, control1: c1, control2: c2)) { return }
        cairo_curve_to(cr, c1.x, c1.y, c2.x, c2.y, p.x, p.y)
    }
    public func closePath() {
        if recorded(.closePath) { return }
        cairo_close_path(cr)
    }
    public func addRect(_ r: Rect) {
        if recorded(.rect(r)) { return }
        cairo_rectangle(cr, r.x, r.y, r.width, r.height)
    }
    public func addCircle(center: Point, radius: Double) {
        if recorded(.circle(center: center, radius: radius)) { return }
        cairo_new_sub_path(cr)
        cairo_arc(cr, center.x, center.y, radius, 0, 2 * Double.pi)
        cairo_close_path(cr)
    }

    /// Adds a polyline through `points` as a new sub-path.
    public func addPolyline(_ points: [Point]) {
        if recorded(.polyline(points)) { return }
        guard let first = points.first else { return }
        cairo_move_to(cr, first.x, first.y)
        for p in points.dropFirst() { cairo_line_to(cr, p.x, p.y) }
    }

    // MARK: Painting

    public func fill(_ color: Color, preserve: Bool = false) {
        if recorded(.fill(color, preserve: preserve)) { return }
        setSource(color)
        preserve ? cairo_fill_preserve(cr) : cairo_fill(cr)
    }

    public func stroke(
        _ color: Color, width: Double, dash: [Double] = [], cap: LineCap = .butt, join: LineJoin = .miter,
        preserve: Bool = false
    ) {
        if recorded(
            .stroke(StrokeStyle(color: color, width: width, dash: dash, cap: cap, join: join), preserve: preserve))
        {
            return
        }
        setSource(color)
        cairo_set_line_width(cr, width)
        cairo_set_dash(cr, dash, Int32(dash.count), 0)
        let cairoCap: cairo_line_cap_t =
            switch cap {
            case .butt: CAIRO_LINE_CAP_BUTT
            case .round: CAIRO_LINE_CAP_ROUND
            case .square: CAIRO_LINE_CAP_SQUARE
            }
        let cairoJoin: cairo_line_join_t =
            switch join {
            case .miter: CAIRO_LINE_JOIN_MITER
            case .round: CAIRO_LINE_JOIN_ROUND
            case .bevel: CAIRO_LINE_JOIN_BEVEL
            }
        cairo_set_line_cap(cr, cairoCap)
        cairo_set_line_join(cr, cairoJoin)
        preserve ? cairo_stroke_preserve(cr) : cairo_stroke(cr)
    }

    public func fillRect(_ r: Rect, _ color: Color) {
        addRect(r)
        fill(color)
    }

    func setSource(_ c: Color) {
        if c.alpha >= 1 {
            cairo_set_source_rgb(cr, c.red, c.green, c.blue)
        } else {
            cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha)
        }
    }

    // MARK: Images

    /// Draws `image` scaled into `rect`; `smooth: false` keeps pixels as crisp squares.
    public func draw(_ image: RasterImage, in rect: Rect, smooth: Bool = false) {
        if recorded(.image(image, in: rect, smooth: smooth)) { return }
        guard image.width > 0, image.height > 0 else { return }
        let surface = image.makeCairoSurface()
        defer { cairo_surface_destroy(surface) }
        cairo_save(cr)
        defer { cairo_restore(cr) }
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
        cairo_translate(cr, rect.x, rect.y)
        cairo_scale(cr, rect.width / Double(image.width), rect.height / Double(image.height))
        cairo_set_source_surface(cr, surface, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), smooth ? CAIRO_FILTER_GOOD : CAIRO_FILTER_NEAREST)
        cairo_paint(cr)
    }

    // MARK: Links and anchors (PDF only; other surfaces ignore them)

    /// Makes `rect` a link to the named destination `anchor` in the same PDF.
    public func addLink(to anchor: String, over rect: Rect) {
        if recorded(.link(anchor: anchor, over: rect)) { return }
        guard kind == .pdf else { return }
        let attrs = "rect=[\(rect.x) \(rect.y) \(rect.width) \(rect.height)] dest='\(Self.tagEscape(anchor))'"
        cairo_tag_begin(cr, CAIRO_TAG_LINK, attrs)
        cairo_tag_end(cr, CAIRO_TAG_LINK)
    }

    /// Makes `rect` a link to an external `uri`.
    public func addLink(uri: String, over rect: Rect) {
        if recorded(.linkURI(uri, over: rect)) { return }
        guard kind == .pdf else { return }
        let attrs = "rect=[\(rect.x) \(rect.y) \(rect.width) \(rect.height)] uri='\(Self.tagEscape(uri))'"
        cairo_tag_begin(cr, CAIRO_TAG_LINK, attrs)
        cairo_tag_end(cr, CAIRO_TAG_LINK)
    }

    /// Names the current point `anchor`, a target for `addLink(to:over:)` and the outline.
    public func addAnchor(_ anchor: String, at p: Point) {
        if recorded(.anchor(anchor, at: p)) { return }
        guard kind == .pdf else { return }
        cairo_tag_begin(cr, CAIRO_TAG_DEST, "name='\(Self.tagEscape(anchor))' x=\(p.x) y=\(p.y)")
        cairo_tag_end(cr, CAIRO_TAG_DEST)
    }

    static func tagEscape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
