import Foundation
import Graphics

/// One row of a formula table: `id`, `mode` (inline or display) and `tex`, with its line number.
public struct FormulaRow: Sendable, Equatable {
    public var id: String
    public var display: Bool
    public var tex: String
    /// 1-based line of the row in its file.
    public var line: Int
}

/// A problem with the table itself (not with one formula): unreadable file, missing columns.
public struct TableError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// Reads tab-separated formula tables with a header naming `id`, `mode` and `tex` (other columns ignored).
public enum TSV {
    public static func read(path: String) throws -> [FormulaRow] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TableError(description: "cannot read \(path)")
        }
        return try parse(String(decoding: data, as: UTF8.self), name: path)
    }

    public static func parse(_ text: String, name: String = "table") throws -> [FormulaRow] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        guard let header = lines.first?.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) else {
            throw TableError(description: "\(name) is empty")
        }
        func column(_ n: String) throws -> Int {
            guard let i = header.firstIndex(of: n) else {
                throw TableError(description: "\(name): the header has no '\(n)' column (it needs id, mode, tex)")
            }
            return i
        }
        let (idColumn, modeColumn, texColumn) = (try column("id"), try column("mode"), try column("tex"))
        var rows: [FormulaRow] = []
        for (i, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count > max(idColumn, modeColumn, texColumn) else {
                throw TableError(description: "\(name):\(i + 1): expected \(header.count) tab-separated columns")
            }
            let mode = fields[modeColumn]
            guard mode == "inline" || mode == "display" else {
                throw TableError(description: "\(name):\(i + 1): mode must be inline or display, not '\(mode)'")
            }
            rows.append(FormulaRow(id: fields[idColumn], display: mode == "display", tex: fields[texColumn], line: i + 1))
        }
        return rows
    }
}

extension Formula {
    /// The formula as a standalone SVG, PDF or PNG file (`scale` = pixels per point for PNG).
    public func render(as kind: SurfaceKind, padding: Double = 1, scale: Double = 1, idPrefix: String = "f") throws
        -> [UInt8]
    {
        try Surface.render(self, as: kind, padding: padding, scale: scale, idPrefix: idPrefix)
    }
}

/// `lectern tex`: typesets formulas into files, one at a time or a whole table.
public enum TeXBatch {
    /// The file format named by a path's extension (`.svg`, `.pdf`, `.png`), nil for others.
    public static func format(ofPath path: String) -> SurfaceKind? {
        guard let dot = path.lastIndex(of: ".") else { return nil }
        return SurfaceKind(rawValue: path[path.index(after: dot)...].lowercased())
    }

    /// The bytes of one formula file: hand-written SVG, or PDF/PNG drawn by Cairo (`scale` px per pt).
    public static func fileBytes(_ formula: Formula, format: SurfaceKind, idPrefix: String = "f", scale: Double = 2)
        throws -> [UInt8]
    {
        switch format {
        case .svg: return Array(formula.svg(idPrefix: idPrefix).utf8)
        case .pdf, .png: return try formula.render(as: format, scale: scale)
        }
    }

    /// `lectern tex 'LATEX' -o FILE`: typesets one formula into FILE (format from its extension).
    public static func write(_ tex: String, display: Bool, fontSize: Double = 10, to path: String) throws {
        guard let format = format(ofPath: path) else {
            throw TableError(description: "\(path): the output must end in .svg, .pdf or .png")
        }
        let formula = try Formula.typeset(tex, display: display, fontSize: fontSize)
        try Data(try fileBytes(formula, format: format)).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// A formula that did not typeset: its id, line and the error (message, column, span).
    public struct Failure: Sendable, CustomStringConvertible {
        public var id: String
        public var line: Int
        public var error: TeXError
        public var description: String { "\(id) (line \(line)): \(error.message) at column \(error.column)" }
    }

    public struct Report: Sendable {
        /// Paths of the files written.
        public var written: [String]
        public var failures: [Failure]
    }

    /// Writes `<id>.<format>` into `outputDirectory` for every row of the table at `tsvPath`.
    public static func run(
        tsvPath: String, outputDirectory: String, format: SurfaceKind, fontSize: Double = 10, scale: Double = 2
    ) throws -> Report {
        let rows = try TSV.read(path: tsvPath)
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        var report = Report(written: [], failures: [])
        for row in rows {
            do {
                let formula = try Formula.typeset(row.tex, display: row.display, fontSize: fontSize)
                let bytes = try fileBytes(formula, format: format, idPrefix: "tex-" + row.id, scale: scale)
                let path = outputDirectory + "/" + row.id + "." + format.rawValue
                try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
                report.written.append(path)
            } catch let error as TeXError {
                report.failures.append(Failure(id: row.id, line: row.line, error: error))
            }
        }
        return report
    }
}
