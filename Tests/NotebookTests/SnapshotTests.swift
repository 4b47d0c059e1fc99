import Foundation
import Graphics
import Testing

@testable import Notebook

/// Where the checked-in snapshots are, and how a test compares with (or re-records) one.
enum Snapshots {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Snapshots").path

    /// `LECTERN_RECORD_SNAPSHOTS=1 swift test …` writes the snapshots anew instead of comparing.
    static var recording: Bool { ProcessInfo.processInfo.environment["LECTERN_RECORD_SNAPSHOTS"] == "1" }

    /// The snapshot `name` as checked in, or nil after re-recording it (or when there is none yet).
    static func compare(_ json: String, with name: String) throws -> String? {
        let path = "\(directory)/\(name).json"
        if recording {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try json.write(toFile: path, atomically: true, encoding: .utf8)
            return nil
        }
        return try String(contentsOfFile: path, encoding: .utf8)
    }
}

/// A figure with a line, dots, an image and text: one of each kind of drawing a snapshot summarises.
private struct SnapshotFigure: Drawable {
    var width: Double { 100 }
    var ascent: Double { 60 }
    var descent: Double { 0 }
    func draw(on canvas: Canvas, at origin: Point) {
        canvas.addPolyline([Point(origin.x, origin.y), Point(origin.x + 90, origin.y - 50)])
        canvas.stroke(.black, width: 1)
        canvas.drawDots([Point(origin.x + 10, origin.y - 10)], radius: 2, color: .black)
        canvas.draw(
            RasterImage(width: 2, height: 1, rgba: [0, 0, 0, 255, 255, 255, 255, 255]),
            in: Rect(x: origin.x + 60, y: origin.y - 20, width: 20, height: 10))
        TextLayout("a line", font: .sans(8)).draw(on: canvas, at: Point(origin.x + 5, origin.y - 45))
    }
}

struct SnapshotTests {
    /// Every kind of block a notebook makes, read and built as `lectern build` does.
    static let fixture = Notebook(id: "snapshot-fixture", title: "A fixture for snapshots", author: "A. Lecturer") {
        Markdown(
            #"""
            # Readers and passes {#sec:readers}
            Prose with *emphasis*, **strong**, `code`, ~~struck~~, a [link](https://example.org) and $x^2$.
            See @eq:rec, @fig:line, @tab:few and @sec:readers.

            - one
            - two

            > quoted
            """#)
        Math(#"L = \frac{1}{d}\sum_j (x_j - \hat{x}_j)^2"#, label: "eq:rec")
        Callout(.note, title: "Aside", "A callout with $y$.")
        Plot("A line, a dot, two pixels and a word.", label: "fig:line") { _ in SnapshotFigure() }
        DataTable("Few labels, $n$ of them.", label: "tab:few") { _ in
            TableContent(header: ["labels", "accuracy"], rows: [["10", "0.5"], ["100", "0.75"]])
        }
    }

    @Test func theFixtureDocumentMatchesItsSnapshot() throws {
        let document = Engine.run(Self.fixture).document
        let json = try DocumentSnapshot.json(of: document)
        guard let expected = try Snapshots.compare(json, with: "fixture-notebook") else { return }
        #expect(json == expected, "re-record with LECTERN_RECORD_SNAPSHOTS=1 after reviewing the change")
    }

    @Test func aSnapshotSummarisesFiguresAndIsStable() throws {
        let document = Engine.run(Self.fixture).document
        let json = try DocumentSnapshot.json(of: document)
        #expect(json == (try DocumentSnapshot.json(of: Engine.run(Self.fixture).document)))
        #expect(json.contains(#""operationCount" : "#))
        #expect(json.contains(#""digest" : "fnv1a64:"#))
        #expect(json.contains(#""a line""#))
        #expect(!json.contains(#""operations""#))
    }
}
