/// Any data set shipped as MNIST's four IDX files (MNIST, KMNIST, EMNIST, Fashion-MNIST) in a directory.
public enum MNISTFormat {
    /// The file names looked for, without the optional `.gz`.
    public static func fileNames(_ split: FashionMNIST.Split) -> (images: String, labels: String) {
        let prefix = split == .train ? "train" : "t10k"
        return ("\(prefix)-images-idx3-ubyte", "\(prefix)-labels-idx1-ubyte")
    }

    /// Loads a split from `directory`, accepting gzip-compressed or raw files; names the missing files if any.
    public static func load(
        directory: String, split: FashionMNIST.Split, limit: Int? = nil,
        classNames: [String] = (0..<10).map(String.init)
    ) throws -> LabeledImages {
        let names = fileNames(split)
        func find(_ name: String) throws -> String {
            for candidate in ["\(directory)/\(name).gz", "\(directory)/\(name)"] where fileExists(candidate) {
                return candidate
            }
            throw DataError(
                path: "\(directory)/\(name)",
                reason: "missing: put \(names.images)(.gz) and \(names.labels)(.gz) of the \(split.rawValue) split "
                    + "into \(directory) (MNIST, KMNIST and EMNIST publish them under these names)")
        }
        return try LabeledImages.read(
            images: find(names.images), labels: find(names.labels), limit: limit, classNames: classNames)
    }
}
