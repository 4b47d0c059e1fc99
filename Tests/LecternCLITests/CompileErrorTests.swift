import Foundation
import Testing

/// A lecturer's mistake inside a cell must be reported at its line, not as "failed to produce
/// diagnostic" at the top of the notebook. Type-checks a broken notebook against the modules the
/// test build just produced.
struct CompileErrorTests {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    private static let notebook = #"""
        import Lectern

        let trained = Run("Train") { ctx in
            let data = try FashionMNIST.load(.train, limit: 100)
            let model = try Autoencoder(sizes: [784, 2])
            let history = try model.fit(data, epochs: 1, progress: ctx.progress)
            return histroy
        }

        let gan = Run("Train a GAN") { ctx in
            let data = try FashionMNIST.load(.train, limit: 100)
            let gan = try GAN(dataSize: 784, noiseSize: 2)
            return try gan.fit(data.inputs, iterations: 2, rng: ctx.random("b"), progress: ctx.progress)
        }

        let broken = Notebook(id: "broken", title: "Broken") {
            Markdown("Prose")
            gan
            Run("Evaluate") { ctx in
                let model = try Autoencoder(sizes: [784, 2])
                try model.fit(FashionMNIST.load(.test, limit: 10), epochs: "3")
            }
            Plot("Loss") { ctx in LossPlot(train: try ctx[gan].discriminatorLoss) }
        }
        """#

    @Test func anErrorInACellIsReportedAtItsLine() throws {
        let directory = NSTemporaryDirectory() + "lectern-compile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/Broken.swift"
        try Self.notebook.write(toFile: file, atomically: true, encoding: .utf8)

        let errors = try typecheck(file).filter { $0.contains(": error: ") }
        let lines = Set(errors.compactMap { $0.split(separator: ":").dropFirst().first.flatMap { Int($0) } })
        // `histroy` (line 7) and `epochs: "3"` (line 21); the GAN trained with the cell's progress compiles.
        #expect(lines == [7, 21], "\(errors.joined(separator: "\n"))")
        #expect(!errors.contains { $0.contains("failed to produce diagnostic") })
    }

    /// `swiftc -typecheck` of `file` against the debug build's modules; the compiler's output lines.
    private func typecheck(_ file: String) throws -> [String] {
        let build = Self.root + "/.build/debug"
        var arguments = [
            "-typecheck", "-I", build + "/Modules", "-Xcc", "-I" + Self.root + "/Sources/CStartup/include",
        ]
        let moduleMaps =
            try FileManager.default.contentsOfDirectory(atPath: Self.root + "/Sources")
            .filter { $0.hasPrefix("C") }.map { "\(Self.root)/Sources/\($0)/module.modulemap" }
            .filter { FileManager.default.fileExists(atPath: $0) } + [build + "/CStartup.build/module.modulemap"]
        for map in moduleMaps { arguments += ["-Xcc", "-fmodule-map-file=" + map] }
        for flag in try run("/usr/bin/env", ["pkg-config", "--cflags", "pangocairo", "harfbuzz", "freetype2"])
            .split(whereSeparator: \.isWhitespace)
        {
            arguments += ["-Xcc", String(flag)]
        }
        return try run("/usr/bin/env", ["swiftc"] + arguments + [file]).split(separator: "\n").map(String.init)
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }
}
