import Foundation
import Graphics
import Testing

@testable import Plots

@Test func cameraProjectsAsComputedByHand() {
    // Azimuth 30°, elevation 20°: right = (−sin 30°, cos 30°, 0), up = (−sin 20° cos 30°, −sin 20° sin 30°, cos 20°),
    // towards the viewer = (cos 20° cos 30°, cos 20° sin 30°, sin 20°).
    let camera = Camera3D(azimuth: 30, elevation: 20)
    let p = camera.project(SIMD3(1, 2, 3))
    let (s20, c20, s30, c30) = (0.34202014332566873, 0.93969262078590838, 0.5, 0.86602540378443865)
    #expect(abs(p.x - (-s30 * 1 + c30 * 2)) < 1e-12)  // 1.2320508
    #expect(abs(p.y - (-s20 * c30 * 1 - s20 * s30 * 2 + c20 * 3)) < 1e-12)  // 2.1808596
    #expect(abs(p.depth - (c20 * c30 * 1 + c20 * s30 * 2 + s20 * 3)) < 1e-12)
    #expect(abs(p.x - 1.2320508075688772) < 1e-12)
    #expect(abs(p.y - 2.1808596) < 1e-6)
    // Straight down the x axis: y to the right, z up, x towards the viewer.
    let front = Camera3D(azimuth: 0, elevation: 0).project(SIMD3(5, 2, 3))
    #expect(abs(front.x - 2) < 1e-12 && abs(front.y - 3) < 1e-12 && abs(front.depth - 5) < 1e-12)
    // From straight above, z is depth.
    let top = Camera3D(azimuth: -90, elevation: 90).project(SIMD3(1, 2, 7))
    #expect(abs(top.x - 1) < 1e-12 && abs(top.y - 2) < 1e-12 && abs(top.depth - 7) < 1e-12)
}

@Test func theCubeFillsItsRectangleCentred() {
    let rect = Rect(x: 10, y: 20, width: 200, height: 100)
    let view = View3D(lower: SIMD3(0, 0, 0), upper: SIMD3(4, 2, 1), camera: Camera3D(), in: rect)
    let corners = View3D.cubeCorners.map { view.place(unit: $0).point }
    let (xs, ys) = (corners.map(\.x), corners.map(\.y))
    #expect(xs.min()! >= rect.minX - 1e-9 && xs.max()! <= rect.maxX + 1e-9)
    #expect(ys.min()! >= rect.minY - 1e-9 && ys.max()! <= rect.maxY + 1e-9)
    // It touches two opposite sides and is centred along the other direction.
    let touchesX = abs(xs.min()! - rect.minX) < 1e-9 && abs(xs.max()! - rect.maxX) < 1e-9
    let touchesY = abs(ys.min()! - rect.minY) < 1e-9 && abs(ys.max()! - rect.maxY) < 1e-9
    #expect(touchesX || touchesY)
    #expect(abs((xs.min()! + xs.max()!) / 2 - rect.center.x) < 1e-9)
    #expect(abs((ys.min()! + ys.max()!) / 2 - rect.center.y) < 1e-9)
    // Data corners map to cube corners.
    #expect(view.unit(SIMD3(4, 0, 1)) == SIMD3(1, -1, 1))
}

@Test func nearerPointsAreDrawnOverFartherOnes() throws {
    // Seen from +x, (1, 0, 0) and (−1, 0, 0) land on the same spot; the one at x = 1 is nearer.
    let camera = Camera3D(azimuth: 0, elevation: 0)
    let near = camera.project(SIMD3(1, 0, 0))
    let far = camera.project(SIMD3(-1, 0, 0))
    #expect(near.x == far.x && near.y == far.y)
    let order = Scatter3D.depthOrder([near.depth, far.depth, 0])
    #expect(order == [1, 2, 0])
    // The same in a picture: a red point in front of a blue one at the same place shows red.
    let scatter = try Scatter3D(
        points: [-1.0, 0, 0, 1, 0, 0, 0, 1, 1, 0, -1, -1], classes: [0, 3, 1, 1],
        palette: Palette([Color(hex: 0x0000FF), .black, .black, Color(hex: 0xFF0000)]), camera: camera,
        depthCue: false, radius: 6, size: Size(120, 120))
    let reversed = try Scatter3D(
        points: [1.0, 0, 0, -1, 0, 0, 0, 1, 1, 0, -1, -1], classes: [3, 0, 1, 1],
        palette: Palette([Color(hex: 0x0000FF), .black, .black, Color(hex: 0xFF0000)]), camera: camera,
        depthCue: false, radius: 6, size: Size(120, 120))
    for figure in [scatter, reversed] {
        let centre = try centrePixel(of: figure)
        #expect(centre.red > 200 && centre.blue < 60, "the nearer red point should cover the blue one, got \(centre)")
    }
}

