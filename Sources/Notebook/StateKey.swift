/// A typed name for a value one cell writes and later cells read: `ctx[.history] = losses`.
///
/// Declare keys once, next to the notebook:
/// ```swift
/// extension StateKey where Value == [Double] { static let history = StateKey("history") }
/// ```
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

/// The values cells have stored, by name.
struct NotebookState: Sendable {
    private var values: [String: any Sendable] = [:]

    subscript<V>(key: StateKey<V>) -> V? {
        get { values[key.name] as? V }
        set { values[key.name] = newValue }
    }

    func require<V>(_ key: StateKey<V>) throws -> V {
        guard let value = values[key.name] as? V else {
            throw MissingStateError(key: key.name, expectedType: String(describing: V.self))
        }
        return value
    }
}
