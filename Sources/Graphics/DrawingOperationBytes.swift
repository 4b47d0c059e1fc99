import Foundation

/// Drawing operations as bytes: an opcode, then each field — numbers as their 8 little-endian bytes,
/// texts and lists behind their length. A cached figure of thousands of operations reads back in a
/// fraction of what JSON objects cost, bit for bit, and the same list always gives the same bytes.
enum DrawingOperationBytes {
    struct FormatError: Error, CustomStringConvertible {
        let description: String
    }

    static func encode(_ operations: [DrawingOperation]) -> Data {
        var out = ByteWriter()
        out.operations(operations)
        return Data(out.bytes)
    }

    static func decode(_ data: Data) throws -> [DrawingOperation] {
        var input = ByteReader(bytes: [UInt8](data))
        let operations = try input.operations()
        guard input.atEnd else { throw FormatError(description: "\(input.remaining) bytes after the last operation") }
        return operations
    }
}

private struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func byte(_ value: UInt8) { bytes.append(value) }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }
    mutating func int(_ value: Int) { withUnsafeBytes(of: Int64(value).littleEndian) { bytes += $0 } }
    mutating func double(_ value: Double) { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
    mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes += value.utf8
    }
    mutating func optional(_ value: Double?) {
        bool(value != nil)
        if let value { double(value) }
    }
    mutating func point(_ p: Point) {
        double(p.x)
        double(p.y)
    }
    mutating func points(_ list: [Point]) {
        int(list.count)
        for p in list { point(p) }
    }
    mutating func rect(_ r: Rect) {
        for v in [r.x, r.y, r.width, r.height] { double(v) }
    }
    mutating func color(_ c: Color) {
        for v in [c.red, c.green, c.blue, c.alpha] { double(v) }
    }
    mutating func font(_ f: Font) {
        string(f.family)
        double(f.size)
        string(f.weight.rawValue)
        bool(f.italic)
    }

    /// A list behind its count: a display list's, or a paragraph's inline drawable's.
    mutating func operations(_ list: [DrawingOperation]) {
        int(list.count)
        for operation in list { self.operation(operation) }
    }

    mutating func operation(_ operation: DrawingOperation) {
        switch operation {
        case .save: byte(0)
        case .restore: byte(1)
        case .translate(let dx, let dy):
            byte(2)
            double(dx)
            double(dy)
        case .scale(let sx, let sy):
            byte(3)
            double(sx)
            double(sy)
        case .rotate(let radians):
            byte(4)
            double(radians)
        case .clip(let r):
            byte(5)
            rect(r)
        case .newPath: byte(6)
        case .move(let p):
            byte(7)
            point(p)
        case .line(let p):
            byte(8)
            point(p)
        case .curve(let p, let c1, let c2):
            byte(9)
            point(p)
            point(c1)
            point(c2)
        case .closePath: byte(10)
        case .rect(let r):
            byte(11)
            rect(r)
        case .circle(let center, let radius):
            byte(12)
            point(center)
            double(radius)
        case .polyline(let list):
            byte(13)
            points(list)
        case .fill(let c, let preserve):
            byte(14)
            color(c)
            bool(preserve)
        case .stroke(let style, let preserve):
            byte(15)
            color(style.color)
            double(style.width)
            int(style.dash.count)
            for d in style.dash { double(d) }
            string(style.cap.rawValue)
            string(style.join.rawValue)
            bool(preserve)
        case .image(let image, let r, let smooth):
            byte(16)
            int(image.width)
            int(image.height)
            int(image.rgba.count)
            bytes += image.rgba
            rect(r)
            bool(smooth)
        case .linearGradient(let r, let start, let end, let stops):
            byte(17)
            rect(r)
            point(start)
            point(end)
            int(stops.count)
            for stop in stops {
                double(stop.offset)
                color(stop.color)
            }
        case .text(let recipe, let topLeft):
            byte(18)
            string(recipe.text)
            font(recipe.font)
            color(recipe.color)
            optional(recipe.width)
            string(recipe.alignment.rawValue)
            bool(recipe.markup)
            optional(recipe.lineSpacing)
            point(topLeft)
        case .glyphs(let glyphs, let fontPath, let origin):
            byte(19)
            int(glyphs.count)
            for g in glyphs {
                int(Int(g.glyph))
                double(g.x)
                double(g.y)
                double(g.size)
                string(g.text)
                color(g.color)
            }
            string(fontPath)
            point(origin)
        case .paragraph(let recipe, let topLeft, let lines):
            byte(25)
            string(recipe.markup)
            int(recipe.inline.count)
            for list in recipe.inline {
                double(list.width)
                double(list.ascent)
                double(list.descent)
                operations(list.operations)
            }
            font(recipe.font)
            optional(recipe.width)
            string(recipe.alignment.rawValue)
            color(recipe.color)
            bool(recipe.strut)
            point(topLeft)
            int(lines.lowerBound)
            int(lines.upperBound)
        case .dots(let list, let radius, let c):
            byte(20)
            points(list)
            double(radius)
            color(c)
        case .roundDots(let list, let radius, let c):
            byte(21)
            points(list)
            double(radius)
            color(c)
        case .link(let anchor, let r):
            byte(22)
            string(anchor)
            rect(r)
        case .linkURI(let uri, let r):
            byte(23)
            string(uri)
            rect(r)
        case .anchor(let anchor, let p):
            byte(24)
            string(anchor)
            point(p)
        }
    }
}

private struct ByteReader {
    let bytes: [UInt8]
    var position = 0

    var atEnd: Bool { position == bytes.count }
    var remaining: Int { bytes.count - position }

