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

/// A row of a formula table that cannot be typeset as it is: what is wrong with it, and where.
public struct RowProblem: Sendable, Equatable, CustomStringConvertible {
    public var id: String
    /// 1-based line of the row in its file.
    public var line: Int
    public var message: String
    public var description: String { "\(id) (line \(line)): \(message)" }
}

/// Reads tab-separated formula tables with a header naming `id`, `mode` and `tex` (other columns ignored).
public enum TSV {
    public static func read(path: String) throws -> [FormulaRow] {
        try parse(try text(path: path), name: path)
    }

    /// Every row, failing at the first that cannot be read.
    public static func parse(_ text: String, name: String = "table") throws -> [FormulaRow] {
        let (rows, problems) = try parseRows(text, name: name)
        if let first = problems.first { throw TableError(description: "\(name):\(first.line): \(first.message)") }
        return rows
    }

    /// The rows that can be read and the problems of those that cannot, so one bad row stops no other.
    /// Only a missing file or header is an error of the whole table.
    public static func parseRows(_ text: String, name: String = "table") throws -> (
        rows: [FormulaRow], problems: [RowProblem]
    ) {
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
        var problems: [RowProblem] = []
        for (i, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let id = fields.count > idColumn ? fields[idColumn] : fields[0]
            guard fields.count > max(idColumn, modeColumn, texColumn) else {
                problems.append(
                    RowProblem(id: id, line: i + 1, message: "expected \(header.count) tab-separated columns"))
                continue
            }
            let mode = fields[modeColumn]
            guard mode == "inline" || mode == "display" else {
                problems.append(
                    RowProblem(id: id, line: i + 1, message: "mode must be inline or display, not '\(mode)'"))
                continue
            }
            rows.append(FormulaRow(id: id, display: mode == "display", tex: fields[texColumn], line: i + 1))
        }
        return (rows, problems)
    }

    static func text(path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TableError(description: "cannot read \(path)")
        }
        return String(decoding: data, as: UTF8.self)
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

    public struct Report: Sendable {
        /// Paths of the files written.
        public var written: [String]
        /// Every row that gave no file, in the order of the table: a formula with its error and
        /// column, an id that cannot name a file, a row that cannot be read, a file that cannot be written.
        public var failures: [RowProblem]
    }

    /// Writes `<id>.<format>` into `outputDirectory` for every row of the table at `tsvPath`. A bad row
    /// is reported and the others are still written; only an unreadable table or directory throws.
    public static func run(
        tsvPath: String, outputDirectory: String, format: SurfaceKind, fontSize: Double = 10, scale: Double = 2
    ) throws -> Report {
        let (rows, problems) = try TSV.parseRows(try TSV.text(path: tsvPath), name: tsvPath)
        do {
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        } catch {
            throw TableError(description: "cannot create the directory \(outputDirectory)")
        }
        var report = Report(written: [], failures: problems)
        var lineOfID: [String: Int] = [:]
        for row in rows {
            func fail(_ message: String) {
                report.failures.append(RowProblem(id: row.id, line: row.line, message: message))
            }
            if let problem = fileNameProblem(row.id) {
                fail(problem)
                continue
            }
            if let first = lineOfID[row.id] {
                fail("the id '\(row.id)' is already used on line \(first)")
                continue
            }
            lineOfID[row.id] = row.line
            let path = outputDirectory + "/" + row.id + "." + format.rawValue
            do {
                let formula = try Formula.typeset(row.tex, display: row.display, fontSize: fontSize)
                let bytes = try fileBytes(formula, format: format, idPrefix: "tex-" + row.id, scale: scale)
                try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
                report.written.append(path)
            } catch let error as TeXError {
                fail(error.description)
            } catch {
                fail("cannot write \(path): \((error as NSError).localizedDescription)")
            }
        }
        report.failures.sort { $0.line < $1.line }
        return report
    }

    /// `lectern tex --batch FILE --metrics`: width, height and depth of every row's formula, as a
    /// table with the columns id, width, height, depth (points, three decimals), for comparing
    /// against another typesetter (docs/texmath/measure-luatex.py). Rows that fail are reported
    /// in `failures`, in the order of the table.
    public static func metrics(tsvPath: String, fontSize: Double = 10) throws -> (table: String, failures: [RowProblem])
    {
        let (rows, problems) = try TSV.parseRows(try TSV.text(path: tsvPath), name: tsvPath)
        var table = "id\twidth\theight\tdepth\n"
        var failures = problems
        for row in rows {
            do {
                let m = try Formula.typeset(row.tex, display: row.display, fontSize: fontSize).metrics
                let numbers = [m.width, m.height, m.depth].map(FormulaMetrics.format)
                table += ([row.id] + numbers).joined(separator: "\t") + "\n"
            } catch let error as TeXError {
                failures.append(RowProblem(id: row.id, line: row.line, message: error.description))
            }
        }
        return (table, failures.sorted { $0.line < $1.line })
    }

    /// Why `id` cannot name a file in the output directory, or nil when it can: it must not be empty,
    /// leave the directory, hide the file or hold characters a file name should not.
    static func fileNameProblem(_ id: String) -> String? {
        if id.isEmpty { return "the id is empty" }
        if id.contains("/") || id.contains("\\") { return "the id '\(id)' holds a path separator" }
        if id.hasPrefix(".") { return "the id '\(id)' starts with '.'" }
        if id.unicodeScalars.contains(where: { $0.value < 32 || $0.value == 127 }) {
            return "the id \(id.debugDescription) holds a control character"
        }
        if id.utf8.count > 200 { return "the id is longer than 200 bytes" }
        return nil
    }
}
