import ArgumentParser
import Foundation

/// `lectern init DIR`: a course repository of the lecturer's own, depending on Lectern.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a course repository: a Swift package whose notebooks depend on Lectern.",
        discussion: """
            The new directory holds Package.swift, notebooks/ with an example notebook and main.swift, a \
            Makefile (`make` builds every notebook into output/, `make test` builds them with --strict), \
            .gitignore and a README. Lectern is found at this checkout unless --lectern or --lectern-url says \
            otherwise.
            """)

    @Argument(help: "Directory of the new course (created; must be empty or absent).")
    var directory: String

    @Option(name: .long, help: "Title of the course and of its first notebook.")
    var title: String = "My Course"

    @Option(
        name: .long, help: "Path of the Lectern checkout to depend on (default: the one this lectern was built from).")
    var lectern: String?

    @Option(name: .long, help: "Git URL of Lectern to depend on instead of a path.")
    var lecternURL: String?

    @Option(name: .long, help: "Git revision (commit, tag or branch) of --lectern-url.")
    var revision: String = "main"

    func validate() throws {
        if lectern != nil, lecternURL != nil { throw ValidationError("give --lectern or --lectern-url, not both") }
        guard !title.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--title is empty") }
    }

    func run() throws {
        let template = CourseTemplate(title: title, source: try source())
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        try prepare(root)
        for file in template.files {
            let path = root + "/" + file.path
            try OutputFiles.prepareDirectory(URL(fileURLWithPath: path).deletingLastPathComponent().path)
            try OutputFiles.write(Array(file.contents.utf8), to: path)
        }
        print("created \(root): cd into it, then `make` builds its notebooks into output/")
    }

    private func source() throws -> CourseTemplate.Source {
        if let lecternURL { return .git(url: lecternURL, revision: revision) }
        let path = URL(fileURLWithPath: lectern ?? Self.checkout).standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: path + "/Package.swift"),
            FileManager.default.fileExists(atPath: path + "/Sources/Notebook")
        else {
            throw CommandFailure(
                "no Lectern checkout at \(path) (no Package.swift with Sources/Notebook); pass --lectern PATH or --lectern-url URL"
            )
        }
        return .path(path)
    }

    /// The course is written into a new or empty directory only: nothing of the lecturer's is overwritten.
    private func prepare(_ root: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw CommandFailure("\(root) exists and is not a directory") }
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
            guard entries.isEmpty else {
                throw CommandFailure("\(root) is not empty (\(entries.count) entries); choose a new directory")
            }
        }
        try OutputFiles.prepareDirectory(root)
    }

    /// The checkout this file was compiled in: three levels above Sources/LecternCLI/InitCommand.swift.
    private static let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
}
