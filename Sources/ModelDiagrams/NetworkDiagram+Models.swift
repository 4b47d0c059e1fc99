import ModelCore
import Plots

/// `NetworkDiagram(model)` for every Lectern model, so a Plot cell can return the drawing of the model
/// it just trained.
extension NetworkDiagram {
    public init(_ model: Autoencoder, title: String = "") throws {
        try self.init(NetworkArchitecture(model), title: title)
    }

    public init(_ model: ConvAutoencoder, title: String = "") throws {
        try self.init(NetworkArchitecture(model), title: title)
    }

    public init(_ model: VariationalAutoencoder, title: String = "") throws {
        try self.init(NetworkArchitecture(model), title: title)
    }

    public init(_ model: GAN, title: String = "") throws {
        try self.init(NetworkArchitecture(model), title: title)
    }

    public init(_ model: Classifier, title: String = "") throws {
        try self.init(NetworkArchitecture(model), title: title)
    }

    /// The stages of greedy layer-wise pretraining of `model` (`Autoencoder.pretrainGreedily`).
    public init(greedyStagesOf model: Autoencoder, title: String = "") throws {
        try self.init(NetworkArchitecture(greedyStagesOf: model), title: title)
    }
}
