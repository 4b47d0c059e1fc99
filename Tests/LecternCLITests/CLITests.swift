import Foundation
import Graphics
import ModelCore
import Testing

@testable import LecternCLI
@testable import Notebook

private struct Failure: Error {}

/// The command line as a user meets it: exit codes, messages, files written.
struct CLITests {
    let good = Notebook(id: "good", title: "A good notebook") {
        Markdown("# Heading\n\nSome *prose*.")
        Run("Print") { ctx in ctx.print("printed by a cell") }
    }
    /// Cached results go to a directory of their own, never to the working directory's cache.
    let cache = ["--cache-directory", NSTemporaryDirectory() + "lectern-cli-cache-\(UUID().uuidString)"]
    let failing = Notebook(id: "failing", title: "A failing notebook") {
        Run("Explode") { _ in throw Failure() }
        Markdown("# After the failure")
    }

    @Test func buildWritesHTMLAndPDF() throws {
        let directory = temporaryDirectory()
        let code = LecternCLI.run(
            ["build", "good", "--output", directory, "--quiet"] + cache, notebooks: [good, failing])
        #expect(code == 0)
        let html = try String(contentsOfFile: directory + "/good.html", encoding: .utf8)
        #expect(html.contains("printed by a cell"))
        let pdf = try Data(contentsOf: URL(fileURLWithPath: directory + "/good.pdf"))
        #expect(pdf.starts(with: Array("%PDF-".utf8)))
        #expect(!FileManager.default.fileExists(atPath: directory + "/failing.html"))
        // Nothing but the two outputs: no temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["good.html", "good.pdf"])
    }

