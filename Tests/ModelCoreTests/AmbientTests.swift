import Foundation
import Testing

@testable import ModelCore

/// Models built or trained without `rng:`/`progress:` draw from the ambient run of a notebook cell.
@Suite struct AmbientTests {
    func weights(_ model: some Layer) -> [[Float]] { model.parameters.map(\.value.scalars) }

    @Test func modelsInOneRunDifferAndARerunReproducesThem() throws {
        func cell() throws -> (Autoencoder, Autoencoder) {
            try Ambient.$run.withValue(AmbientRun(seed: 7)) {
                (try Autoencoder(sizes: [6, 3]), try Autoencoder(sizes: [6, 3]))
            }
        }
        let (a, b) = try cell()
        #expect(weights(a) != weights(b), "two models of one cell start from different weights")
        let (c, d) = try cell()
        #expect(weights(a) == weights(c) && weights(b) == weights(d), "the same cell seed gives the same models")
        // The first model's stream is "autoencoder.init#1" under the cell's seed.
        let expected = try Autoencoder(sizes: [6, 3], rng: RandomStream(seed: 7, name: "autoencoder.init#1"))
        #expect(weights(a) == weights(expected))
        let other = try Ambient.$run.withValue(AmbientRun(seed: 8)) { try Autoencoder(sizes: [6, 3]) }
        #expect(weights(other) != weights(a), "another seed, other weights")
    }

    @Test func explicitStreamsWinAndNoRunKeepsTheOldDefaults() throws {
        let explicit = RandomStream(seed: 3, name: "mine")
        let inRun = try Ambient.$run.withValue(AmbientRun(seed: 7)) { try Autoencoder(sizes: [6, 3], rng: explicit) }
        #expect(weights(inRun) == weights(try Autoencoder(sizes: [6, 3], rng: explicit)))
        #expect(Ambient.run == nil)
        let outside = try Autoencoder(sizes: [6, 3])
        #expect(
            weights(outside)
                == weights(try Autoencoder(sizes: [6, 3], rng: RandomStream(seed: 0, name: "autoencoder"))))
        let classifier = try Classifier(sizes: [6, 2])
        #expect(
            weights(classifier)
                == weights(try Classifier(sizes: [6, 2], rng: RandomStream(seed: 0, name: "classifier"))))
    }

    @Test func fitShufflesFromTheRunAndReportsToItsProgress() throws {
        var rng = RandomStream(seed: 5, name: "data")
        let data = rng.uniform([20, 6])
        let start = try Autoencoder(sizes: [6, 3], rng: RandomStream(seed: 1, name: "start"))
        func copy() throws -> Autoencoder {
            try JSONDecoder().decode(Autoencoder.self, from: JSONEncoder().encode(start))
        }
        let reports = Reports()
        let run = AmbientRun(seed: 11, progress: { reports.add($0) })
        let ambient = try Ambient.$run.withValue(run) { try copy().fit(data, epochs: 2, batchSize: 5) }
        #expect(reports.count == 8, "2 epochs of 4 steps reported to the cell")
        let explicit = try copy().fit(
            data, epochs: 2, batchSize: 5, rng: RandomStream(seed: 11, name: "autoencoder.fit#1"))
        #expect(ambient.stepLoss == explicit.stepLoss, "the run's first fit stream is \"autoencoder.fit#1\"")
        let outside = try copy().fit(data, epochs: 2, batchSize: 5)
        #expect(outside.stepLoss != ambient.stepLoss)
        #expect(
            outside.stepLoss
                == (try copy().fit(data, epochs: 2, batchSize: 5, rng: RandomStream(seed: 0, name: "autoencoder.fit")))
                .stepLoss)

        // An explicit callback wins over the run's.
        let mine = Reports()
        try Ambient.$run.withValue(run) {
            _ = try copy().fit(data, epochs: 1, batchSize: 5, progress: { mine.add($0) })
        }
        #expect(mine.count == 4 && reports.count == 8)
    }

    @Test func everyFitTakesTheSameProgressType() throws {
        let reports = Reports()
        let data = Tensor(repeating: 0.5, shape: [16, 2])
        let gan = try GAN(dataSize: 2, noiseSize: 2, generatorHidden: [4], discriminatorHidden: [4])
        let progress: (TrainingProgress) -> Void = { reports.add($0) }
        let history = try gan.fit(data, iterations: 3, batchSize: 8, progress: progress)
        #expect(reports.count == 3)
        let last = try #require(reports.last)
        #expect(last.step == 3 && last.stepsPerEpoch == 3 && last.isEpochEnd && last.fractionDone == 1)
        #expect(last.terms == ["discriminator": history.discriminatorLoss[2], "generator": history.generatorLoss[2]])
        #expect(history.terms["generator"] == history.generatorLoss)
        // Without a callback of its own, the GAN reports to the cell's.
        let cell = Reports()
        try Ambient.$run.withValue(AmbientRun(seed: 1, progress: { cell.add($0) })) {
            _ = try gan.fit(data, iterations: 2, batchSize: 8)
        }
        #expect(cell.count == 2)
    }

    @Test func streamCountersAreSafeAcrossThreads() {
        let run = AmbientRun(seed: 3)
        let keys = Keys()
        DispatchQueue.concurrentPerform(iterations: 200) { _ in keys.add(run.stream("probe").key) }
        let expected = Set((1...200).map { RandomStream(seed: 3, name: "probe#\($0)").key })
        #expect(keys.all == expected)
    }
}

final class Reports: @unchecked Sendable {
    private var items: [TrainingProgress] = []
    private let lock = NSLock()
    func add(_ p: TrainingProgress) { lock.withLock { items.append(p) } }
    var count: Int { lock.withLock { items.count } }
    var last: TrainingProgress? { lock.withLock { items.last } }
}

final class Keys: @unchecked Sendable {
    private var items: Set<UInt64> = []
    private let lock = NSLock()
    func add(_ key: UInt64) { _ = lock.withLock { items.insert(key) } }
    var all: Set<UInt64> { lock.withLock { items } }
}
