import Foundation
import TeXMath
import Testing

@testable import LecternCLI

struct TeXCommandTests {
    let directory = NSTemporaryDirectory() + "lectern-tex-\(UUID().uuidString)"

    @Test func writesOneFormulaInTheFormatItsNameSays() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for ext in ["svg", "pdf", "png"] {
            let path = "\(directory)/rec.\(ext)"
            #expect(LecternCLI.run(["tex", #"\frac{1}{d}\sum_{j=1}^d x_j"#, "-o", path], notebooks: []) == 0)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(bytes.count > 100, "\(ext) too small")
        }
        #expect(LecternCLI.run(["tex", "x", "-o", "\(directory)/x.docx"], notebooks: []) == 1)
    }

    @Test func aMalformedFormulaFailsWithExitCodeOne() {
        #expect(LecternCLI.run(["tex", #"\frac{1}{2"#, "--metrics"], notebooks: []) == 1)
        #expect(LecternCLI.run(["tex", #"\nosuchcommand"#, "--metrics"], notebooks: []) == 1)
        #expect(LecternCLI.run(["tex"], notebooks: []) != 0)
    }

    @Test func batchWritesEveryGoodFormulaAndReportsTheBadOnes() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let table = "\(directory)/f.tsv"
        try "id\tmode\ttex\na\tdisplay\tx^2\nb\tinline\t\\frac{1}{\nc\tinline\t\\alpha\n".write(
            toFile: table, atomically: true, encoding: .utf8)
        let out = "\(directory)/out"
        #expect(LecternCLI.run(["tex", "--batch", table, "-o", out], notebooks: []) == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == ["a.svg", "c.svg"])
        #expect(LecternCLI.run(["tex", "--batch", "\(directory)/missing.tsv", "-o", out], notebooks: []) == 1)
    }

    @Test func aFormulaStartingWithAMinusGoesAfterTheDoubleDash() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = "\(directory)/minus.svg"
        #expect(LecternCLI.run(["tex", "-o", path, "--", "-x^2"], notebooks: []) == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count > 100)
        #expect(LecternCLI.run(["tex", "--metrics", "--", "-x"], notebooks: []) == 0)
    }

    @Test func batchMetricsPrintsOneRowPerFormulaAndReportsTheBadOnes() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let table = "\(directory)/m.tsv"
        try "id\tmode\ttex\na\tdisplay\tx^2\nb\tinline\t\\frac{1}{\nc\tinline\t\\xrightarrow{f}\n".write(
            toFile: table, atomically: true, encoding: .utf8)
        let (text, failures) = try TeXBatch.metrics(tsvPath: table)
        let rows = text.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.map { $0.first ?? "" } == ["id", "a", "c"])
        #expect(rows.allSatisfy { $0.count == 4 })
        #expect(Double(rows[1][1]) ?? 0 > 5, "x^2 at 10pt is about 10pt wide")
        #expect(failures.map(\.id) == ["b"])
        #expect(LecternCLI.run(["tex", "--batch", table, "--metrics"], notebooks: []) == 1)
        #expect(LecternCLI.run(["tex", "--batch", table, "--metrics", "-o", directory], notebooks: []) != 0)
    }
}
