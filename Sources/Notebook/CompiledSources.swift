import Foundation

/// The notebook files a `lectern` binary was compiled from, by absolute path, as `lectern watch`
/// remembers them after a compile. With them, `lectern build` can show an edit of a cell's prose,
/// formula or caption without compiling again: the binary already holds every cell's code, and the
/// texts and places that changed are read from the files (`Notebook.applyingProseEdits`).
public struct CompiledSources: Codable, Equatable, Sendable {
    /// File contents by absolute path, symbolic links resolved.
    public var files: [String: String]

    public init(files: [String: String]) { self.files = files }

    /// Every Swift file under `directory`, with subdirectories, as it is now.
    public static func read(directory: String) -> CompiledSources {
        let root = resolved(directory)
        var files: [String: String] = [:]
        let relatives = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String]) ?? []
        for relative in relatives where relative.hasSuffix(".swift") {
            let path = root + "/" + relative
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            files[path] = String(decoding: data, as: UTF8.self)
        }
        return CompiledSources(files: files)
    }

    /// What the files `current` holds differ in from these, as far as a compile is concerned.
    public enum Difference: Sendable, Equatable {
        case none
        /// Only the text of cells (and comments or layout) changed: how many texts, in which files.
        case proseOnly(texts: Int, files: [String])
        /// A compile is needed, and why.
        case code(String)
    }

    public func difference(to current: CompiledSources) -> Difference {
        switch edits(to: current) {
        case .failure(let needed): return .code(needed.description)
        case .success(let edits):
            if edits.isEmpty { return .none }
            let names = edits.keys.sorted().map { ($0 as NSString).lastPathComponent }
            return .proseOnly(texts: edits.values.map(\.changes.count).reduce(0, +), files: names)
        }
    }

    /// The prose edit of each file that changed, or why a compile is needed.
    func edits(to current: CompiledSources) -> Result<[String: ProseEdit], CompileNeeded> {
        let added = Set(current.files.keys).subtracting(files.keys).sorted()
        let removed = Set(files.keys).subtracting(current.files.keys).sorted()
        if let path = added.first ?? removed.first {
            let what = added.isEmpty ? "removed" : "added"
            return .failure(CompileNeeded("\((path as NSString).lastPathComponent) was \(what)"))
        }
        var edits: [String: ProseEdit] = [:]
        for (path, text) in current.files.sorted(by: { $0.key < $1.key }) {
            switch ProseEdit.compare(
                compiled: files[path] ?? "", current: text, name: (path as NSString).lastPathComponent)
            {
            case .unchanged: continue
            case .code(let why): return .failure(CompileNeeded(why))
            case .proseOnly(let edit): edits[path] = edit
            }
        }
        return .success(edits)
    }

    /// In a build for `lectern watch`'s prose path, the texts the binary was compiled from. The
    /// notebooks are created before the command line is read, at the lines the binary was compiled
    /// with, while the files may have gained lines since: a Run or Plot cell's id (and with it the
    /// name of its result) is the hash of its code read at those lines of the compiled text, as the
    /// compile's own build would read it. Set once, before the notebooks are created.
    static var forCellIDs: CompiledSources? {
        get { cellIDSources.withLock { $0 } }
        set { cellIDSources.withLock { $0 = newValue } }
    }
    private static let cellIDSources = LockedValue<CompiledSources?>(nil)

    /// Makes the cells created from here on take their ids from the compiled texts in `path` (a
    /// file `lectern build --compiled-sources` reads); an unreadable file changes nothing, and the
    /// build reports it.
    public static func nameCells(fromCompiledSourcesAt path: String) {
        guard let data = FileManager.default.contents(atPath: path) else { return }
        forCellIDs = try? JSONDecoder().decode(CompiledSources.self, from: data)
    }

    /// The compiled text of `path` when cells are named from compiled texts.
    static func compiledFile(forCellIDsAt path: String) -> SourceFile? {
        guard let text = forCellIDs?.files[resolved(path)] else { return nil }
        return SourceFile(path: path, text: text)
    }

    static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}

