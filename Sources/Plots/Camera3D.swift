import Foundation
import Graphics

/// An orthographic camera looking at the origin from `azimuth` degrees around the vertical z axis
/// (0 looks from +x, 90 from +y) and `elevation` degrees above the x–y plane, as matplotlib's
/// `view_init(elev, azim)`.
public struct Camera3D: Sendable, Equatable {
    public var azimuth: Double
    public var elevation: Double

    public init(azimuth: Double = -60, elevation: Double = 30) {
        self.azimuth = azimuth
        self.elevation = elevation
    }

    /// Where `p` lands: `x` to the right and `y` up on the picture plane, `depth` towards the viewer
    /// (larger is nearer, so points are drawn in increasing depth).
    public func project(_ p: SIMD3<Double>) -> (x: Double, y: Double, depth: Double) {
        let phi = azimuth * Double.pi / 180
        let theta = elevation * Double.pi / 180
        let (sp, cp, st, ct) = (sin(phi), cos(phi), sin(theta), cos(theta))
        return (
            x: -sp * p.x + cp * p.y,
            y: -st * cp * p.x - st * sp * p.y + ct * p.z,
            depth: ct * cp * p.x + ct * sp * p.y + st * p.z
        )
    }
}

/// The data cube of a 3-D figure fitted into a rectangle of the page: data coordinates are scaled to
/// the cube [−1, 1]³ (each axis on its own, as matplotlib does), turned by the camera and scaled to fit.
struct View3D {
    let camera: Camera3D
    let lower: SIMD3<Double>
    let upper: SIMD3<Double>
    private let scale: Double
    private let centre: Point

    /// `lower`…`upper` bound the data; an axis of zero extent is widened by one unit each way.
    init(lower: SIMD3<Double>, upper: SIMD3<Double>, camera: Camera3D, in rect: Rect) {
        var lo = lower
        var hi = upper
        for k in 0..<3 {
            if !(lo[k].isFinite && hi[k].isFinite) || lo[k] > hi[k] { (lo[k], hi[k]) = (-1, 1) }
            if hi[k] - lo[k] < 1e-12 * max(abs(lo[k]), 1) { (lo[k], hi[k]) = (lo[k] - 1, hi[k] + 1) }
        }
        self.lower = lo
        self.upper = hi
        self.camera = camera
        let corners = View3D.cubeCorners.map { camera.project($0) }
        let (xs, ys) = (corners.map(\.x), corners.map(\.y))
        let width = (xs.max() ?? 1) - (xs.min() ?? -1)
        let height = (ys.max() ?? 1) - (ys.min() ?? -1)
        scale = min(rect.width / max(width, 1e-9), rect.height / max(height, 1e-9))
        let mid = Point(((xs.max() ?? 0) + (xs.min() ?? 0)) / 2, ((ys.max() ?? 0) + (ys.min() ?? 0)) / 2)
        centre = Point(rect.center.x - mid.x * scale, rect.center.y + mid.y * scale)
    }

    static let cubeCorners: [SIMD3<Double>] = [-1.0, 1].flatMap { x in
        [-1.0, 1].flatMap { y in [-1.0, 1].map { z in SIMD3(x, y, z) } }
    }

    /// Data coordinates in the cube [−1, 1]³.
    func unit(_ p: SIMD3<Double>) -> SIMD3<Double> { (p - lower) / (upper - lower) * 2 - 1 }

    /// A point of the cube on the page, and its depth.
    func place(unit p: SIMD3<Double>) -> (point: Point, depth: Double) {
        let q = camera.project(p)
        return (Point(centre.x + q.x * scale, centre.y - q.y * scale), q.depth)
    }

    func place(_ p: SIMD3<Double>) -> (point: Point, depth: Double) { place(unit: unit(p)) }

    /// The projected centre of the cube.
    var middle: Point { centre }

    // MARK: The axes box

