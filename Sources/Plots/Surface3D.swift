import Graphics

/// A surface z = f(x, y) over a rectangle, seen by an orthographic camera: shaded (viridis by height,
/// lit from the viewer) or as a wireframe with hidden lines removed, with an optional tangent plane at
/// a point and points on or near it, all drawn far to near. The notes' manifold with its tangent plane.
public struct Surface3D: Drawable {
    public enum Look: Sendable, Equatable { case shaded, wireframe }

    /// One face or dot, drawn in order of depth.
    enum Piece {
        case face([SIMD3<Double>], Color, translucent: Bool)
        case dot(SIMD3<Double>, Color)
    }

    let pieces: [Piece]
    let lower: SIMD3<Double>
    let upper: SIMD3<Double>
    public let look: Look
    public let camera: Camera3D
    public let title: String
    public let axisNames: [String]
    public let size: Size

    /// - Parameters:
    ///   - steps: grid lines each way (2…200).
    ///   - tangentAt: draws the tangent plane at (x, y), its slopes by central differences of `z`.
    ///   - points: `n × 3` row-major points drawn as dots with the surface (the data on the manifold).
    public init(
        x: ClosedRange<Double>, y: ClosedRange<Double>, steps: Int = 24, look: Look = .shaded,
        tangentAt: (x: Double, y: Double)? = nil, points: [Double] = [], camera: Camera3D = Camera3D(),
        title: String = "", axisNames: [String] = ["$x$", "$y$", "$z$"], size: Size = Size(320, 280),
        z f: (Double, Double) -> Double
    ) throws {
        guard (2...200).contains(steps) else { throw PlotError("Surface3D: steps must be 2…200, got \(steps)") }
        guard x.upperBound > x.lowerBound, y.upperBound > y.lowerBound,
            [x, y].allSatisfy({ $0.upperBound.isFinite && $0.lowerBound.isFinite })
        else { throw PlotError("Surface3D: the ranges \(x) and \(y) must be finite and not empty") }
        guard points.count % 3 == 0 else {
            throw PlotError("Surface3D: points need n × 3 numbers, got \(points.count)")
        }
        func at(_ i: Int, _ j: Int) -> SIMD3<Double> {
            let px = x.lowerBound + (x.upperBound - x.lowerBound) * Double(i) / Double(steps - 1)
            let py = y.lowerBound + (y.upperBound - y.lowerBound) * Double(j) / Double(steps - 1)
            return SIMD3(px, py, f(px, py))
        }
        let grid = (0..<steps).map { i in (0..<steps).map { j in at(i, j) } }
        let heights = grid.joined().map(\.z).filter(\.isFinite)
        var lower = SIMD3(x.lowerBound, y.lowerBound, heights.min() ?? 0)
        var upper = SIMD3(x.upperBound, y.upperBound, heights.max() ?? 0)
        var pieces: [Piece] = []
        let (zmin, zmax) = (lower.z, upper.z)
        for i in 0..<(steps - 1) {
            for j in 0..<(steps - 1) {
                let corners = [grid[i][j], grid[i + 1][j], grid[i + 1][j + 1], grid[i][j + 1]]
                guard corners.allSatisfy({ $0.z.isFinite }) else { continue }
                let mean = corners.map(\.z).reduce(0, +) / 4
                let color =
                    look == .wireframe
                    ? Color.white : Colormap.viridis.color(at: zmax > zmin ? (mean - zmin) / (zmax - zmin) : 0.5)
                pieces.append(.face(corners, color, translucent: false))
            }
        }
        if let t = tangentAt {
            let h = 1e-4 * max(x.upperBound - x.lowerBound, y.upperBound - y.lowerBound)
            let z0 = f(t.x, t.y)
            let dx = (f(t.x + h, t.y) - f(t.x - h, t.y)) / (2 * h)
            let dy = (f(t.x, t.y + h) - f(t.x, t.y - h)) / (2 * h)
            guard z0.isFinite, dx.isFinite, dy.isFinite else {
                throw PlotError("Surface3D: the surface has no tangent plane at (\(t.x), \(t.y))")
            }
            // A square of half the ranges around the point, in 6 × 6 pieces so that depth sorting
            // against the surface stays right.
            let (rx, ry) = ((x.upperBound - x.lowerBound) / 4, (y.upperBound - y.lowerBound) / 4)
            let n = 6
            func plane(_ a: Int, _ b: Int) -> SIMD3<Double> {
                let u = -rx + 2 * rx * Double(a) / Double(n)
                let v = -ry + 2 * ry * Double(b) / Double(n)
                return SIMD3(t.x + u, t.y + v, z0 + dx * u + dy * v)
            }
            for a in 0..<n {
                for b in 0..<n {
                    let face = [plane(a, b), plane(a + 1, b), plane(a + 1, b + 1), plane(a, b + 1)]
                    for p in face {
                        lower = pointwiseMin(lower, p)
                        upper = pointwiseMax(upper, p)
                    }
                    pieces.append(.face(face, Palette.okabeIto[3].withAlpha(0.45), translucent: true))
                }
            }
            pieces.append(.dot(SIMD3(t.x, t.y, z0), Color.black))
        }
        for k in stride(from: 0, to: points.count, by: 3) {
            let p = SIMD3(points[k], points[k + 1], points[k + 2])
            guard p.x.isFinite, p.y.isFinite, p.z.isFinite else { continue }
            lower = pointwiseMin(lower, p)
            upper = pointwiseMax(upper, p)
            pieces.append(.dot(p, Palette.okabeIto[3]))
        }
        self.pieces = pieces
        self.lower = lower
        self.upper = upper
        self.look = look
        self.camera = camera
        self.title = title
        self.axisNames = axisNames
        self.size = size
    }

