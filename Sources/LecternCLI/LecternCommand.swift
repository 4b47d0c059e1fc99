import ArgumentParser
import Foundation
import Graphics
import ModelCore
import Notebook
import Tensors

/// The `lectern` command: builds the notebooks it was compiled with.
struct LecternCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lectern",
        abstract: "Turns lecture notebooks into self-contained HTML pages and PDF handouts.",
        version: "lectern \(LecternVersion.string)\nBLAS: \(BLASKernel.summary)\nCPU: \(CPUModel.name)",
        subcommands: [
            BuildCommand.self, ListCommand.self, FiguresCommand.self, TeXCommand.self, BenchCommand.self,
            WatchCommand.self, CleanCommand.self, InitCommand.self,
        ])

    /// The notebooks `main.swift` registered, for the subcommands.
    @TaskLocal static var notebooks: [Notebook] = []

    /// The registered notebook with this id, or a failure that lists the known ones.
    static func notebook(_ id: String) throws -> Notebook {
        guard let notebook = notebooks.first(where: { $0.id == id }) else {
            throw CommandFailure("unknown notebook '\(id)' (known: \(notebooks.map(\.id).joined(separator: ", ")))")
        }
        return notebook
    }
}

/// Where cached cell results live; shared by the commands that read or clear them.
struct CacheLocation: ParsableArguments {
    @Option(name: .long, help: "Directory of cached cell results.")
    var cacheDirectory: String = ".lectern-cache"
}

/// Entry points for `notebooks/main.swift` and for tests.
public enum LecternCLI {
    /// Runs `lectern` with the process's arguments and exits.
    /// The notebooks are created here, after a build for `lectern watch`'s prose path has said which
    /// texts the binary was compiled from (see `CompiledSources.forCellIDs`).
    public static func main(notebooks: @autoclosure () -> [Notebook]) -> Never {
        RenderedOutputs.identifyCode()
        if FileManager.default.isExecutableFile(atPath: "/proc/self/exe") {
            NotebookWorkers.executable = "/proc/self/exe"
        }
        // Most commands work at one BLAS thread; one that asks for more starts the pool again.
        BLAS.setThreads(1)
        BLAS.stopPoolThreads()
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "build" {
            for (index, argument) in arguments.enumerated() {
                if argument == "--compiled-sources", index + 1 < arguments.count {
                    CompiledSources.nameCells(fromCompiledSourcesAt: arguments[index + 1])
                } else if argument.hasPrefix("--compiled-sources=") {
                    CompiledSources.nameCells(fromCompiledSourcesAt: String(argument.dropFirst(19)))
                }
            }
        }
        exit(run(arguments, notebooks: notebooks()))
    }

    /// Runs `lectern` with `arguments` and returns its exit code; messages go to standard output/error.
    public static func run(_ arguments: [String], notebooks: [Notebook]) -> Int32 {
        // One BLAS thread unless a command asks for more: the same bytes on every machine, and no
        // OpenBLAS threads spinning against each other when the cores are busy.
        BLAS.setThreads(1)
        return LecternCommand.$notebooks.withValue(notebooks) {
            do {
                // Checked once here: every command may write a dated file.
                do { _ = try Reproducible.sourceDateEpoch() } catch { throw CommandFailure("\(error)") }
                var command = try LecternCommand.parseAsRoot(arguments)
                try command.run()
                return 0
            } catch {
                let code = LecternCommand.exitCode(for: error)
                let message =
                    error is CommandFailure ? "lectern: \(error)" : LecternCommand.fullMessage(for: error)
                if !message.isEmpty {
                    if code == .success {
                        print(message)
                    } else {
                        FileHandle.standardError.write(Data((message + "\n").utf8))
                    }
                }
                return code.rawValue
            }
        }
    }
}

/// A failure the user can act on, said in one line.
struct CommandFailure: Error, CustomStringConvertible {
    // ArgumentParser gives plain errors exit code 1.
    let description: String
    init(_ description: String) { self.description = description }
}
