import Testing

@testable import ModelCore

/// Copies of every parameter's value, to see whether training touched a model.
private func snapshot(_ layer: some Layer) -> [Tensor] { layer.parameters.map(\.value) }

@Suite struct ClassifierTests {
    @Test func anMLPLearnsFashionMNISTFromAThousandImages() throws {
        let train = try FashionMNIST.load(.train, limit: 1000)
        let test = try FashionMNIST.load(.test, limit: 500)
        let classifier = try Classifier(sizes: [784, 64, 10], rng: RandomStream(seed: 1, name: "mlp"))
        let before = try classifier.accuracy(test)
        let history = try classifier.fit(train, epochs: 5, batchSize: 50, optimizer: .adam(lr: 3e-3))
        let after = try classifier.accuracy(test)
        #expect(before < 0.3, "untrained accuracy \(before)")
        #expect(after > 0.7, "trained accuracy \(after)")
        #expect(history.epochLoss.last ?? 9 < 0.7 * (history.epochLoss.first ?? 0))
    }

    @Test func frozenFeaturesStayAndTrainableFeaturesMove() throws {
        let train = try FashionMNIST.load(.train, limit: 300)
        let ae = try Autoencoder(sizes: [784, 32, 16])
        let original = snapshot(ae.encoder)
        let frozen = try Classifier(sizes: [16, 10], features: ae.encoder, trainFeatures: false)
        #expect(frozen.parameters.count == 2, "a frozen classifier trains only its head")
        try frozen.fit(train, epochs: 2)
        #expect(snapshot(ae.encoder) == original)
        let tuned = try Classifier(sizes: [16, 10], features: ae.encoder, trainFeatures: true)
        #expect(tuned.parameters.count == 6)
        try tuned.fit(train, epochs: 2)
        #expect(snapshot(ae.encoder) != original)
    }

    @Test func mismatchedLabelsAreAClearError() throws {
        let classifier = try Classifier(sizes: [4, 3])
        let x = Tensor(zeros: [5, 4])
        #expect(throws: TrainingError.invalid("4 labels for 5 samples")) {
            try classifier.accuracy(x, labels: [0, 1, 2, 0])
        }
        #expect(throws: TrainingError.invalid("2 labels for 5 samples")) {
            try classifier.fit(x, labels: [0, 1], epochs: 1)
        }
    }
}

@Suite struct FewLabelsTests {
    @Test func pretrainedEncoderBeatsChanceFourWaysAndIsLeftAlone() throws {
        let unlabelled = try FashionMNIST.load(.train, limit: 1500)
        let test = try FashionMNIST.load(.test, limit: 400)
        let labelled = try unlabelled.labelledSubset(perClass: 10, rng: RandomStream(seed: 2, name: "labels"))
        let ae = try Autoencoder(sizes: [784, 64, 16], rng: RandomStream(seed: 2, name: "ae"))
        try ae.fit(unlabelled, epochs: 4, batchSize: 64, optimizer: .adam(lr: 3e-3))
        let trained = snapshot(ae)

        let schedule = FewLabelsSchedule(headSteps: 200, fineTuneSteps: 100, logisticSteps: 150)
        let outcomes = try ae.compareFewLabels(labelled: labelled, test: test, schedule: schedule)

        #expect(outcomes.map(\.approach) == FewLabelsApproach.allCases)
        for outcome in outcomes {
            // Chance is 10%; 100 labels take every approach well past it on Fashion-MNIST.
            #expect(outcome.testAccuracy > 0.45, "\(outcome.approach): \(outcome.testAccuracy)")
            #expect(outcome.seconds >= 0)
        }
        #expect(snapshot(ae) == trained, "the comparison must fine-tune a copy, not the auto-encoder")
        // The same inputs give the same accuracies: every stream is seeded.
        let again = try ae.compareFewLabels(labelled: labelled, test: test, schedule: schedule)
        #expect(again.map(\.testAccuracy) == outcomes.map(\.testAccuracy))
    }

    @Test func copiesOwnTheirStorageAndFreshWeightsDiffer() throws {
        let encoder = try Autoencoder.kSparse(sizes: [20, 8, 6], k: 3).encoder
        let copy = try encoder.independentCopy()
        #expect(snapshot(copy) == snapshot(encoder))
        #expect(zip(copy.parameters, encoder.parameters).allSatisfy { $0 !== $1 })
        copy.parameters[0].value = Tensor(zeros: copy.parameters[0].shape)
        #expect(snapshot(copy) != snapshot(encoder))

        let fresh = try encoder.reinitialized(rng: RandomStream(seed: 9, name: "fresh"))
        #expect(fresh.parameters.map(\.shape) == encoder.parameters.map(\.shape))
        #expect(fresh.parameters[0].value != encoder.parameters[0].value)
        #expect(fresh.layers.count == 3, "the parameterless k-sparse layer is kept")
    }

    @Test func wrongImageSizeIsAClearError() throws {
        let ae = try Autoencoder(sizes: [10, 4])
        let images = try FashionMNIST.load(.test, limit: 20)
        #expect(throws: TensorError.self) { try ae.compareFewLabels(labelled: images, test: images) }
    }
}
