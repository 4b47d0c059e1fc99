extension LabeledImages {
    /// The pixels as a matrix [count, rows * columns] (shares storage, no copy).
    public var inputs: Tensor {
        // The pixel count always matches by construction; fall back to a flat vector otherwise.
        (try? Tensor(shape: [count, features], scalars: pixels)) ?? Tensor(zeros: [0, features])
    }

    /// The pixels as images [count, 1, rows, columns] for convolutional layers.
    public var images: Tensor {
        (try? Tensor(shape: [count, 1, rows, columns], scalars: pixels)) ?? Tensor(zeros: [0, 1, rows, columns])
    }

    /// The images at `indices`, in that order.
    public func subset(_ indices: [Int]) throws -> LabeledImages {
        if let bad = indices.first(where: { $0 < 0 || $0 >= count }) {
            throw DataError(path: "<memory>", reason: "index \(bad) is outside 0..<\(count)")
        }
        var out: [Float] = []
        out.reserveCapacity(indices.count * features)
        for i in indices { out.append(contentsOf: image(i)) }
        return LabeledImages(
            pixels: out, labels: indices.map { labels[$0] }, rows: rows, columns: columns, classNames: classNames)
    }

    /// The first `n` images.
    public func prefix(_ n: Int) -> LabeledImages {
        let n = max(0, min(n, count))
        return LabeledImages(
            pixels: Array(pixels[0..<(n * features)]), labels: Array(labels[0..<n]), rows: rows, columns: columns,
            classNames: classNames)
    }

    /// Only the images whose label is in `keep`, in their original order.
    public func filtered(labels keep: Set<Int>) -> LabeledImages {
        let indices = labels.indices.filter { keep.contains(labels[$0]) }
        return (try? subset(indices)) ?? prefix(0)
    }

    /// A class-balanced labelled subset: `perClass` random images of each label (e.g. 100 x 10 = "1,000 labels").
    public func labelledSubset(perClass: Int, rng: RandomStream) throws -> LabeledImages {
        var byClass: [Int: [Int]] = [:]
        for (i, label) in labels.enumerated() { byClass[label, default: []].append(i) }
        var chosen: [Int] = []
        for label in byClass.keys.sorted() {
            let members = byClass[label] ?? []
            guard members.count >= perClass else {
                throw DataError(
                    path: "<memory>", reason: "class \(label) has \(members.count) images, \(perClass) were asked for")
            }
            var stream = rng.derived("class.\(label)")
            chosen += stream.permutation(members.count).prefix(perClass).map { members[$0] }
        }
        return try subset(chosen)
    }

    /// Images in a random order decided by `rng`.
    public func shuffled(rng: RandomStream) -> LabeledImages {
        var stream = rng
        return (try? subset(stream.permutation(count))) ?? self
    }
}
