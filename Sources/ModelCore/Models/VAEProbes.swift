import Foundation

/// The VAE figures of the notes: a decoded grid over a 2-D latent space, interpolation and attribute vectors.
extension VariationalAutoencoder {
    /// Latent points on a side x side grid over two latent dimensions at the quantiles (i + 0.5) / side of
    /// N(0, 1), row by row with the first dimension across; other dimensions are 0. Shape [side * side, latent].
    public func latentGrid(side: Int, dimensions: (Int, Int) = (0, 1)) throws -> Tensor {
        guard side >= 1, dimensions.0 != dimensions.1, (0..<latent).contains(dimensions.0),
            (0..<latent).contains(dimensions.1)
        else {
            throw TensorError(
                "a latent grid needs side >= 1 and two distinct dimensions below \(latent), got "
                    + "side \(side), dimensions \(dimensions)")
        }
        let q = normalQuantileGrid(side).map(Float.init)
        var z = Tensor(zeros: [side * side, latent])
        for row in 0..<side {
            for column in 0..<side {
                let i = row * side + column
                z.scalars[i * latent + dimensions.0] = q[column]
                z.scalars[i * latent + dimensions.1] = q[side - 1 - row]  // up is positive, as on a plot
            }
        }
        return z
    }

    /// The images decoded at `latentGrid(side:dimensions:)`, [side * side, inputs].
    public func decodeGrid(side: Int, dimensions: (Int, Int) = (0, 1)) throws -> Tensor {
        try decode(latentGrid(side: side, dimensions: dimensions))
    }

    /// Images decoded along the line between the posterior means of two inputs, ends included.
    public func interpolate(from a: Tensor, to b: Tensor, steps: Int) throws -> Tensor {
        try decode(codeLine(from: encode(a.reshaped([1, inputs])), to: encode(b.reshaped([1, inputs])), steps: steps))
    }

    /// z + alpha (target - z) for each alpha: moving a code toward a class mean (the notes' attribute vectors).
    public func attributeShift(_ z: Tensor, toward target: Tensor, alphas: [Float]) throws -> Tensor {
        guard z.count == latent, target.count == latent else {
            throw TensorError.mismatch("attributeShift", z.shape, target.shape, "both must hold \(latent) values")
        }
        let direction = try target.reshaped([latent]) - z.reshaped([latent])
        var values = [Float]()
        for alpha in alphas { values += try (z.reshaped([latent]) + direction * alpha).scalars }
        return try Tensor(shape: [alphas.count, latent], scalars: values)
    }
}