/// The colour at the middle of a figure's picture, read back from a PDF by pdftoppm.
func centrePixel(of figure: any Drawable) throws -> (red: Int, green: Int, blue: Int) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-3d-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let pdf = dir.appendingPathComponent("f.pdf")
    try Data(try Surface.render(figure, as: .pdf)).write(to: pdf)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftoppm")
    process.arguments = ["-r", "72", "-singlefile", pdf.path, dir.appendingPathComponent("f").path]
    try process.run()
    process.waitUntilExit()
    let bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent("f.ppm")))
    // P6 header: magic, width, height, maximum, each followed by whitespace.
    var fields: [Int] = []
    var i = 2
    while fields.count < 3 {
        while bytes[i] == 0x20 || bytes[i] == 0x0A { i += 1 }
        var n = 0
        while bytes[i] >= 0x30 && bytes[i] <= 0x39 {
            n = n * 10 + Int(bytes[i] - 0x30)
            i += 1
        }
        fields.append(n)
    }
    i += 1
    let (w, h) = (fields[0], fields[1])
    let at = i + 3 * ((h / 2) * w + w / 2)
    return (Int(bytes[at]), Int(bytes[at + 1]), Int(bytes[at + 2]))
}

@Test func depthCueFadesFarPointsTowardsWhite() {
    let blue = Palette.okabeIto[0]
    #expect(Scatter3D.cue(blue, nearness: 1) == blue)
    let far = Scatter3D.cue(blue, nearness: 0)
    #expect(far.red > blue.red && far.green > blue.green && far.blue > blue.blue)
    #expect(abs(far.red - (blue.red + (1 - blue.red) * 0.55)) < 1e-12)
}

@Test func bad3DInputIsRefused() {
    #expect(throws: PlotError("Scatter3D: expected n × 3 numbers (x, y, z rows), got 4")) {
        try Scatter3D(points: [1.0, 2, 3, 4])
    }
    #expect(throws: PlotError("Scatter3D: 1 points but 2 classes")) {
        try Scatter3D(points: [1.0, 2, 3], classes: [0, 1])
    }
    #expect(throws: PlotError.self) { try Scatter3D(points: [1.0, 2, 3], classes: [-1]) }
    #expect(throws: PlotError.self) { try Scatter3D(points: [1.0, 2, 3], radius: .infinity) }
    #expect(throws: PlotError.self) { try Surface3D(x: 0...1, y: 0...1, steps: 1) { $0 + $1 } }
    #expect(throws: PlotError.self) { try Surface3D(x: 1...1, y: 0...1) { $0 + $1 } }
    #expect(throws: PlotError.self) {
        try Surface3D(x: 0...1, y: 0...1, tangentAt: (0.5, 0.5)) { x, _ in x < 0.5 ? 0 : .nan }
    }
}

@Test func odd3DInputStillDraws() throws {
    let figures: [any Drawable] = [
        try Scatter3D(points: [Double]()),
        try Scatter3D(points: [1.0, 1, 1]),
        try Scatter3D(points: [0.0, 0, 0, .nan, 1, 1, 1e30, -1e30, 0], values: [1, 2, 3]),
        try Surface3D(x: -1...1, y: -1...1, steps: 2) { _, _ in 0 },
        try Surface3D(x: -1...1, y: -1...1, look: .wireframe) { x, y in x * y > 0.5 ? .infinity : x * y },
    ]
    for figure in figures {
        for kind in SurfaceKind.allCases { #expect(try Surface.render(figure, as: kind).count > 100) }
    }
}

@Test func dotsAreBatchedByColourWithoutChangingAnyOverlap() {
    let (a, b) = (Color(gray: 0.2), Color(gray: 0.8))
    // Far to near: a at the origin, b over it, a again over b (a batch of its own), and two more a's far
    // from the others, which join that latest batch of a.
    let points = [Point(0, 0), Point(1, 0), Point(2, 0), Point(50, 50), Point(80, 80)]
    let batches = Scatter3D.batches(points, colors: [a, b, a, a, a], radius: 2)
    #expect(batches.map(\.color) == [a, b, a])
    #expect(batches.map(\.points.count) == [1, 1, 3])
    // Apart, everything of one colour is one batch.
    let apart = Scatter3D.batches([Point(0, 0), Point(10, 0), Point(20, 0)], colors: [a, b, a], radius: 2)
    #expect(apart.map(\.points.count) == [2, 1])
}
