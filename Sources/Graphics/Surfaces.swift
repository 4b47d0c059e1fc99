import CCairo

public enum SurfaceKind: String, Sendable, CaseIterable {
    case pdf, svg, png
}

public struct GraphicsError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Collects the bytes Cairo writes to a stream.
final class ByteSink {
    var bytes: [UInt8] = []
}

let writeToSink: cairo_write_func_t = { closure, data, length in
    guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
    let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
    sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
    return CAIRO_STATUS_SUCCESS
}

/// Renders single pictures (a figure, a formula) to standalone PDF, SVG or PNG bytes.
public enum Surface {
    /// Paints `size` points of picture with `body` and returns the encoded file.
    ///
    /// - Parameters:
    ///   - scale: pixels per point for PNG (1 or 2 for slides); ignored by vector formats.
    ///   - idPrefix: prefix for every SVG id, so several SVGs can share one HTML page.
    public static func render(
        _ kind: SurfaceKind, size: Size, scale: Double = 1, idPrefix: String = "f",
        background: Color? = nil, _ body: (Canvas) -> Void
    ) throws -> [UInt8] {
        let sink = ByteSink()
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        let surface: OpaquePointer
        switch kind {
        case .pdf:
            surface = cairo_pdf_surface_create_for_stream(writeToSink, closure, size.width, size.height)
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Lectern")
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, Reproducible.pictureDate)
        case .svg:
            surface = cairo_svg_surface_create_for_stream(writeToSink, closure, size.width, size.height)
            cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PT)
        case .png:
            let (width, height) = ((size.width * scale).rounded(.up), (size.height * scale).rounded(.up))
            // Cairo's images are at most 32,767 pixels a side; checked before converting to Int32.
            guard (0...32767).contains(width), (0...32767).contains(height) else {
                throw GraphicsError("a PNG of \(width) × \(height) pixels is more than Cairo can draw (32,767 a side)")
            }
            surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))
        }
        let cr = cairo_create(surface)!
        if kind == .png { cairo_scale(cr, scale, scale) }
        if let background {
            let canvas = Canvas(cr: cr, kind: kind)
            canvas.fillRect(Rect(x: 0, y: 0, width: size.width, height: size.height), background)
        }
        body(Canvas(cr: cr, kind: kind))
        cairo_destroy(cr)
        var status = cairo_surface_status(surface)
        if kind == .png, status == CAIRO_STATUS_SUCCESS {
            status = cairo_surface_write_to_png_stream(surface, writeToSink, closure)
        }
        cairo_surface_finish(surface)
        if status == CAIRO_STATUS_SUCCESS { status = cairo_surface_status(surface) }
        cairo_surface_destroy(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw GraphicsError(
                "Cairo could not write the \(kind.rawValue): \(String(cString: cairo_status_to_string(status)))")
        }
        if kind == .svg {
            return Array(SVGIds.prefixed(String(decoding: sink.bytes, as: UTF8.self), with: idPrefix).utf8)
        }
        return sink.bytes
    }

    /// Renders a drawable with `padding` points of margin around its box.
    public static func render(
        _ drawable: any Drawable, as kind: SurfaceKind, padding: Double = 0, scale: Double = 1,
        idPrefix: String = "f", background: Color? = nil
    ) throws -> [UInt8] {
        let size = Size(drawable.width + 2 * padding, drawable.height + 2 * padding)
        return try render(kind, size: size, scale: scale, idPrefix: idPrefix, background: background) { canvas in
            drawable.draw(on: canvas, at: Point(padding, padding + drawable.ascent))
        }
    }
}

/// Dates written into files: a handout's date comes from its notebook; a standalone picture's from
/// `SOURCE_DATE_EPOCH`, or none. Never the clock, so two builds give the same bytes.
public enum Reproducible {
    /// The latest time a document can carry: 9999-12-31 23:59:59 UTC, the last four-digit year.
    public static let latestEpoch = 253_402_300_799

    public struct InvalidEpoch: Error, CustomStringConvertible, Sendable {
        public let value: String
        public var description: String {
            "SOURCE_DATE_EPOCH='\(value)' is not a time Lectern can write: expected whole seconds since "
                + "1970-01-01 UTC, from 0 to \(latestEpoch) (9999-12-31)"
        }
    }

    /// `SOURCE_DATE_EPOCH` read from `raw` (the environment's by default); nil when unset or empty.
    public static func sourceDateEpoch(_ raw: String? = Reproducible.environmentEpoch) throws -> Int? {
        guard let raw, !raw.isEmpty else { return nil }
        guard let value = Int(raw), (0...latestEpoch).contains(value) else { throw InvalidEpoch(value: raw) }
        return value
    }

    public static var environmentEpoch: String? { getenv("SOURCE_DATE_EPOCH").map { String(cString: $0) } }

    /// The UTC date of `epoch` as `YYYY-MM-DD`; `epoch` must be in 0...latestEpoch.
    public static func isoDate(epoch: Int) -> String { civil(epoch).date }

    /// The creation date Cairo writes for a `YYYY-MM-DD` date; "" (no date written) for "".
    static func pdfDate(isoDate: String) -> String { isoDate.isEmpty ? "" : isoDate + "T00:00:00Z" }

    /// A standalone picture's creation date: from a valid `SOURCE_DATE_EPOCH`, otherwise none
    /// (`lectern` refuses an invalid one before drawing anything).
    static var pictureDate: String {
        guard let epoch = try? sourceDateEpoch() else { return "" }
        let c = civil(epoch)
        return "\(c.date)T\(c.time)Z"
    }

    /// Days-from-civil inverse (Howard Hinnant's algorithm): UTC date and time of `seconds`.
    static func civil(_ seconds: Int) -> (date: String, time: String) {
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secs = seconds - days * 86400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return ("\(y)-\(two(m))-\(two(d))", "\(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60))")
    }
}
