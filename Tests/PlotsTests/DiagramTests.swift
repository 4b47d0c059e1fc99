import Foundation
import Graphics
import Testing

@testable import Plots

/// The notes' denoising auto-encoder: x → corrupt → x̃ → f → h → g → r, the loss against the clean x.
func denoisingLoop(thumbnails: Bool = true) throws -> Diagram {
    let clean = Fixtures.patterns(1)
    var noise = TestRandom(seed: 3)
    let corrupted = clean.map { noise.uniform() < 0.3 ? 0 : $0 }
    let encoder = Palette.okabeIto[0]
    let decoder = Palette.okabeIto[1]
    return try Diagram(
        title: "Denoising auto-encoder",
        nodes: [
            DiagramNode(
                "x", "$x$",
                shape: thumbnails ? try DiagramNode.thumbnail(pixels: clean, width: 28, height: 28) : .circle,
                column: 0),
            DiagramNode("corrupt", "corrupt", shape: .roundedBox, column: 1, caption: "$q_D(\\tilde{x} \\mid x)$"),
            DiagramNode(
                "xt", "$\\tilde{x}$",
                shape: thumbnails ? try DiagramNode.thumbnail(pixels: corrupted, width: 28, height: 28) : .circle,
                column: 2),
            DiagramNode("f", "$f_\\theta$", shape: .trapezoid(narrowing: .right), column: 3, color: encoder),
            DiagramNode("h", "$h$", shape: .circle, column: 4, caption: "code"),
            DiagramNode("g", "$g_{\\theta'}$", shape: .trapezoid(narrowing: .left), column: 5, color: decoder),
            DiagramNode("r", "$r$", shape: .circle, column: 6, caption: "reconstruction"),
            DiagramNode("loss", "$L(x, r)$", shape: .roundedBox, column: 7, color: Palette.okabeIto[3]),
        ],
        edges: [
            DiagramEdge("x", "corrupt"), DiagramEdge("corrupt", "xt"), DiagramEdge("xt", "f"), DiagramEdge("f", "h"),
            DiagramEdge("h", "g"), DiagramEdge("g", "r"), DiagramEdge("r", "loss"),
            DiagramEdge("x", "loss", label: "compared with the clean input", route: .below, dashed: true),
        ],
        groups: [DiagramGroup("auto-encoder", members: ["f", "h", "g"])])
}

/// Every text of a diagram inside the picture, clear of every other text and of every shape but
/// the one it labels.
func expectTidy(_ diagram: Diagram, _ name: String) {
    let layout = diagram.layout
    let texts = layout.texts.map(\.placed)
    expectTidy(texts, in: Rect(x: 0, y: 0, width: diagram.width, height: diagram.height), name)
    for text in layout.texts {
        for (n, node) in layout.nodes.enumerated() where n != text.insideNode {
            if text.placed.rect.insetBy(dx: 0.05, dy: 0.05).intersects(node.shape) {
                Issue.record("\(name): \"\(text.placed.label.text)\" lies on node \(node.node.id)")
            }
        }
    }
}

@Test func denoisingLoopKeepsItsTextApart() throws {
    for thumbnails in [true, false] { expectTidy(try denoisingLoop(thumbnails: thumbnails), "denoising") }
}

@Test func tidinessCheckSeesTextOnAShape() throws {
    // Two nodes on the same spot: each one's label lies on the other's shape.
    let clash = try Diagram(nodes: [DiagramNode("a", "first", column: 0), DiagramNode("b", "second", column: 0)])
    let layout = clash.layout
    let onOther = layout.texts.contains { text in
        layout.nodes.indices.contains { $0 != text.insideNode && text.placed.rect.intersects(layout.nodes[$0].shape) }
    }
    #expect(onOther)
}

@Test func nodesFollowTheirRowsAndColumns() throws {
    let d = try Diagram(nodes: [
        DiagramNode("a", "a", column: 0), DiagramNode("b", "b", column: 1), DiagramNode("c", "c", row: 1, column: 0),
        DiagramNode("mid", "m", row: 0.5, column: 2),
    ])
    let at = Dictionary(uniqueKeysWithValues: d.layout.nodes.map { ($0.node.id, $0.shape.center) })
    let (a, b, c, mid) = (at["a"]!, at["b"]!, at["c"]!, at["mid"]!)
    #expect(abs(a.y - b.y) < 1e-9 && b.x > a.x)
    #expect(abs(a.x - c.x) < 1e-9 && c.y > a.y)
    #expect(abs(mid.y - (a.y + c.y) / 2) < 1e-9 && mid.x > b.x)
}

@Test func aColumnGapWidensForItsArrowLabel() throws {
    func gap(_ label: String) throws -> Double {
        let d = try Diagram(
            nodes: [DiagramNode("a", "a", column: 0), DiagramNode("b", "b", column: 1)],
            edges: [DiagramEdge("a", "b", label: label)])
        return d.layout.nodes[1].shape.minX - d.layout.nodes[0].shape.maxX
    }
    let short = try gap("")
    let long = try gap("a rather long label on this arrow")
    #expect(long > short + 60)
}