    /// The twelve edges of the cube in light grey, then for each axis ticks and its name on the edge
    /// nearest the viewer at the bottom (x, y) or on the left (z), pushed outwards from the middle.
    func drawBox(on canvas: Canvas, names: [String]) {
        canvas.newPath()
        for a in View3D.cubeCorners {
            for b in View3D.cubeCorners where b.x >= a.x && b.y >= a.y && b.z >= a.z {
                let d = b - a
                guard (d * d).sum() == 4 else { continue }
                canvas.move(to: place(unit: a).point)
                canvas.line(to: place(unit: b).point)
            }
        }
        canvas.stroke(Color(gray: 0.72), width: 0.6)
        let marks = axisMarks(names: names)
        canvas.newPath()
        for (from, to) in marks.ticks {
            canvas.move(to: from)
            canvas.line(to: to)
        }
        canvas.stroke(Style.ink, width: 0.6)
        for text in marks.texts { text.draw(on: canvas) }
    }

    /// Tick marks, tick labels and names of the three axes. A tick label that would touch one already
    /// placed (two axes meet at a corner) is left out.
    func axisMarks(names: [String]) -> (ticks: [(Point, Point)], texts: [PlacedLabel]) {
        var ticks: [(Point, Point)] = []
        var texts: [PlacedLabel] = []
        for axis in 0..<3 {
            let (a, b) = axisEdge(axis)
            let mid = place(unit: (a + b) / 2).point
            var out = Point(mid.x - middle.x, mid.y - middle.y)
            let length = max((out.x * out.x + out.y * out.y).squareRoot(), 1e-9)
            out = Point(out.x / length, out.y / length)
            let values = Ticks.extended(lower[axis], upper[axis], target: 4, inside: true)
            var reach = 0.0
            for (value, text) in zip(values, TickFormat.labels(values).labels) {
                var p = a
                p[axis] = (value - lower[axis]) / (upper[axis] - lower[axis]) * 2 - 1
                let at = place(unit: p).point
                ticks.append((at, Point(at.x + out.x * Style.tickLength, at.y + out.y * Style.tickLength)))
                let label = PlotLabel(text, font: Style.tickFont, color: Style.ink)
                let r = outside(of: at, direction: out, distance: Style.tickLength + Style.tickPad, size: label.size)
                reach = max(reach, abs(out.x) * label.width + abs(out.y) * label.height)
                guard !texts.contains(where: { $0.rect.insetBy(dx: -2, dy: -1).intersects(r) }) else { continue }
                texts.append(PlacedLabel(label: label, rect: r))
            }
            guard axis < names.count, !names[axis].isEmpty else { continue }
            let label = PlotLabel(names[axis], font: Style.labelFont, color: Style.ink)
            let distance = Style.tickLength + Style.tickPad + reach + 3
            texts.append(
                PlacedLabel(label: label, rect: outside(of: mid, direction: out, distance: distance, size: label.size)))
        }
        return (ticks, texts)
    }

    /// The edge of the cube that carries the ticks of `axis`: two corners in unit coordinates.
    func axisEdge(_ axis: Int) -> (SIMD3<Double>, SIMD3<Double>) {
        var best: (SIMD3<Double>, SIMD3<Double>)?
        var bestScore = -Double.infinity
        for s in [-1.0, 1] {
            for t in [-1.0, 1] {
                var a = SIMD3<Double>(repeating: 0)
                let others = [0, 1, 2].filter { $0 != axis }
                a[others[0]] = s
                a[others[1]] = t
                var b = a
                a[axis] = -1
                b[axis] = 1
                let mid = place(unit: (a + b) / 2)
                // x and y: the bottom edge nearest the viewer; z: the left-most vertical edge.
                let score = axis == 2 ? -mid.point.x - 0.01 * mid.depth : mid.point.y * 10 + mid.depth
                if score > bestScore {
                    bestScore = score
                    best = (a, b)
                }
            }
        }
        return best ?? (SIMD3(-1, -1, -1), SIMD3(1, -1, -1))
    }

    /// A box of `size` whose nearest side lies `distance` from `p` in the unit `direction`.
    private func outside(of p: Point, direction d: Point, distance: Double, size: Size) -> Rect {
        // Push the box's centre out until its edge, not its centre, is `distance` away.
        let half = abs(d.x) * size.width / 2 + abs(d.y) * size.height / 2
        let c = Point(p.x + d.x * (distance + half), p.y + d.y * (distance + half))
        return Rect(x: c.x - size.width / 2, y: c.y - size.height / 2, width: size.width, height: size.height)
    }

    /// Room a 3-D panel keeps around its cube for tick labels and axis names.
    static let margin = 34.0
}
