import ArgumentParser
import Foundation

struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean", abstract: "Delete cached cell results, so the next build runs every cell.")

    @OptionGroup var cache: CacheLocation

    func run() throws {
        guard FileManager.default.fileExists(atPath: cache.cacheDirectory) else { return }
        do {
            try FileManager.default.removeItem(atPath: cache.cacheDirectory)
        } catch {
            throw CommandFailure("cannot delete '\(cache.cacheDirectory)': \(error.localizedDescription)")
        }
        print("removed \(cache.cacheDirectory)")
    }
}
