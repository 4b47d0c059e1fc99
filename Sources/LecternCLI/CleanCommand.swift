import ArgumentParser
import Foundation

struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean", abstract: "Delete cached cell results, so the next build runs every cell.")

    @Option(name: .long, help: "Directory of cached cell results.")
    var cacheDirectory: String = ".lectern-cache"

    func run() throws {
        guard FileManager.default.fileExists(atPath: cacheDirectory) else { return }
        do {
            try FileManager.default.removeItem(atPath: cacheDirectory)
        } catch {
            throw CommandFailure("cannot delete '\(cacheDirectory)': \(error.localizedDescription)")
        }
        print("removed \(cacheDirectory)")
    }
}