@Test func arrowsStartAndEndOnTheirShapes() throws {
    let d = try Diagram(
        nodes: [DiagramNode("a", "a", shape: .circle, column: 0), DiagramNode("b", "bb", row: 1, column: 1)],
        edges: [
            DiagramEdge("a", "b"), DiagramEdge("a", "b", route: .elbow),
            DiagramEdge("b", "a", route: .curved(bend: 0.2)),
        ])
    let a = d.layout.nodes[0].shape
    let b = d.layout.nodes[1].shape
    for edge in d.layout.edges {
        let (start, end): (Point, Point)
        switch edge.path {
        case .polyline(let p): (start, end) = (p[0], p[p.count - 1])
        case .curve(let p, _, _, let q): (start, end) = (p, q)
        }
        let (from, to) = edge.edge.from == "a" ? (a, b) : (b, a)
        let onCircle = { (p: Point, r: Rect) in abs(DiagramLayout.length(p, r.center) - r.width / 2) < 1e-6 }
        let onRect = { (p: Point, r: Rect) in
            (abs(p.x - r.minX) < 1e-6 || abs(p.x - r.maxX) < 1e-6 || abs(p.y - r.minY) < 1e-6
                || abs(p.y - r.maxY) < 1e-6)
                && r.insetBy(dx: -1e-6, dy: -1e-6).contains(Rect(x: p.x, y: p.y, width: 0, height: 0))
        }
        #expect(from == a ? onCircle(start, a) : onRect(start, b), "\(edge.edge.route) starts off its shape")
        #expect(to == a ? onCircle(end, a) : onRect(end, b), "\(edge.edge.route) ends off its shape")
    }
}

@Test func aLaneBelowPassesUnderEverythingBetween() throws {
    let d = try denoisingLoop()
    let below = d.layout.edges.first { $0.edge.route == .below }!
    guard case .polyline(let points) = below.path else { Issue.record("not a polyline"); return }
    let lane = points[1].y
    #expect(abs(points[2].y - lane) < 1e-9)
    for node in d.layout.nodes { #expect(node.extent.maxY < lane) }
}

@Test func badDiagramsAreRefusedWithTheirNames() {
    #expect(throws: PlotError("Diagram: two nodes are called \"a\"")) {
        try Diagram(nodes: [DiagramNode("a", column: 0), DiagramNode("a", column: 1)])
    }
    #expect(throws: PlotError("Diagram: the edge a → b names \"b\", which is no node")) {
        try Diagram(nodes: [DiagramNode("a", column: 0)], edges: [DiagramEdge("a", "b")])
    }
    #expect(throws: PlotError("Diagram: the group \"g\" names \"z\", which is no node")) {
        try Diagram(nodes: [DiagramNode("a", column: 0)], groups: [DiagramGroup("g", members: ["z"])])
    }
    #expect(throws: PlotError.self) { try Diagram(nodes: [DiagramNode("a", column: .nan)]) }
    #expect(throws: PlotError.self) { try Diagram(nodes: [DiagramNode("a", column: 1e300)]) }
    #expect(throws: PlotError.self) {
        try Diagram(nodes: [DiagramNode("a", column: 0)], edges: [DiagramEdge("a", "a", route: .curved(bend: .nan))])
    }
    #expect(throws: PlotError.self) {
        try Diagram(nodes: [DiagramNode("a", column: 0, minimumSize: Size(.infinity, 1))])
    }
    #expect(throws: PlotError.self) {
        try DiagramNode.thumbnail(pixels: [Float](repeating: 0, count: 5), width: 2, height: 2)
    }
    #expect(throws: PlotError("NetworkDiagram: the network has no layers")) {
        try NetworkDiagram(NetworkArchitecture(blocks: []))
    }
    #expect(throws: PlotError.self) {
        try NetworkDiagram(NetworkArchitecture(blocks: [.init("a", shape: .units(0), part: .data, column: 0)]))
    }
}

@Test func oddDiagramsStillDraw() throws {
    let figures: [any Drawable] = [
        try Diagram(nodes: []),
        try Diagram(nodes: [DiagramNode("a", "$\\frac{1}{$ unclosed", column: 0)], edges: [DiagramEdge("a", "a")]),
        try Diagram(
            nodes: [DiagramNode("a", column: 0), DiagramNode("b", column: 10_000, caption: "far")],
            edges: [DiagramEdge("a", "b", label: "$\\left($", route: .curved(bend: 3))]),
        try NetworkDiagram(
            NetworkArchitecture(blocks: [.init("wide", shape: .units(10_000), part: .encoder, column: 0)])),
        try NetworkDiagram(
            NetworkArchitecture(blocks: [
                .init("maps", shape: .featureMaps(channels: 4096, height: 1, width: 500), part: .encoder, column: 0),
                .init(
                    "huge", shape: .featureMaps(channels: .max, height: .max, width: .max), part: .encoder, column: 1),
            ])),
    ]
    for figure in figures {
        #expect(figure.width > 0 && figure.height > 0 && figure.width.isFinite && figure.height.isFinite)
        for kind in SurfaceKind.allCases { #expect(try !Surface.render(figure, as: kind).isEmpty) }
    }
}

@Test func blockHeightsFollowTheLogOfTheirWidth() {
    #expect(NetworkDiagram.blockHeight(1) == 10)
    #expect(abs(NetworkDiagram.blockHeight(100) - 37) < 1e-9)
    #expect(NetworkDiagram.blockHeight(10_000) == 64)
    #expect(NetworkDiagram.blockHeight(10_000_000_000) == 80)
    #expect(NetworkDiagram.count(784) == "784" && NetworkDiagram.count(10_000) == "10,000")
}
