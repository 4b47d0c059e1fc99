/// Which Run cells of a notebook may train at the same time: a cell depends on an earlier one when its
/// code could see what the earlier one leaves behind.
///
/// Cells pass results to later cells in three ways, and each is read from the code the cell reaches
/// (its own and the file-scope declarations it uses, as for its cache key):
/// - the earlier cell's handle: `ctx[trained]` reaches `let trained = Run(…)`;
/// - a `StateKey`: two cells whose code both mention `StateKey` (a key's declaration, or one made in
///   place) may write and read the same key;
/// - a mutable file-scope value (`var`, `nonisolated(unsafe)`) that both reach.
/// A cell that could write files (its code says `write`, `save`, `FileManager`, …) depends on every
/// earlier cell and every later cell depends on it, and so does a cell whose code cannot be read.
/// The reading errs on one side only: in doubt, cells run one after the other, as written.
struct RunCellDependencies: Sendable {
    /// For each Run cell by index in the notebook's cells: what its code reaches, or nil when unknown.
    private let reaches: [Int: CellReach?]

    /// Words that mark code that may write a file another cell reads.
    static let fileWriting: Set<String> = [
        "write", "writeData", "save", "createFile", "createDirectory", "FileManager", "FileHandle", "removeItem",
        "moveItem", "copyItem", "fopen", "fwrite", "open", "rename", "unlink", "system", "Process",
    ]

    init(reaches: [Int: CellReach?]) {
        self.reaches = reaches
    }

    /// Whether the Run cell at `later` may read what the Run cell at `earlier` leaves behind.
    func depends(_ later: Int, on earlier: Int) -> Bool {
        guard let first = reaches[earlier] ?? nil, let second = reaches[later] ?? nil else { return true }
        return Self.depends(second, on: first)
    }

    static func depends(_ later: CellReach, on earlier: CellReach) -> Bool {
        guard later.directory == earlier.directory else { return true }
        if let handle = earlier.home, later.declarations.contains(handle) { return true }
        if later.words.contains("StateKey"), earlier.words.contains("StateKey") { return true }
        if !later.mutableDeclarations.isDisjoint(with: earlier.mutableDeclarations) { return true }
        return !later.words.isDisjoint(with: fileWriting) || !earlier.words.isDisjoint(with: fileWriting)
    }
}
