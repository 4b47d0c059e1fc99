import CFreeType

/// Facts about a font file, read with FreeType.
public struct FontFile: Sendable, Equatable {
    public let familyName: String
    public let glyphCount: Int
    public let unitsPerEm: Int

    /// Latin Modern Math as `fonts-lmodern` installs it.
    public static let latinModernMathPath = "/usr/share/texmf/fonts/opentype/public/lm-math/latinmodern-math.otf"

    public static func read(path: String) throws -> FontFile {
        var library: FT_Library?
        guard FT_Init_FreeType(&library) == 0, let library else { throw GraphicsError("FreeType did not start") }
        defer { FT_Done_FreeType(library) }
        var face: FT_Face?
        guard FT_New_Face(library, path, 0, &face) == 0, let face else {
            throw GraphicsError("\(path): not a font FreeType can read")
        }
        defer { FT_Done_Face(face) }
        let record = face.pointee
        return FontFile(
            familyName: record.family_name.map { String(cString: $0) } ?? "",
            glyphCount: Int(record.num_glyphs), unitsPerEm: Int(record.units_per_EM))
    }
}