    func fail(_ what: String) -> DrawingOperationBytes.FormatError {
        DrawingOperationBytes.FormatError(description: "\(what) at byte \(position) of \(bytes.count)")
    }

    mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw fail("the operations end early") }
        defer { position += 1 }
        return bytes[position]
    }
    mutating func bool() throws -> Bool { try byte() != 0 }
    mutating func word() throws -> UInt64 {
        guard remaining >= 8 else { throw fail("the operations end early") }
        var value: UInt64 = 0
        for k in 0..<8 { value |= UInt64(bytes[position + k]) << (8 * UInt64(k)) }
        position += 8
        return value
    }
    mutating func int() throws -> Int { Int(Int64(bitPattern: try word())) }
    /// A length: never more than the bytes left, so a damaged entry cannot ask for a huge array.
    mutating func count() throws -> Int {
        let n = try int()
        guard n >= 0, n <= remaining else { throw fail("a length of \(n)") }
        return n
    }
    mutating func double() throws -> Double { Double(bitPattern: try word()) }
    mutating func raw(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, n <= remaining else { throw fail("a length of \(n)") }
        defer { position += n }
        return bytes[position..<(position + n)]
    }
    mutating func string() throws -> String { String(decoding: try raw(try count()), as: UTF8.self) }
    mutating func optional() throws -> Double? { try bool() ? try double() : nil }
    mutating func point() throws -> Point { Point(try double(), try double()) }
    mutating func points() throws -> [Point] { try (0..<count()).map { _ in try point() } }
    mutating func rect() throws -> Rect {
        Rect(x: try double(), y: try double(), width: try double(), height: try double())
    }
    mutating func color() throws -> Color {
        Color(red: try double(), green: try double(), blue: try double(), alpha: try double())
    }
    mutating func font() throws -> Font {
        Font(family: try string(), size: try double(), weight: try named(Font.Weight.self), italic: try bool())
    }
    mutating func named<T: RawRepresentable>(_ type: T.Type) throws -> T where T.RawValue == String {
        let name = try string()
        guard let value = T(rawValue: name) else { throw fail("an unknown \(T.self) '\(name)'") }
        return value
    }

    mutating func operations() throws -> [DrawingOperation] {
        let n = try count()
        var list: [DrawingOperation] = []
        list.reserveCapacity(n)
        for _ in 0..<n { list.append(try operation()) }
        return list
    }

    mutating func operation() throws -> DrawingOperation {
        let code = try byte()
        switch code {
        case 0: return .save
        case 1: return .restore
        case 2: return .translate(dx: try double(), dy: try double())
        case 3: return .scale(sx: try double(), sy: try double())
        case 4: return .rotate(radians: try double())
        case 5: return .clip(try rect())
        case 6: return .newPath
        case 7: return .move(try point())
        case 8: return .line(try point())
        case 9: return .curve(to: try point(), control1: try point(), control2: try point())
        case 10: return .closePath
        case 11: return .rect(try rect())
        case 12: return .circle(center: try point(), radius: try double())
        case 13: return .polyline(try points())
        case 14: return .fill(try color(), preserve: try bool())
        case 15:
            let color = try color()
            let width = try double()
            let dash = try (0..<count()).map { _ in try double() }
            let style = StrokeStyle(
                color: color, width: width, dash: dash, cap: try named(LineCap.self), join: try named(LineJoin.self))
            return .stroke(style, preserve: try bool())
        case 16:
            let width = try int()
            let height = try int()
            let rgba = [UInt8](try raw(try count()))
            guard width >= 0, height >= 0, width.multipliedReportingOverflow(by: height * 4).partialValue == rgba.count
            else { throw fail("\(rgba.count) bytes for an image of \(width) × \(height)") }
            return .image(RasterImage(width: width, height: height, rgba: rgba), in: try rect(), smooth: try bool())
        case 17:
            let r = try rect()
            let start = try point()
            let end = try point()
            let stops = try (0..<count()).map { _ in GradientStop(offset: try double(), color: try color()) }
            return .linearGradient(r, from: start, to: end, stops: stops)
        case 18:
            let text = try string()
            let font = try font()
            let recipe = TextRecipe(
                text: text, font: font, color: try color(), width: try optional(),
                alignment: try named(TextAlignment.self), markup: try bool(), lineSpacing: try optional())
            return .text(recipe, topLeft: try point())
        case 19:
            let glyphs = try (0..<count()).map { _ in
                let glyph = try int()
                guard let id = UInt32(exactly: glyph) else { throw fail("glyph \(glyph)") }
                return PlacedGlyph(
                    glyph: id, x: try double(), y: try double(), size: try double(), text: try string(),
                    color: try color())
            }
            return .glyphs(glyphs, fontPath: try string(), origin: try point())
        case 20: return .dots(try points(), radius: try double(), color: try color())
        case 21: return .roundDots(try points(), radius: try double(), color: try color())
        case 22: return .link(anchor: try string(), over: try rect())
        case 23: return .linkURI(try string(), over: try rect())
        case 24: return .anchor(try string(), at: try point())
        case 25:
            let markup = try string()
            let inline = try (0..<count()).map { _ in
                let width = try double()
                let ascent = try double()
                let descent = try double()
                return DisplayList(width: width, ascent: ascent, descent: descent, operations: try operations())
            }
            let recipe = ParagraphRecipe(
                markup: markup, inline: inline, font: try font(), width: try optional(),
                alignment: try named(TextAlignment.self), color: try color(), strut: try bool())
            let topLeft = try point()
            let lower = try int()
            let upper = try int()
            guard lower <= upper else { throw fail("lines \(lower) to \(upper)") }
            return .paragraph(recipe, topLeft: topLeft, lines: lower..<upper)
        default: throw fail("an unknown operation \(code)")
        }
    }
}
