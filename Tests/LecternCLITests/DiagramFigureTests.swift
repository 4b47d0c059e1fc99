import Foundation
import Lectern
import Testing

/// Network diagrams, schematic diagrams and 3-D views as a lecturer uses them: returned from Plot
/// cells, written by `lectern figures` in every format and by `lectern build` into both documents.
@Test func handDrawnFiguresComeOutOfPlotCellsInEveryFormat() throws {
    let notebook = Notebook(id: "drawings", title: "Drawings") {
        Plot("The auto-encoder", label: "fig:ae") { _ in try NetworkDiagram(try Autoencoder(sizes: [784, 128, 64, 2])) }
        Plot("The VAE", label: "fig:vae") { _ in try NetworkDiagram(try VariationalAutoencoder(latent: 2)) }
        Plot("The loop", label: "fig:loop") { _ in
            try Diagram(
                nodes: [DiagramNode("x", "$x$", shape: .circle, column: 0), DiagramNode("f", "$f$", column: 1)],
                edges: [DiagramEdge("x", "f", label: "encode")])
        }
        Plot("Points", label: "fig:points") { _ in try Scatter3D(points: [0.0, 0, 0, 1, 1, 1, 0.5, 0, 1]) }
        Plot("A surface", label: "fig:surface") { _ in
            try Surface3D(x: -1...1, y: -1...1, tangentAt: (0, 0)) { x, y in x * x - y * y }
        }
    }
    let directory = NSTemporaryDirectory() + "lectern-drawings-\(UUID().uuidString)"
    let cache = ["--cache-directory", directory + "/cache"]
    defer { try? FileManager.default.removeItem(atPath: directory) }
    for format in ["svg", "pdf", "png"] {
        let code = LecternCLI.run(
            ["figures", "drawings", "--format", format, "--output", directory + "/figures"] + cache,
            notebooks: [notebook])
        #expect(code == 0)
        for name in ["fig-ae", "fig-vae", "fig-loop", "fig-points", "fig-surface"] {
            let size = (try? FileManager.default.attributesOfItem(atPath: "\(directory)/figures/\(name).\(format)"))?[
                .size]
            #expect((size as? Int ?? 0) > 1000, "\(name).\(format) is missing or nearly empty")
        }
    }
    let code = LecternCLI.run(
        ["build", "drawings", "--output", directory + "/out", "--quiet"] + cache, notebooks: [notebook])
    #expect(code == 0)
    let html = try String(contentsOfFile: directory + "/out/drawings.html", encoding: .utf8)
    #expect(html.components(separatedBy: "<svg").count > 5)
    #expect(FileManager.default.fileExists(atPath: directory + "/out/drawings.pdf"))
}
