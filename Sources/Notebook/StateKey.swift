import Foundation

/// A typed name for a value one cell writes and later cells read: `ctx[.history] = losses`.
///
/// Declare a key in one line, next to the notebook; it is named after its declaration:
/// ```swift
/// let history = StateKey<TrainingHistory>()      // named "history"
/// ```
/// Values that are `Codable` can be cached between builds; others make their cell re-run each time.
public struct StateKey<Value: Sendable>: Sendable, Hashable {
    public let name: String
    public init(_ name: String) { self.name = name }

    /// A key named after the constant it is declared as (`let codes = StateKey<Tensor>()` is "codes"),
    /// read from the source line; "file:line" when the source cannot be read.
    public init(file: String = #filePath, line: Int = #line) {
        name = Self.declaredName(file: file, line: line) ?? "\(URL(fileURLWithPath: file).lastPathComponent):\(line)"
    }

    private static func declaredName(file: String, line: Int) -> String? {
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return nil }
        let words = lines[line - 1].split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") })
        guard let keyword = words.firstIndex(where: { $0 == "let" || $0 == "var" }), keyword + 1 < words.count
        else { return nil }
        return String(words[keyword + 1])
    }
}

/// What a cell needs that no earlier cell provided.
public struct MissingStateError: Error, CustomStringConvertible, Sendable {
    public let key: String
    public let expectedType: String
    /// The Run cell that returns the value, when it was read through the cell's handle.
    let producer: String?

    init(key: String, expectedType: String, producer: String? = nil) {
        self.key = key
        self.expectedType = expectedType
        self.producer = producer
    }

    public var description: String {
        if let producer {
            return "\(producer) has not run before this cell: place it above, in the notebook's cells"
        }
        return "no earlier cell stored '\(key)' as \(expectedType); a Run cell must set ctx[\(key)] first"
    }
}

/// The values cells have stored, by name: live values, or encoded ones restored from the cache and
/// decoded when a cell asks for them with a typed key.
struct NotebookState: Sendable {
    enum Slot: Sendable {
        case value(any Sendable)
        case encoded(EncodedValue)
    }

    private var slots: [String: Slot] = [:]
    /// For each name, the cache key of the cell that last stored it.
    private(set) var producers: [String: String] = [:]

    subscript<V>(key: StateKey<V>) -> V? {
        get { try? value(key) }
        set { slots[key.name] = newValue.map { .value($0) } }
    }

    func require<V>(_ key: StateKey<V>) throws -> V {
        guard let value = try value(key) else {
            throw MissingStateError(key: key.name, expectedType: String(describing: V.self))
        }
        return value
    }

    /// The result of a Run cell, read through its handle.
    func require<V>(_ key: StateKey<V>, producer: Run<V>) throws -> V {
        guard let value = try value(key) else {
            throw MissingStateError(
                key: key.name, expectedType: String(describing: V.self),
                producer: "Run \"\(producer.title)\" (\(producer.cell.location))")
        }
        return value
    }

    private func value<V>(_ key: StateKey<V>) throws -> V? {
        switch slots[key.name] {
        case .none: return nil
        case .value(let value): return value as? V
        case .encoded(let encoded): return try encoded.decoded(as: V.self)
        }
    }

    /// The value stored under `name`, encoded for the cache; nil when it cannot be encoded.
    func encoded(_ name: String) -> Data? {
        switch slots[name] {
        case .none: return nil
        case .encoded(let encoded): return encoded.data
        case .value(let value):
            guard let encodable = value as? any Encodable else { return nil }
            return try? BlobCoding.encode(encodable)
        }
    }

    /// The type of the value stored under `name`, for messages.
    func typeName(_ name: String) -> String {
        if case .value(let value) = slots[name] { return String(describing: type(of: value)) }
        return "?"
    }

    mutating func restore(_ name: String, encoded data: Data) { slots[name] = .encoded(EncodedValue(data)) }
    /// Takes in the values a cell stored under `names`, from the state it ended with.
    mutating func take(_ names: [String], from other: NotebookState) {
        for name in names { slots[name] = other.slots[name] }
    }
    mutating func setProducer(_ name: String, key: String) { producers[name] = key }
}

/// A value restored from the cache, decoded when a cell first reads it. Every copy of the state shares
/// it, so a value of a value type is decoded once however many cells read it (a warm build's prose
/// and claims read the same results again and again); an instance of a class is decoded for each
/// reader, which may change it.
final class EncodedValue: @unchecked Sendable {
    let data: Data
    private let lock = NSLock()
    private var decoded: [ObjectIdentifier: any Sendable] = [:]

    init(_ data: Data) { self.data = data }

    func decoded<V: Sendable>(as: V.Type) throws -> V? {
        guard let type = V.self as? any Decodable.Type else { return nil }
        let isClass = V.self is AnyClass
        if !isClass, let known = lock.withLock({ decoded[ObjectIdentifier(V.self)] }) { return known as? V }
        guard let value = try BlobCoding.decode(type, from: data) as? V else { return nil }
        if !isClass { lock.withLock { decoded[ObjectIdentifier(V.self)] = value } }
        return value
    }
}
