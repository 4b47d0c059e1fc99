import Foundation

/// The formulas this process has already laid out, so that a build lays out each formula once:
/// the engine's check of a notebook's formulas, the HTML page (10pt) and the PDF handout (11pt, two
/// passes with a table of contents) all get the same layout.
///
/// A formula is laid out at `referenceSize` and scaled to the size asked for: every length of the
/// layout is a multiple of the font size (the MATH constants, TeX's own values and `\kern3pt` are
/// all in em), so scaling gives the layout at that size. Errors are remembered too, with the column
/// they name. The memo is safe to use from cells typeset concurrently; it holds at most `capacity`
/// formulas, dropping the least recently used half when full.
public final class FormulaMemo: @unchecked Sendable {
    /// The memo `Formula.typeset` uses.
    public static let shared = FormulaMemo(capacity: 8192)
    /// The size every formula is laid out at before scaling: the HTML page's and the check's.
    public static let referenceSize = 10.0

    public let capacity: Int

    private struct Key: Hashable {
        let tex: String
        let display: Bool
    }
    private struct Entry {
        let result: Result<Formula, TeXError>
        var layouts: Int
    }
    // Two generations: a hit in `older` moves to `recent`; when `recent` holds half the capacity it
    // becomes `older` and the previous `older` is dropped. Each lookup and insertion is O(1).
    private var recent: [Key: Entry] = [:]
    private var older: [Key: Entry] = [:]
    private var totalLayouts = 0
    private let lock = NSLock()

    public init(capacity: Int) {
        self.capacity = max(capacity, 2)
    }

    /// The formula laid out at `referenceSize`, from the memo when it is there.
    public func formula(_ tex: String, display: Bool) throws -> Formula {
        let key = Key(tex: tex, display: display)
        if let entry = lock.withLock({ lookUp(key) }) { return try entry.result.get() }
        // Laid out outside the lock, so cells typeset concurrently do not wait on each other.
        let result: Result<Formula, TeXError>
        do {
            result = .success(try Formula.layOut(tex, display: display, fontSize: Self.referenceSize))
        } catch let error as TeXError {
            result = .failure(error)
        }
        lock.withLock {
            totalLayouts += 1
            var entry = lookUp(key) ?? Entry(result: result, layouts: 0)
            entry.layouts += 1
            insert(entry, for: key)
        }
        return try result.get()
    }

    /// How many formulas this memo has laid out (its misses), since it was made.
    public var layoutCount: Int { lock.withLock { totalLayouts } }

    /// How many times this formula was laid out since it entered the memo: 1 once it is there.
    public func layoutCount(of tex: String, display: Bool) -> Int {
        lock.withLock { lookUp(Key(tex: tex, display: display))?.layouts ?? 0 }
    }

    /// Forgets every formula (the layout count stays).
    public func removeAll() {
        lock.withLock {
            recent = [:]
            older = [:]
        }
    }

    private func lookUp(_ key: Key) -> Entry? {
        if let entry = recent[key] { return entry }
        guard let entry = older.removeValue(forKey: key) else { return nil }
        insert(entry, for: key)
        return entry
    }

    private func insert(_ entry: Entry, for key: Key) {
        if recent[key] == nil, recent.count >= capacity / 2 {
            older = recent
            recent = [:]
        }
        recent[key] = entry
    }
}
