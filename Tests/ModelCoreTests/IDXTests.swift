import Foundation
import Testing

@testable import ModelCore

struct IDXTests {
    @Test func readsRealFashionMNIST() throws {
        let train = try FashionMNIST.load(.train, limit: 1000)
        #expect(train.count == 1000)
        #expect(train.rows == 28 && train.columns == 28)
        #expect(train.pixels.count == 1000 * 784)
        #expect(train.pixels.min() == 0 && train.pixels.max() == 1)
        // The first training image of Fashion-MNIST is an ankle boot, the second a T-shirt.
        #expect(Array(train.labels.prefix(2)) == [9, 0])
        #expect(Set(train.labels) == Set(0..<10))
        let test = try FashionMNIST.load(.test, limit: 10)
        #expect(test.count == 10)
        #expect(test.labels.first == 9)
    }

    @Test func readsRawAndCompressedFilesAlike() throws {
        let raw = idxBytes(shape: [3, 2, 2], data: Array(0..<12))
        let path = try temporaryFile("raw.idx", raw)
        let array = try IDXArray.read(path: path)
        #expect(array.shape == [3, 2, 2])
        #expect(array.bytes == Array(0..<12))
        #expect(try IDXArray.read(path: path, limit: 2).bytes == Array(0..<8))
    }

    @Test func aTruncatedFileNamesItselfAndTheShortfall() throws {
        let source = "\(FashionMNIST.defaultDirectory)/t10k-labels-idx1-ubyte.gz"
        let whole = try Data(contentsOf: URL(fileURLWithPath: source))
        let path = try temporaryFile("cut-labels.gz", Array(whole.prefix(whole.count / 2)))
        do {
            _ = try IDXArray.read(path: path)
            Issue.record("a truncated file was read without error")
        } catch let error as DataError {
            #expect(error.path == path)
            #expect(error.reason.contains("truncated"))
        }
    }

    @Test func aTruncatedRawFileSaysHowManyBytesAreMissing() throws {
        var bytes = idxBytes(shape: [10, 28, 28], data: [UInt8](repeating: 7, count: 10 * 784))
        bytes.removeLast(100)
        let path = try temporaryFile("cut.idx", bytes)
        #expect(
            throws: DataError(
                path: path, reason: "truncated: shape [10, 28, 28] needs 7840 data bytes, the file has 7740")
        ) {
            try IDXArray.read(path: path)
        }
    }

    @Test func aWrongMagicNumberIsRejected() throws {
        let path = try temporaryFile("wrong.idx", [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 32))
        do {
            _ = try IDXArray.read(path: path)
            Issue.record("a file with a wrong magic number was read")
        } catch let error as DataError {
            #expect(error.description.hasPrefix(path))
            #expect(error.reason.contains("magic 0x504b0304"))
        }
    }

    @Test func aMissingFileIsNamed() {
        #expect(throws: DataError.self) { try IDXArray.read(path: "/nonexistent/train-images.gz") }
        do {
            _ = try FashionMNIST.load(.train, directory: "/nonexistent")
        } catch let error as DataError {
            #expect(error.path == "/nonexistent/train-images-idx3-ubyte.gz")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func labelsThatDoNotMatchTheImagesAreReported() throws {
        let images = try temporaryFile("i.idx", idxBytes(shape: [2, 2, 2], data: Array(0..<8)))
        let labels = try temporaryFile("l.idx", idxBytes(shape: [3], data: [1, 2, 3]))
        #expect(throws: DataError.self) {
            try LabeledImages.read(images: images, labels: labels, classNames: [])
        }
    }

    @Test func labelsOutsideTheClassesAndEmptyImagesAreReported() throws {
        let images = try temporaryFile("i.idx", idxBytes(shape: [3, 1, 1], data: [0, 1, 2]))
        let labels = try temporaryFile("l.idx", idxBytes(shape: [3], data: [1, 12, 3]))
        #expect(
            throws: DataError(path: labels, reason: "label 12 of item 1 is outside the 10 classes 0...9")
        ) {
            try LabeledImages.read(images: images, labels: labels, classNames: FashionMNIST.classNames)
        }
        let empty = try temporaryFile("e.idx", idxBytes(shape: [3, 0, 28], data: []))
        let fine = try temporaryFile("f.idx", idxBytes(shape: [3], data: [1, 2, 3]))
        #expect(throws: DataError(path: empty, reason: "images of 0 x 28 pixels")) {
            try LabeledImages.read(images: empty, labels: fine, classNames: FashionMNIST.classNames)
        }
    }

    /// A FIFO would block the build for ever; a folder is no data file.
    @Test func onlyRegularFilesAreRead() throws {
        let fifo = try temporaryFile("placeholder", []) + ".fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        #expect(throws: DataError(path: fifo, reason: "not a regular file")) { try IDXArray.read(path: fifo) }
        let folder = NSTemporaryDirectory()
        #expect(throws: DataError(path: folder, reason: "not a regular file")) { try IDXArray.read(path: folder) }
    }

    @Test func lecternDataChoosesTheFolder() {
        #expect(FashionMNIST.directory(environment: [:]) == "/usr/share/datasets/fashion-mnist")
        #expect(FashionMNIST.directory(environment: ["LECTERN_DATA": ""]) == "/usr/share/datasets/fashion-mnist")
        #expect(FashionMNIST.directory(environment: ["LECTERN_DATA": "/data/fmnist"]) == "/data/fmnist")
    }

    private func idxBytes(shape: [Int], data: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, 0x08, UInt8(shape.count)]
        for d in shape { bytes += [UInt8(d >> 24 & 255), UInt8(d >> 16 & 255), UInt8(d >> 8 & 255), UInt8(d & 255)] }
        return bytes + data
    }

    private func temporaryFile(_ name: String, _ bytes: [UInt8]) throws -> String {
        let directory = NSTemporaryDirectory() + "lectern-idx-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}
