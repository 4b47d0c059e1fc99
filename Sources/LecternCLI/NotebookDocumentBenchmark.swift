import Foundation
import ModelCore
import Notebook

/// The document phase of each bundled notebook — everything a build does after its Run cells: Plot
/// cells, prose, tables, claims, then the HTML and PDF writers — with every Run cell's results taken
/// from the cache. "cold" draws every figure (as builds did before figures were cached); "warm" is
/// the rebuild after an edit that changes no result. CPU milliseconds of the fastest of the runs.
enum NotebookDocumentBenchmark {
    static func run(
        _ notebooks: [Notebook], cacheDirectory: String, repeats: Int, log: (String) -> Void
    ) throws -> [String: Double] {
        var figures: [String: Double] = [:]
        // A copy of the cache, so that forgetting figures leaves the lecturer's own cache as it was.
        let scratch = NSTemporaryDirectory() + "lectern-bench-notebooks-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        for notebook in notebooks {
            let own = "\(cacheDirectory)/\(notebook.id)"
            if FileManager.default.fileExists(atPath: own) {
                try FileManager.default.copyItem(atPath: own, toPath: "\(scratch)/\(notebook.id)")
            }
            let state = Engine.cacheState(of: notebook, cacheDirectory: scratch)
            guard state.cached == state.runCells else {
                log(
                    "\(notebook.id): skipped, \(state.runCells - state.cached) of \(state.runCells) Run cells "
                        + "are not cached in \(cacheDirectory) (run `lectern build \(notebook.id)` first)")
                continue
            }
            let options = EngineOptions(cacheDirectory: scratch)
            var phases: [String: [String: Double]] = [:]
            for temperature in ["cold", "warm"] {
                var best: [String: Double] = [:]
                for _ in 0..<repeats {
                    if temperature == "cold" { Engine.forgetFigures(of: notebook, cacheDirectory: scratch) }
                    var times: [String: Double] = [:]
                    var start = processCPUSeconds()
                    let run = Engine.run(notebook, options: options)
                    times["cells_ms"] = (processCPUSeconds() - start) * 1000
                    let drawn = run.reports.filter { $0.summary.hasPrefix("Plot") && $0.status == .ran }.count
                    times["figures_drawn"] = Double(drawn)
                    start = processCPUSeconds()
                    _ = HTMLWriter.render(run.document)
                    times["html_ms"] = (processCPUSeconds() - start) * 1000
                    start = processCPUSeconds()
                    _ = try PDFWriter.render(run.document)
                    times["pdf_ms"] = (processCPUSeconds() - start) * 1000
                    times["total_ms"] = times["cells_ms"]! + times["html_ms"]! + times["pdf_ms"]!
                    if times["total_ms"]! < best["total_ms", default: .infinity] { best = times }
                }
                phases[temperature] = best
                for (key, value) in best { figures["\(notebook.id).\(temperature).\(key)"] = value }
            }
            func line(_ t: [String: Double]?) -> String {
                guard let t else { return "-" }
                return String(
                    format: "%.0f ms (cells %.0f, HTML %.0f, PDF %.0f; %.0f figures drawn)", t["total_ms"] ?? 0,
                    t["cells_ms"] ?? 0, t["html_ms"] ?? 0, t["pdf_ms"] ?? 0, t["figures_drawn"] ?? 0)
            }
            log("\(notebook.id): cold \(line(phases["cold"])); warm \(line(phases["warm"]))")
        }
        return figures
    }
}
