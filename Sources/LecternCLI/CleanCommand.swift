import ArgumentParser
import Foundation
import Notebook

struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract:
            "Delete cached cell results, so the next build runs every cell, and temporary files killed builds left.")

    @OptionGroup var cache: CacheLocation

    @Option(name: .long, help: "The output directory to clear of temporary files.")
    var output: String = "output"

    func run() throws {
        let removed = AtomicFile.removeTemporariesOfEndedProcesses(in: output)
        if removed > 0 { print("removed \(removed) temporary file(s) from \(output)") }
        guard FileManager.default.fileExists(atPath: cache.cacheDirectory) else { return }
        do {
            try FileManager.default.removeItem(atPath: cache.cacheDirectory)
        } catch {
            throw CommandFailure("cannot delete '\(cache.cacheDirectory)': \(error.localizedDescription)")
        }
        print("removed \(cache.cacheDirectory)")
    }
}
