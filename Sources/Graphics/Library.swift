import CCairo
import CFreeType
import CHarfBuzz
import CPango

/// Versions of the C libraries Lectern draws with, for `lectern --version` and bug reports.
public enum GraphicsLibraries {
    public static var versions: [String: String] {
        var major: UInt32 = 0
        var minor: UInt32 = 0
        var micro: UInt32 = 0
        hb_version(&major, &minor, &micro)
        return [
            "cairo": String(cString: cairo_version_string()),
            "pango": String(cString: pango_version_string()),
            "harfbuzz": "\(major).\(minor).\(micro)",
        ]
    }
}
