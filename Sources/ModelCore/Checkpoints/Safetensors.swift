import Foundation

/// Named tensors in the safetensors format, which PyTorch users open with the `safetensors` package.
///
/// Layout: an 8-byte little-endian header length N, N bytes of JSON
/// (`{"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, "__metadata__": {...}}`),
/// then the raw little-endian data. Dense weights are stored [out, in] as `torch.nn.Linear` keeps them.
public enum Safetensors {
    /// Writes tensors (and string metadata) to `path`, atomically.
    public static func save(
        _ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:], to path: String
    ) throws {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        var seen = Set<String>()
        for (name, tensor) in tensors {
            guard name != "__metadata__", seen.insert(name).inserted else {
                throw DataError(path: path, reason: "checkpoint tensor name \"\(name)\" is reserved or repeated")
            }
            let bytes = tensor.count * MemoryLayout<Float>.size
            header[name] =
                ["dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, offset + bytes]] as [String: Any]
            offset += bytes
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        // Pad with spaces so the data starts 8-byte aligned, as the reference implementation does.
        while json.count % 8 != 0 { json.append(0x20) }
        var file = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(json)
        for (_, tensor) in tensors {
            tensor.scalars.withUnsafeBytes { file.append(contentsOf: $0) }  // Float32 little-endian on every host
        }
        do {
            try file.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw DataError(path: path, reason: "cannot write the checkpoint (\(error.localizedDescription))")
        }
    }

    /// Reads every tensor of a safetensors file, in file order, with its metadata.
    public static func load(path: String) throws -> (
        tensors: [(name: String, tensor: Tensor)], metadata: [String: String]
    ) {
        guard let file = FileManager.default.contents(atPath: path) else {
            throw DataError(path: path, reason: "cannot read the checkpoint (does it exist?)")
        }
        func corrupt(_ reason: String) -> DataError { DataError(path: path, reason: "corrupt checkpoint: \(reason)") }
        guard file.count >= 8 else { throw corrupt("\(file.count) bytes is too short for a safetensors header") }
        let headerLength = file.prefix(8).enumerated().reduce(UInt64(0)) {
            $0 | UInt64($1.element) << (8 * UInt64($1.offset))
        }
        guard headerLength <= UInt64(file.count - 8) else {
            throw corrupt(
                "truncated: the header announces \(headerLength) bytes, the file has \(file.count - 8) after the length"
            )
        }
        let dataStart = 8 + Int(headerLength)
        let json = file.subdata(in: 8..<dataStart)
        guard let object = try? JSONSerialization.jsonObject(with: json), let header = object as? [String: Any] else {
            throw corrupt("the header is not a JSON object")
        }
        var metadata: [String: String] = [:]
        var entries: [(name: String, shape: [Int], begin: Int, end: Int)] = []
        for (name, value) in header {
            if name == "__metadata__" {
                metadata = (value as? [String: String]) ?? [:]
                continue
            }
            guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
                let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int], offsets.count == 2
            else { throw corrupt("tensor \"\(name)\" lacks dtype, shape or data_offsets") }
            guard dtype == "F32" else { throw corrupt("tensor \"\(name)\" has dtype \(dtype); only F32 is supported") }
            guard shape.allSatisfy({ $0 >= 0 }), offsets[0] >= 0, offsets[1] >= offsets[0],
                offsets[1] - offsets[0] == shape.reduce(1, *) * 4
            else { throw corrupt("tensor \"\(name)\" of shape \(shape) has data offsets \(offsets)") }
            guard dataStart + offsets[1] <= file.count else {
                throw corrupt(
                    "truncated: tensor \"\(name)\" ends at byte \(dataStart + offsets[1]), the file has \(file.count)")
            }
            entries.append((name, shape, offsets[0], offsets[1]))
        }
        entries.sort { $0.begin < $1.begin }
        let tensors = try entries.map { entry -> (name: String, tensor: Tensor) in
            let count = (entry.end - entry.begin) / 4
            var scalars = [Float](repeating: 0, count: count)
            _ = scalars.withUnsafeMutableBytes { dst in
                file.copyBytes(to: dst, from: (dataStart + entry.begin)..<(dataStart + entry.end))
            }
            return (entry.name, try Tensor(shape: entry.shape, scalars: scalars))
        }
        return (tensors, metadata)
    }
}

extension Layer {
    /// Saves the model's parameters under their names (e.g. "encoder.0.weight") as a safetensors file.
    public func save(to path: String, metadata: [String: String] = [:]) throws {
        try Safetensors.save(namedParameters.map { ($0.name, $0.parameter.value) }, metadata: metadata, to: path)
    }

    /// Loads parameters saved by `save(to:)` into this model; every name must be present with the same shape.
    public func load(from path: String) throws {
        let stored = Dictionary(try Safetensors.load(path: path).tensors.map { ($0.name, $0.tensor) }) { a, _ in a }
        // Check everything before changing anything, so a bad file leaves the model as it was.
        for (name, parameter) in namedParameters {
            guard let tensor = stored[name] else {
                throw DataError(path: path, reason: "the checkpoint has no tensor \"\(name)\"")
            }
            guard tensor.shape == parameter.shape else {
                throw DataError(
                    path: path,
                    reason: "tensor \"\(name)\" has shape \(tensor.shape), the model expects \(parameter.shape)")
            }
        }
        for (name, parameter) in namedParameters { parameter.value = stored[name] ?? parameter.value }
    }
}