/// Why the notebook files as they are now cannot be shown without compiling `lectern` again.
public struct CompileNeeded: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension Notebook {
    /// The notebook as a compile of its files as they are now would make it, for a binary compiled
    /// from `compiled`: each cell whose text literal changed gets the new text, and every cell of an
    /// edited file gets the line (and id) it now has.
    ///
    /// Throws `CompileNeeded` unless the files of the notebook's directory differ from `compiled` only
    /// in plain text literals of its cells, comments and layout, and unless every cell whose text
    /// changed is found, of the right kind, holding exactly the compiled text: anything else —
    /// code, an interpolation, a cell this binary does not hold — needs the compile.
    public func applyingProseEdits(compiledFrom compiled: CompiledSources) throws -> Notebook {
        let directory = CompiledSources.resolved(NotebookSources.directory(of: location.file))
        let current = CompiledSources.read(directory: directory)
        let compiledHere = CompiledSources(files: compiled.files.filter { $0.key.hasPrefix(directory + "/") })
        let edits = try compiledHere.edits(to: current).get()
        var relocation = CellRelocation(edits: edits, files: current.files)
        let cells = try cells.map { try relocation.relocated($0) }
        if let unmatched = relocation.unmatchedChange {
            throw CompileNeeded("the text edited at \(unmatched) is not the text of a cell of '\(id)'")
        }
        let notebookFile = CompiledSources.resolved(location.file)
        var location = location
        if let edit = edits[notebookFile] {
            guard let moved = edit.relocated(line: location.line, column: nil) else {
                throw CompileNeeded("cannot tell where notebook '\(id)' starts in \(location.file) now")
            }
            location = SourceLocation(file: location.file, line: moved.line)
        }
        return Notebook(self, location: location, cells: cells)
    }
}

/// Moves a notebook's cells to where an edit put them and gives them their new texts.
private struct CellRelocation {
    let edits: [String: ProseEdit]
    let files: [String: String]
    /// Changes by file and index, and whether some cell took each.
    private var taken: Set<String> = []

    init(edits: [String: ProseEdit], files: [String: String]) {
        self.edits = edits
        self.files = files
    }

    var unmatchedChange: String? {
        for (path, edit) in edits.sorted(by: { $0.key < $1.key }) {
            for (index, change) in edit.changes.enumerated() where !taken.contains("\(path)#\(index)") {
                return "\((path as NSString).lastPathComponent):\(change.line)"
            }
        }
        return nil
    }

    mutating func relocated(_ cell: Cell) throws -> Cell {
        let path = CompiledSources.resolved(cell.location.file)
        let name = "\((path as NSString).lastPathComponent):\(cell.location.line)"
        guard files[path] != nil else {
            throw CompileNeeded("\(cell.summary) at \(cell.location) is not in the notebook directory")
        }
        guard let edit = edits[path] else { return Cell(cell, id: cell.baseID ?? cell.id) }
        // Run and Plot cells know their column; the others are found by their line.
        let hasColumn: Bool
        switch cell.kind {
        case .run, .plot: hasColumn = true
        default: hasColumn = false
        }
        guard let moved = edit.relocated(line: cell.location.line, column: hasColumn ? cell.column : nil) else {
            throw CompileNeeded("cannot tell where \(cell.summary) at \(name) is now")
        }
        var kind = cell.kind
        for (index, change) in edit.changes.enumerated() where change.line == cell.location.line {
            if hasColumn, change.column != cell.column { continue }
            guard let replaced = Self.replacing(change, in: kind) else {
                throw CompileNeeded("the text edited at \(name) is not the text of \(cell.summary) there")
            }
            kind = replaced
            taken.insert("\(path)#\(index)")
        }
        let location = SourceLocation(file: cell.location.file, line: moved.line)
        let column = hasColumn ? moved.column : cell.column
        var id = cell.baseID ?? cell.id
        if location.line != cell.location.line || column != cell.column {
            guard let naming = cell.naming else {
                throw CompileNeeded("\(cell.summary) at \(name) moved and cannot be renamed without a compile")
            }
            id = naming.id(movedTo: location) ?? id
        }
        return Cell(
            kind: kind, options: cell.options, id: id, location: location, column: column, naming: cell.naming,
            instructorOnly: cell.instructorOnly)
    }

    /// The cell's kind with the changed text, or nil when the change is not of this cell's text or the
    /// cell does not hold the compiled text (this binary was not compiled from that file).
    private static func replacing(_ change: ProseEdit.TextChange, in kind: Cell.Kind) -> Cell.Kind? {
        switch (kind, change.role) {
        case (.markdown(let text), .markdown) where text == change.old:
            return .markdown(change.new)
        case (.math(let tex, let label), .math) where tex == change.old:
            return .math(tex: change.new, label: label)
        case (.callout(let callout, let title, let text), .calloutTitle) where title == change.old:
            return .callout(callout, title: change.new, markdown: text)
        case (.callout(let callout, let title, let text), .calloutText) where text == change.old:
            return .callout(callout, title: title, markdown: change.new)
        case (.plot(let caption, let label, let body), .plotCaption) where caption == change.old:
            return .plot(caption: change.new, label: label, body: body)
        default:
            return nil
        }
    }
}

extension Cell {
    /// The same cell under another id, before `Notebook` tells apart cells of the same code.
    fileprivate init(_ cell: Cell, id: String) {
        self.init(
            kind: cell.kind, options: cell.options, id: id, location: cell.location, column: cell.column,
            naming: cell.naming, instructorOnly: cell.instructorOnly)
    }
}

/// A value read and written under a lock.
final class LockedValue<Value: Sendable>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
