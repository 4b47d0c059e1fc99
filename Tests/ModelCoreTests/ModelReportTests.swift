import Testing

@testable import ModelCore

@Suite struct ModelReportTests {
    @Test func everyLectureModelReportsAFiniteFigure() throws {
        var logged: [ModelFigure] = []
        let settings = ModelReportSettings(trainLimit: 300, testLimit: 100, epochs: 1, labelsPerClass: 3)
        let figures = try ModelReport.run(settings) { logged.append($0) }
        #expect(logged == figures, "each figure is logged as it arrives")
        let models = Set(figures.map(\.model))
        for expected in [
            "PCA-32", "linear AE 784-32", "deep AE 784-128-64-32", "tied AE 784-128-64-32", "VAE 784-400-20",
            "conv AE 16-32 channels", "denoising AE 784-128-32", "contractive sigmoid AE 784-128",
            "k-sparse AE 784-256, k = 25", "frozen encoder + head, 30 labels",
        ] {
            #expect(models.contains(expected), "missing \(expected)")
        }
        let pairs = figures.map { "\($0.model) / \($0.measure)" }
        #expect(Set(pairs).count == pairs.count, "a model reports each measure once")
        for figure in figures {
            #expect(figure.value.isFinite && figure.seconds >= 0, "\(figure)")
        }
        let accuracies = figures.filter { $0.measure == "test accuracy" }.map(\.value)
        #expect(accuracies.count == 4 && accuracies.allSatisfy { (0...1).contains($0) })
    }

    @Test func settingsThatCannotTrainAreRefused() {
        #expect(throws: TrainingError.self) { try ModelReport.run(ModelReportSettings(epochs: 0)) }
        #expect(throws: (any Error).self) {
            try ModelReport.run(ModelReportSettings(trainLimit: 50, testLimit: 20, directory: "/nonexistent"))
        }
    }
}
