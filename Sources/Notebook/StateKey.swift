import Foundation

/// A typed name for a value one cell writes and later cells read: `ctx[.history] = losses`.
///
/// Declare keys once, next to the notebook:
/// ```swift
/// extension StateKey where Value == [Double] { static let history = StateKey("history") }
/// ```
/// Values that are `Codable` can be cached between builds; others make their cell re-run each time.
public struct StateKey<Value: Sendable>: Sendable, Hashable {
    public let name: String
    public init(_ name: String) { self.name = name }
}

/// What a cell needs that no earlier cell provided.
public struct MissingStateError: Error, CustomStringConvertible, Sendable {
    public let key: String
    public let expectedType: String
    public var description: String {
        "no earlier cell stored '\(key)' as \(expectedType); a Run cell must set ctx[.\(key)] first"
    }
}

/// The values cells have stored, by name: live values, or encoded ones restored from the cache and
/// decoded when a cell asks for them with a typed key.
struct NotebookState: Sendable {
    enum Slot: Sendable {
        case value(any Sendable)
        case encoded(Data)
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

    private func value<V>(_ key: StateKey<V>) throws -> V? {
        switch slots[key.name] {
        case .none: return nil
        case .value(let value): return value as? V
        case .encoded(let data):
            guard let type = V.self as? any Decodable.Type else { return nil }
            return try BlobCoding.decode(type, from: data) as? V
        }
    }

    /// The value stored under `name`, encoded for the cache; nil when it cannot be encoded.
    func encoded(_ name: String) -> Data? {
        switch slots[name] {
        case .none: return nil
        case .encoded(let data): return data
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

    mutating func restore(_ name: String, encoded data: Data) { slots[name] = .encoded(data) }
    mutating func setProducer(_ name: String, key: String) { producers[name] = key }
}