    @Test func twoBuildsGiveTheSameBytesWithOrWithoutTheCache() throws {
        let first = temporaryDirectory()
        let second = temporaryDirectory()
        let third = temporaryDirectory()
        #expect(LecternCLI.run(["build", "good", "--output", first, "--quiet"] + cache, notebooks: [good]) == 0)
        #expect(LecternCLI.run(["build", "good", "--output", second, "--quiet"] + cache, notebooks: [good]) == 0)
        #expect(
            LecternCLI.run(["build", "good", "--output", third, "--quiet", "--no-cache"] + cache, notebooks: [good])
                == 0)
        for name in ["good.html", "good.pdf"] {
            let bytes = [first, second, third].map { FileManager.default.contents(atPath: $0 + "/" + name) }
            #expect(bytes[0] != nil)
            #expect(bytes[0] == bytes[1] && bytes[1] == bytes[2], "\(name) differs between builds")
        }
    }

    @Test func formatSelectsTheOutputs() throws {
        let directory = temporaryDirectory()
        #expect(
            LecternCLI.run(
                ["build", "--format", "html", "--output", directory, "--quiet", "good"] + cache, notebooks: [good]) == 0
        )
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["good.html"])
    }

    @Test func everyNotebookIsWrittenWhenOneFails() throws {
        let directory = temporaryDirectory()
        let code = LecternCLI.run(
            ["build", "--jobs", "2", "--output", directory, "--quiet"] + cache, notebooks: [good, failing])
        #expect(code == 1)  // one of them fails; both are still written
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(files == ["failing.html", "failing.pdf", "good.html", "good.pdf"])
        #expect(LecternCLI.run(["build", "--jobs", "0"], notebooks: [good]) != 0)
    }

    @Test func aFailingCellStillWritesBothOutputsAndExitsWithOne() {
        let directory = temporaryDirectory()
        let code = LecternCLI.run(
            ["build", "failing", "--output", directory, "--quiet"] + cache, notebooks: [good, failing])
        #expect(code == 1)
        #expect(FileManager.default.fileExists(atPath: directory + "/failing.html"))
        #expect(FileManager.default.fileExists(atPath: directory + "/failing.pdf"))
    }

    @Test func anUnknownLabelExitsWithOneButWritesTheOutputs() throws {
        let broken = Notebook(id: "broken", title: "Broken") { Markdown("As @fig:nowhere shows.") }
        let directory = temporaryDirectory()
        #expect(LecternCLI.run(["build", "--output", directory, "--quiet"] + cache, notebooks: [broken]) == 1)
        let html = try String(contentsOfFile: directory + "/broken.html", encoding: .utf8)
        #expect(html.contains("??"))
        #expect(FileManager.default.fileExists(atPath: directory + "/broken.pdf"))
    }

    @Test func anUnknownNotebookExitsWithOne() {
        #expect(LecternCLI.run(["build", "nope", "--output", temporaryDirectory()], notebooks: [good]) == 1)
    }

    @Test func anUnwritableOutputDirectoryExitsWithOne() throws {
        let file = temporaryDirectory() + "/a-file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        #expect(LecternCLI.run(["build", "--output", file + "/sub", "--quiet"] + cache, notebooks: [good]) == 1)
    }

    @Test func figuresWritesOneFilePerFigureNamedAfterItsLabel() throws {
        let plots = Notebook(id: "plots", title: "Plots") {
            Plot("A labelled figure", label: "fig:loss") { _ in TextLayout("loss", font: .sans(9)) }
            Plot("An unlabelled figure") { _ in TextLayout("codes", font: .sans(9)) }
        }
        let directory = temporaryDirectory()
        let code = LecternCLI.run(
            ["figures", "plots", "--output", directory] + cache, notebooks: [plots])
        #expect(code == 0)
        let svg = try String(contentsOfFile: directory + "/fig-loss.svg", encoding: .utf8)
        #expect(svg.contains("<svg"))
        #expect(FileManager.default.fileExists(atPath: directory + "/figure-2.svg"))
        #expect(
            LecternCLI.run(["figures", "plots", "--format", "png", "--output", directory] + cache, notebooks: [plots])
                == 0)
        let png = try Data(contentsOf: URL(fileURLWithPath: directory + "/fig-loss.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(LecternCLI.run(["figures", "nope"], notebooks: [plots]) == 1)
    }

    /// A figure too large for a PNG is named and fails the command; the figures after it are still written.
    @Test func figuresNamesAFigureThatCannotBeWrittenAndGoesOn() throws {
        struct Huge: Drawable {
            var width: Double { 40_000 }
            var ascent: Double { 10 }
            var descent: Double { 0 }
            func draw(on canvas: Canvas, at origin: Point) {}
        }
        let plots = Notebook(id: "plots", title: "Plots") {
            Plot("Too wide", label: "fig:wide") { _ in Huge() }
            Plot("Fine", label: "fig:fine") { _ in TextLayout("fine", font: .sans(9)) }
        }
        let directory = temporaryDirectory()
        let code = LecternCLI.run(
            ["figures", "plots", "--format", "png", "--output", directory] + cache, notebooks: [plots])
        #expect(code == 1)
        #expect(FileManager.default.fileExists(atPath: directory + "/fig-fine.png"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/fig-wide.png"))
    }

    /// Temporaries of killed builds (their process is gone) are removed by `clean` and when a build
    /// starts; one of a live process is another build's and stays.
    @Test func temporariesOfKilledBuildsAreRemoved() throws {
        let directory = temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func leave(_ name: String) {
            _ = FileManager.default.createFile(atPath: "\(directory)/\(name)", contents: Data())
        }
        let live = ".another-notebook.pdf.\(getpid()).tmp"
        leave(".old-notebook.html.2147483646.tmp")
        leave(live)
        #expect(LecternCLI.run(["clean", "--output", directory] + cache, notebooks: [good]) == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == [live])
        leave(".gone.pdf.2147483645.tmp")
        #expect(LecternCLI.run(["build", "good", "--output", directory, "--quiet"] + cache, notebooks: [good]) == 0)
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/.gone.pdf.2147483645.tmp"))
        #expect(FileManager.default.fileExists(atPath: "\(directory)/\(live)"))
    }

    @Test func cleanDeletesTheCacheSoEveryCellRunsAgain() throws {
        let directory = temporaryDirectory()
        #expect(LecternCLI.run(["build", "good", "--output", directory, "--quiet"] + cache, notebooks: [good]) == 0)
        #expect(FileManager.default.fileExists(atPath: cache[1] + "/good/\(good.cells[1].id).entry"))
        #expect(LecternCLI.run(["clean"] + cache, notebooks: [good]) == 0)
        #expect(!FileManager.default.fileExists(atPath: cache[1]))
        #expect(LecternCLI.run(["clean"] + cache, notebooks: [good]) == 0)  // nothing to clean is fine
    }

    @Test func listAndHelpSucceed() {
        #expect(LecternCLI.run(["list"], notebooks: [good, failing]) == 0)
        #expect(LecternCLI.run(["--help"], notebooks: [good]) == 0)
        #expect(LecternCLI.run(["build", "--help"], notebooks: [good]) == 0)
        #expect(LecternCLI.run(["frobnicate"], notebooks: [good]) != 0)
        #expect(LecternCLI.run(["build", "--format", "docx"], notebooks: [good]) != 0)
    }

    @Test func benchModelsWritesEveryFigureAsJSON() throws {
        let json = temporaryDirectory() + "/models.json"
        let arguments = [
            "bench", "models", "--train-images", "200", "--test-images", "50", "--epochs", "1",
            "--labels-per-class", "2", "--json", json,
        ]
        #expect(LecternCLI.run(arguments, notebooks: [good]) == 0)
        let data = try #require(FileManager.default.contents(atPath: json))
        let figures = try JSONDecoder().decode([ModelFigure].self, from: data)
        #expect(figures.contains { $0.model == "VAE 784-400-20" && $0.measure == "test -ELBO (nats)" })
        #expect(figures.filter { $0.measure == "test accuracy" }.count == 4)
        #expect(LecternCLI.run(["bench", "models", "--epochs", "0"], notebooks: [good]) != 0)
        #expect(LecternCLI.run(["bench", "models", "--test-images", "5"], notebooks: [good]) != 0)
    }

    @Test func benchDocumentsTimesTheWritersOnALectureAndTheCommonFigures() throws {
        let json = temporaryDirectory() + "/documents.json"
        #expect(LecternCLI.run(["bench", "documents", "--repeat", "1", "--json", json], notebooks: [good]) == 0)
        let data = try #require(FileManager.default.contents(atPath: json))
        let figures = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: Double]])
        let lecture = try #require(figures["lecture"])
        #expect((lecture["pdf_pages"] ?? 0) >= 18)
        #expect(["html_ms", "pdf_ms", "html_kib", "pdf_kib"].allSatisfy { (lecture[$0] ?? 0) > 0 })
        let drawings = ["network_784_128_64_2", "scatter3d_5k", "surface3d_30x30"]
        for figure in ["scatter_10k", "loss_plot", "manifold_20x20"] + drawings {
            #expect(figures[figure]?.keys.sorted() == ["pdf_ms", "png_ms", "svg_ms"], "\(figure)")
        }
        #expect(LecternCLI.run(["bench", "documents", "--repeat", "0"], notebooks: [good]) != 0)
    }

    @Test func benchSpeedChecksItsBaselineScriptBeforeTraining() {
        let arguments = [
            "bench", "speed", "--baseline", "/usr/bin/python3", "--baseline-script", "/nonexistent/baseline.py",
        ]
        #expect(LecternCLI.run(arguments, notebooks: [good]) != 0)
        #expect(FileManager.default.isReadableFile(atPath: BenchSpeedCommand.bundledBaselineScript))
    }

    /// `--only` takes the model names the PyTorch script's `--only` takes, and refuses others before training.
    @Test func benchSpeedMeasuresOnlyTheModelsNamed() throws {
        #expect(try BenchSpeedCommand.parse(["--only", "vae, pca"]).models == ["vae", "pca"])
        #expect(try BenchSpeedCommand.parse([]).models == ["ae", "vae", "conv", "pca"])
        #expect(throws: (any Error).self) { try BenchSpeedCommand.parse(["--only", "vae,gan"]) }
        #expect(throws: (any Error).self) { try BenchSpeedCommand.parse(["--only", ""]) }
    }

    private func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "lectern-cli-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