    public var width: Double { size.width }
    public var ascent: Double { size.height }
    public var descent: Double { 0 }

    /// The title, and the cube fitted under it.
    func layout() -> (frame: Frame3D, view: View3D) {
        let frame = Frame3D(size: size, title: title, legend: [])
        return (frame, View3D(lower: lower, upper: upper, camera: camera, in: frame.plot))
    }

    public func draw(on canvas: Canvas, at origin: Point) {
        canvas.withSavedState {
            canvas.translate(origin.x, origin.y - size.height)
            let (frame, view) = layout()
            view.drawBox(on: canvas, names: axisNames)
            let light = lightDirection()
            let depths = pieces.map { piece -> Double in
                switch piece {
                case .face(let corners, _, let translucent):
                    // The tangent plane touches the surface, so by depth alone it would lose half its
                    // faces to the surface around the point; a small lead keeps it in front there.
                    corners.map { view.place($0).depth }.reduce(0, +) / Double(corners.count) + (translucent ? 0.15 : 0)
                case .dot(let p, _): view.place(p).depth
                }
            }
            for i in Scatter3D.depthOrder(depths) {
                switch pieces[i] {
                case .face(let corners, let color, let translucent):
                    canvas.newPath()
                    canvas.addPolyline(corners.map { view.place($0).point })
                    canvas.closePath()
                    if translucent {
                        canvas.fill(color, preserve: true)
                        canvas.stroke(color.withAlpha(0.8), width: 0.3)
                    } else if look == .wireframe {
                        canvas.fill(color, preserve: true)
                        canvas.stroke(Color(gray: 0.3), width: 0.5, join: .round)
                    } else {
                        let shaded = shade(color, corners.map(view.unit), light)
                        // The outline in the face's own colour closes the hairline seams between faces.
                        canvas.fill(shaded, preserve: true)
                        canvas.stroke(shaded, width: 0.4, join: .round)
                        canvas.newPath()
                        canvas.addPolyline(corners.map { view.place($0).point })
                        canvas.closePath()
                        canvas.stroke(Color(gray: 0.1, alpha: 0.18), width: 0.3)
                    }
                case .dot(let p, let color):
                    canvas.newPath()
                    canvas.addCircle(center: view.place(p).point, radius: 2.2)
                    canvas.fill(color, preserve: true)
                    canvas.stroke(.white, width: 0.5)
                }
            }
            frame.drawText(on: canvas)
        }
    }

    /// From the viewer and a little above, so faces turned to the reader are brightest.
    private func lightDirection() -> SIMD3<Double> {
        let p = camera.project(SIMD3(1, 0, 0))
        let q = camera.project(SIMD3(0, 1, 0))
        let r = camera.project(SIMD3(0, 0, 1))
        let towardsViewer = SIMD3(p.depth, q.depth, r.depth)
        let l = towardsViewer + SIMD3(0, 0, 0.5)
        return l / (l * l).sum().squareRoot()
    }

    /// `color` darkened by how far the face (in cube coordinates) turns away from the light.
    private func shade(_ color: Color, _ corners: [SIMD3<Double>], _ light: SIMD3<Double>) -> Color {
        let u = corners[2] - corners[0]
        let v = corners[3] - corners[1]
        var normal = SIMD3(u.y * v.z - u.z * v.y, u.z * v.x - u.x * v.z, u.x * v.y - u.y * v.x)
        let length = (normal * normal).sum().squareRoot()
        guard length > 0 else { return color }
        normal /= length
        let k = 0.55 + 0.45 * abs((normal * light).sum())
        return Color(red: color.red * k, green: color.green * k, blue: color.blue * k)
    }
}
