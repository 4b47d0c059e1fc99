import Foundation
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
}