struct ExplainTests {
    func report(_ status: CellReport.Status, _ reason: String) -> CellReport {
        CellReport(
            cellID: "run-0123456789ab", summary: #"Run "Train the VAE""#,
            location: SourceLocation(file: "VAE.swift", line: 40), status: status, reason: reason, seconds: 0)
    }

    /// Cells are named by what the lecturer wrote, not by their ids (hashes of their code).
    @Test func explainNamesTheCellAndWhyItRan() {
        #expect(
            BuildCommand.explanation(report(.ran, "file-scope code of VAE.swift changed"))
                == #"  Run "Train the VAE": ran (file-scope code of VAE.swift changed)"#)
        #expect(BuildCommand.explanation(report(.cached, "cached")) == #"  Run "Train the VAE": cached"#)
        #expect(BuildCommand.explanation(report(.notRun, "draft")) == #"  Run "Train the VAE": not run (draft)"#)
        #expect(BuildCommand.explanation(report(.ran, "")) == nil)
    }
}

struct ProgressPrinterTests {
    @Test func ratesAndDurationsReadWell() {
        #expect(ProgressPrinter.rate(48_213) == "48.2k samples/s")
        #expect(ProgressPrinter.rate(512.4) == "512 samples/s")
        #expect(ProgressPrinter.duration(75) == "1 min 15 s")
        #expect(ProgressPrinter.duration(.nan) == "?")
        #expect(ProgressPrinter.decimal(.infinity, 4) == "inf")
    }
}

