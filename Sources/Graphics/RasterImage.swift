import CCairo
import Foundation

/// An RGBA pixel grid, 8 bits a channel, row-major from the top-left.
public struct RasterImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// Straight (not premultiplied) RGBA, `width * height * 4` bytes.
    public var rgba: [UInt8]

    public init(width: Int, height: Int, rgba: [UInt8]) {
        precondition(rgba.count == width * height * 4, "RasterImage needs width*height*4 bytes")
        self.width = width
        self.height = height
        self.rgba = rgba
    }

    /// A grid of values mapped through `colormap` after scaling `range` to 0...1.
    public init(values: [Float], width: Int, height: Int, range: ClosedRange<Float>, colormap: Colormap) {
        precondition(values.count == width * height, "RasterImage needs width*height values")
        let span = range.upperBound - range.lowerBound
        var bytes = [UInt8](repeating: 255, count: width * height * 4)
        for (i, v) in values.enumerated() {
            let t = span > 0 ? Double((v - range.lowerBound) / span) : 0.5
            let c = colormap.color(at: t.isFinite ? t : 0)
            bytes[4 * i] = UInt8((c.red * 255).rounded())
            bytes[4 * i + 1] = UInt8((c.green * 255).rounded())
            bytes[4 * i + 2] = UInt8((c.blue * 255).rounded())
        }
        self.init(width: width, height: height, rgba: bytes)
    }

    /// A Cairo ARGB32 surface (premultiplied, native-endian) holding these pixels. The caller destroys it.
    func makeCairoSurface() -> OpaquePointer {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))!
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        for y in 0..<height {
            let row = (data + y * stride).withMemoryRebound(to: UInt32.self, capacity: width) { $0 }
            for x in 0..<width {
                let i = 4 * (y * width + x)
                let a = UInt32(rgba[i + 3])
                let r = UInt32(rgba[i]) * a / 255
                let g = UInt32(rgba[i + 1]) * a / 255
                let b = UInt32(rgba[i + 2]) * a / 255
                row[x] = (a << 24) | (r << 16) | (g << 8) | b
            }
        }
        cairo_surface_mark_dirty(surface)
        return surface
    }
}

/// Pixels encode as their raw bytes (`Data`: base64 in JSON, raw in Lectern's cache), never as a
/// list of numbers, so a figure of images stays compact and its encoding deterministic.
extension RasterImage: Codable {
    enum CodingKeys: String, CodingKey { case width, height, rgba }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let width = try container.decode(Int.self, forKey: .width)
        let height = try container.decode(Int.self, forKey: .height)
        let bytes = try container.decode(Data.self, forKey: .rgba)
        guard width >= 0, height >= 0, width.multipliedReportingOverflow(by: height * 4).partialValue == bytes.count
        else {
            throw DecodingError.dataCorruptedError(
                forKey: .rgba, in: container,
                debugDescription: "\(bytes.count) bytes are not the RGBA pixels of a \(width) × \(height) image")
        }
        self.init(width: width, height: height, rgba: [UInt8](bytes))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(Data(rgba), forKey: .rgba)
    }
}

/// A map from 0...1 to colours, by linear interpolation between evenly spaced stops.
public struct Colormap: Sendable, Equatable {
    public let stops: [Color]

    public init(stops: [Color]) {
        precondition(stops.count >= 2, "a colormap needs two stops")
        self.stops = stops
    }

    public func color(at t: Double) -> Color {
        let u = min(max(t, 0), 1) * Double(stops.count - 1)
        let i = min(Int(u), stops.count - 2)
        let f = u - Double(i)
        let a = stops[i]
        let b = stops[i + 1]
        return Color(
            red: a.red + (b.red - a.red) * f, green: a.green + (b.green - a.green) * f,
            blue: a.blue + (b.blue - a.blue) * f)
    }

    /// Black (0) to white (1): how digit images are shown.
    public static let gray = Colormap(stops: [.black, .white])
    /// White to black, for ink on paper.
    public static let grayInverted = Colormap(stops: [.white, .black])
    /// Blue – white – red, for signed values centred on 0.5 (learned filters).
    public static let diverging = Colormap(stops: [
        Color(hex: 0x2166AC), Color(hex: 0x67A9CF), Color(hex: 0xD1E5F0), Color(hex: 0xF7F7F7),
        Color(hex: 0xFDDBC7), Color(hex: 0xEF8A62), Color(hex: 0xB2182B),
    ])
    /// Perceptually uniform, colour-blind safe, prints in grey (matplotlib's viridis, sampled).
    public static let viridis = Colormap(stops: [
        Color(hex: 0x440154), Color(hex: 0x482878), Color(hex: 0x3E4A89), Color(hex: 0x31688E),
        Color(hex: 0x26828E), Color(hex: 0x1F9E89), Color(hex: 0x35B779), Color(hex: 0x6DCD59),
        Color(hex: 0xB4DE2C), Color(hex: 0xFDE725),
    ])
}
