import Foundation

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Images with integer labels, pixels scaled to [0, 1], one row of `features` floats per image.
public struct LabeledImages: Sendable {
    public let pixels: [Float]
    public let labels: [Int]
    public let rows: Int
    public let columns: Int
    public let classNames: [String]

    public var count: Int { labels.count }
    public var features: Int { rows * columns }

    public init(pixels: [Float], labels: [Int], rows: Int, columns: Int, classNames: [String]) {
        self.pixels = pixels
        self.labels = labels
        self.rows = rows
        self.columns = columns
        self.classNames = classNames
    }

    /// The pixels of image `i`.
    public func image(_ i: Int) -> ArraySlice<Float> { pixels[(i * features)..<((i + 1) * features)] }

    /// Reads an image file and a label file in IDX format (MNIST, Fashion-MNIST, KMNIST, EMNIST).
    public static func read(
        images imagePath: String, labels labelPath: String, limit: Int? = nil, classNames: [String]
    ) throws -> LabeledImages {
        let images = try IDXArray.read(path: imagePath, limit: limit)
        let labels = try IDXArray.read(path: labelPath, limit: limit)
        guard images.shape.count == 3 else {
            throw DataError(
                path: imagePath, reason: "expected images of shape [n, rows, columns], found \(images.shape)")
        }
        guard labels.shape.count == 1, labels.count == images.count else {
            throw DataError(
                path: labelPath, reason: "labels \(labels.shape) do not match \(images.count) images in \(imagePath)")
        }
        guard images.shape[1] > 0, images.shape[2] > 0 else {
            throw DataError(path: imagePath, reason: "images of \(images.shape[1]) x \(images.shape[2]) pixels")
        }
        if !classNames.isEmpty, let bad = labels.bytes.firstIndex(where: { Int($0) >= classNames.count }) {
            throw DataError(
                path: labelPath,
                reason:
                    "label \(labels.bytes[bad]) of item \(bad) is outside the \(classNames.count) classes 0...\(classNames.count - 1)"
            )
        }
        let pixels = images.bytes.map { Float($0) / 255 }
        return LabeledImages(
            pixels: pixels, labels: labels.bytes.map(Int.init), rows: images.shape[1], columns: images.shape[2],
            classNames: classNames)
    }
}

/// Fashion-MNIST as Debian's `dataset-fashion-mnist` installs it, or from the folder `LECTERN_DATA` names.
public enum FashionMNIST {
    /// Where Debian's package puts the files.
    public static let installedDirectory = "/usr/share/datasets/fashion-mnist"
    /// `LECTERN_DATA` when set, else where Debian's package puts the files.
    public static var defaultDirectory: String { directory(environment: ProcessInfo.processInfo.environment) }

    static func directory(environment: [String: String]) -> String {
        guard let chosen = environment["LECTERN_DATA"], !chosen.isEmpty else { return installedDirectory }
        return chosen
    }
    public static let classNames = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]

    public enum Split: String, Sendable { case train, test }

    /// Loads the first `limit` images of a split.
    public static func load(
        _ split: Split, limit: Int? = nil, directory: String = defaultDirectory
    ) throws -> LabeledImages {
        let prefix = split == .train ? "train" : "t10k"
        let images = "\(directory)/\(prefix)-images-idx3-ubyte.gz"
        let labels = "\(directory)/\(prefix)-labels-idx1-ubyte.gz"
        if directory == installedDirectory, !fileExists(images) {
            throw DataError(
                path: images,
                reason: "Fashion-MNIST is not installed: run `sudo apt-get install dataset-fashion-mnist`")
        }
        return try LabeledImages.read(images: images, labels: labels, limit: limit, classNames: classNames)
    }
}

func fileExists(_ path: String) -> Bool {
    guard let f = fopen(path, "rb") else { return false }
    fclose(f)
    return true
}