struct BenchFiguresTests {
    @Test func theMedianOfRepeatsIsReported() {
        let runs: [[String: Double]] = [
            ["deep_ae.samples_per_s": 3], ["deep_ae.samples_per_s": 1], ["deep_ae.samples_per_s": 2],
        ]
        #expect(BenchFigures.median(of: runs) == ["deep_ae.samples_per_s": 2])
        #expect(BenchFigures.median(of: [["a": 1], ["a": 4]]) == ["a": 2.5])
    }

    @Test func figuresNestByModel() {
        let nested = BenchFigures.nested(["deep_ae.samples_per_s": 5, "threads": 1])
        #expect((nested["deep_ae"] as? [String: Double]) == ["samples_per_s": 5])
        #expect(nested["threads"] as? Double == 1)
    }

    @Test func theBaselinesFiguresTakeLecternsNames() {
        let torch: [String: Any] = [
            "deep_ae_mse": ["epoch1_samples_per_s": 40_000.0, "samples": 30_000],
            "vae_400_20": ["epoch1_samples_per_s": 9_000.0],
            "pca_32": ["torch_cov_eigh": ["seconds": 0.6]],
            "threads": 1, "torch": "2.15.0",
        ]
        #expect(
            BenchFigures.torchFigures(torch) == [
                "deep_ae.samples_per_s": 40_000, "vae.samples_per_s": 9_000, "pca32.seconds": 0.6,
            ])
    }

    @Test func ratiosCompareSpeedSoThatAboveOneMeansFaster() {
        let torchRuns: [[String: Double]] = [
            ["deep_ae.samples_per_s": 20_000, "pca32.seconds": 1.2],
            ["deep_ae.samples_per_s": 40_000, "pca32.seconds": 0.6],
            ["deep_ae.samples_per_s": 45_000, "pca32.seconds": 0.5],
        ]
        let ratios = BenchFigures.ratios(
            lectern: ["deep_ae.samples_per_s": 60_000, "pca32.seconds": 0.3, "vae.samples_per_s": 1],
            torch: BenchFigures.median(of: torchRuns))
        #expect(ratios == ["deep_ae": 1.5, "pca32": 2])
    }
}
