import Foundation

/// The code outside a cell that the cell can see, digested per file: part of the cell's cache key,
/// and named by `--explain` when it changes ("file-scope code of VAE.swift changed").
struct SourceDigest: Codable, Equatable, Sendable {
    /// Relative to the notebook directory.
    let file: String
    let sha256: String
}

/// Every Swift file of the directory a notebook is written in (`notebooks/`, with subdirectories),
/// read once per build and cut into top-level declarations.
///
/// A cell reaches a declaration when its code — or a declaration it reaches — uses one of the names
/// that declaration introduces; `private` names only from their own file. Declarations that act
/// without being named (imports, statements, operators, conformances) and the code between the cells
/// of the cell's own notebook are reached by every cell.
struct NotebookSources: Sendable {
    let directory: String
    private let files: [String: SourceFile]
    private let declarations: [TopLevelDeclaration]
    private let byName: [String: [Int]]
    private var everyCell = Closure()

    init(directory: String) {
        self.directory = directory
        var files: [String: SourceFile] = [:]
        var declarations: [TopLevelDeclaration] = []
        let enumerator = FileManager.default.enumerator(atPath: directory)
        let relatives = ((enumerator?.allObjects as? [String]) ?? []).filter { $0.hasSuffix(".swift") }.sorted()
        for relative in relatives {
            guard let file = SourceFile(path: directory + "/" + relative) else { continue }
            files[file.path] = file
            declarations += TopLevelDeclarations.parse(file.tokens, file: relative)
        }
        var byName: [String: [Int]] = [:]
        for (index, declaration) in declarations.enumerated() {
            for name in declaration.names { byName[name, default: []].append(index) }
        }
        self.files = files
        self.declarations = declarations
        self.byName = byName
        everyCell = Self.everyCellClosure(self)
    }

    /// The directory whose files a cell written in `file` can see.
    static func directory(of file: String) -> String { (file as NSString).deletingLastPathComponent }

    func file(_ path: String) -> SourceFile? { files[path] }

    /// What the cell created at `line` and `column` of `path` can reach: the declaration it is written
    /// in, every declaration its code reaches, and every word of both; nil when its code cannot be read.
    /// `unnamed`: with the declarations every cell reaches without naming them (imports, statements,
    /// conformances) and what they reach — for a cache key; without, what the cell's code calls.
    func reach(fromCellAt path: String, line: Int, column: Int, unnamed: Bool = true) -> CellReach? {
        guard
            let (reached, home, bodyWords) = declarations(reachedFromCellAt: path, line: line, column: column, unnamed)
        else { return nil }
        let words = reached.reduce(into: bodyWords) { $0.formUnion(declarations[$1].words) }
        let mutable = Set(reached.filter { declarations[$0].isMutable })
        return CellReach(
            directory: directory, declarations: reached, home: home, words: words, mutableDeclarations: mutable)
    }

    /// The declarations of `reach`, the one it is written in, and the words of the cell's own code.
    private func declarations(
        reachedFromCellAt path: String, line: Int, column: Int, _ unnamed: Bool
    ) -> (reached: Set<Int>, home: Int?, bodyWords: Set<String>)? {
        guard let file = files[path], let body = file.closureBody(after: line, column) else { return nil }
        let cellFile = String(path.dropFirst(directory.count + 1))
        let base = unnamed ? everyCell : Closure()
        var added = Closure()
        let home = declarations.firstIndex(where: { $0.file == cellFile && $0.lines.contains(line) })
        let bodyWords = TopLevelDeclarations.words(in: file.tokens[body])
        var pending = bodyWords.map { (word: $0, from: cellFile) }
        if let home, !base.reached.contains(home) {
            added.reached.insert(home)
            pending += declarations[home].words.map { (word: $0, from: declarations[home].file) }
        }
        close(&added, beyond: base, pending: pending)
        return (base.reached.union(added.reached), home, bodyWords)
    }

    /// Declarations reached, and the words (with the file that uses them) already followed.
    private struct Closure: Sendable {
        var reached: Set<Int> = []
        var followed: Set<String> = []
    }

    /// What every cell reaches without naming it, followed once per build rather than once per cell.
    private static func everyCellClosure(_ sources: NotebookSources) -> Closure {
        var closure = Closure()
        closure.reached = Set(sources.declarations.indices.filter { sources.declarations[$0].reachedByEveryCell })
        let pending = closure.reached.flatMap { index in
            sources.declarations[index].words.map { (word: $0, from: sources.declarations[index].file) }
        }
        sources.close(&closure, pending: pending)
        return closure
    }

    /// Adds to `closure` every declaration the `pending` words name, and what those name in turn, except
    /// what `base` already holds (left as it is: copying the shared closure for each cell costs more).
    private func close(
        _ closure: inout Closure, beyond base: Closure = Closure(), pending: [(word: String, from: String)]
    ) {
        var pending = pending
        while let (word, from) = pending.popLast() {
            let followed = from + "\u{0}" + word
            guard !base.followed.contains(followed), closure.followed.insert(followed).inserted else { continue }
            for index in byName[word] ?? [] where !base.reached.contains(index) && !closure.reached.contains(index) {
                let declaration = declarations[index]
                guard !declaration.isFilePrivate || declaration.file == from else { continue }
                closure.reached.insert(index)
                pending += declaration.words.map { (word: $0, from: declaration.file) }
            }
        }
    }

    /// Digests, per file, of the declarations the cell created at `line` and `column` of `path` can
    /// reach; nil when its code cannot be read.
    func reachableCode(fromCellAt path: String, line: Int, column: Int) -> [SourceDigest]? {
        guard let reached = declarations(reachedFromCellAt: path, line: line, column: column, true)?.reached
        else { return nil }
        let byFile = Dictionary(grouping: reached.sorted(), by: { declarations[$0].file })
        return byFile.sorted { $0.key < $1.key }.map { file, indices in
            SourceDigest(file: file, sha256: Hashing.sha256(indices.map { declarations[$0].content }))
        }
    }
}

/// What one cell's code can reach in its notebook's files, by index into their declarations.
struct CellReach: Sendable {
    /// The notebook directory the indices belong to.
    let directory: String
    let declarations: Set<Int>
    /// The declaration the cell is written in: `let trained = Run(…)`, or the notebook around it.
    let home: Int?
    /// Every word of the cell's code and of the declarations it reaches.
    let words: Set<String>
    /// The reached declarations whose value can change while cells run (`var`, `nonisolated(unsafe)`).
    let mutableDeclarations: Set<Int>
}
