import Foundation
import Graphics

@testable import Plots

extension Gallery {
    /// The drawings of the notes: the denoising loop, 4-D points on a rolled-up surface, a manifold with
    /// its tangent plane and (not in the docs) points near a saddle as a wireframe.
    static func drawings(small: Bool) throws -> [(String, any Drawable)] {
        let roll = SwissRoll(count: small ? 1500 : 5000, seed: 2)
        var out: [(String, any Drawable)] = [
            ("diagram", try denoisingLoop()),
            (
                "scatter3d",
                try Scatter3D(
                    points: roll.points, values: roll.along, camera: Camera3D(azimuth: -70, elevation: 20),
                    title: "4-D points on a curved 2-D surface", radius: 1.6)
            ),
            (
                "surface3d",
                try Surface3D(
                    x: -2...2, y: -2...2, steps: 26, tangentAt: (0.5, 0.4),
                    camera: Camera3D(azimuth: -55, elevation: 28),
                    title: "A manifold and its tangent plane"
                ) { x, y in 1.2 * exp(-(x * x + y * y) / 2) - 0.1 * x }
            ),
        ]
        if !small {
            var r = TestRandom(seed: 8)
            let samples = (0..<40).flatMap { _ -> [Double] in
                let (x, y) = (r.uniform() * 2 - 1, r.uniform() * 2 - 1)
                return [x, y, x * x - y * y + r.normal() * 0.05]
            }
            out.append(
                (
                    "surface3d-wireframe",
                    try Surface3D(
                        x: -1...1, y: -1...1, steps: 16, look: .wireframe, points: samples,
                        title: "Points near a saddle"
                    ) { x, y in x * x - y * y }
                ))
        }
        return out
    }
}

/// Points on a rolled-up sheet (the swiss roll) and how far along the roll each lies.
struct SwissRoll {
    var points: [Double] = []
    var along: [Double] = []

    init(count: Int, seed: UInt64) {
        var r = TestRandom(seed: seed)
        for _ in 0..<count {
            let t = 1.5 * Double.pi * (1 + 2 * r.uniform())
            points += [t * cos(t), 21 * r.uniform(), t * sin(t)]
            along.append(t)
        }
    }
}
