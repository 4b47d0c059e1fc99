import Foundation
import Graphics

/// The date a notebook's outputs carry. Never the clock's, so that building twice gives the same
/// bytes, and never 1970 for want of a date:
///
/// 1. the notebook's own `date:` argument;
/// 2. else `SOURCE_DATE_EPOCH`, as reproducible-build tools set it;
/// 3. else the day of the last commit that touched the notebook's file;
/// 4. else the day the file was last modified (a notebook not yet committed);
/// 5. else none ("": the notebook's file is nowhere to be found).
public enum NotebookDate {
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public static func of(_ notebook: Notebook, sourceDateEpoch: String? = Reproducible.environmentEpoch) throws
        -> String
    {
        if let date = try given(for: notebook, sourceDateEpoch: sourceDateEpoch) { return date }
        let file = notebook.location.file
        if let epoch = lastCommitEpoch(of: file) ?? modificationEpoch(of: file) {
            return Reproducible.isoDate(epoch: epoch)
        }
        return ""
    }

    /// Checks the notebook's `date:` and `SOURCE_DATE_EPOCH` without asking git, so a command can
    /// refuse a bad one before it builds anything.
    public static func check(_ notebook: Notebook, sourceDateEpoch: String? = Reproducible.environmentEpoch) throws {
        _ = try given(for: notebook, sourceDateEpoch: sourceDateEpoch)
    }

    /// The date the notebook or `SOURCE_DATE_EPOCH` gives, if either does.
    private static func given(for notebook: Notebook, sourceDateEpoch: String?) throws -> String? {
        if let date = notebook.date {
            guard isCalendarDate(date) else {
                throw Invalid(
                    description: "\(notebook.location): notebook '\(notebook.id)': date '\(date)' is not a "
                        + "calendar date written YYYY-MM-DD")
            }
            return date
        }
        do {
            return try Reproducible.sourceDateEpoch(sourceDateEpoch).map { Reproducible.isoDate(epoch: $0) }
        } catch {
            throw Invalid(description: "\(error)")
        }
    }

    /// `YYYY-MM-DD` naming a day that exists (no 2026-02-30), years 0001 to 9999.
    static func isCalendarDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.map(\.count) == [4, 2, 2],
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            year >= 1, (1...12).contains(month), day >= 1
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }

    /// Commit time of the last commit that touched `file`, asked of git in the file's directory;
    /// nil when git is missing, the file is outside a repository or was never committed.
    static func lastCommitEpoch(of file: String) -> Int? {
        let directory = (file as NSString).deletingLastPathComponent
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "-C", directory, "log", "-1", "--format=%ct", "--", file]
        let output = Pipe()
        git.standardOutput = output
        git.standardError = FileHandle.nullDevice
        do { try git.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        git.waitUntilExit()
        guard git.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int(text).flatMap(validEpoch)
    }

    static func modificationEpoch(of file: String) -> Int? {
        guard let date = (try? FileManager.default.attributesOfItem(atPath: file))?[.modificationDate] as? Date
        else { return nil }
        return validEpoch(Int(date.timeIntervalSince1970))
    }

    private static func validEpoch(_ epoch: Int) -> Int? {
        (0...Reproducible.latestEpoch).contains(epoch) ? epoch : nil
    }
}
