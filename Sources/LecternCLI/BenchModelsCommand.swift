import ArgumentParser
import Foundation
import ModelCore

struct BenchModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "Train every lecture model on Fashion-MNIST; print the test figure each reaches and its time.",
        discussion: """
            PCA, linear, deep, tied, stacked, sparse, k-sparse, denoising, contractive and convolutional
            auto-encoders, semantic hashing, k-means on codes, the VAE, the GAN and the few-labels classifiers,
            as a Markdown table: a few minutes at one thread on the full data.
            """)

    @Option(name: .long, help: "Threads for OpenBLAS and the kernels.")
    var threads: Int = 1

    @Option(name: .long, help: "Epochs per model.")
    var epochs = 5

    @Option(name: .long, help: "Only the first N training images (default: all 60,000).")
    var trainImages: Int?

    @Option(name: .long, help: "Only the first N test images (default: all 10,000).")
    var testImages: Int?

    @Option(name: .long, help: "Labelled images per class for the few-labels classifiers.")
    var labelsPerClass = 100

    @Option(name: .long, help: "Write the figures as JSON to this file.")
    var json: String?

    func validate() throws {
        guard threads >= 1, epochs >= 1, labelsPerClass >= 1, (trainImages ?? 1) >= 1, (testImages ?? 12) >= 12
        else {
            throw ValidationError(
                "--threads, --epochs, --labels-per-class and --train-images must be at least 1, --test-images at least 12"
            )
        }
    }

    func run() throws {
        printBenchHeader()
        BLAS.setThreads(threads)
        let settings = ModelReportSettings(
            trainLimit: trainImages, testLimit: testImages, epochs: epochs, labelsPerClass: labelsPerClass)
        print("| model | measure | value | seconds |")
        print("| --- | --- | --- | --- |")
        let figures: [ModelFigure]
        do {
            figures = try ModelReport.run(settings) { figure in
                print(
                    "| \(figure.model) | \(figure.measure) | \(String(format: "%.4f", figure.value)) | "
                        + "\(String(format: "%.1f", figure.seconds)) |")
                fflush(nil)  // rows arrive minutes apart; show each at once, also through a pipe
            }
        } catch {
            throw CommandFailure("model report failed: \(error)")
        }
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try OutputFiles.write(Array(try encoder.encode(figures)), to: json)
        }
    }
}
