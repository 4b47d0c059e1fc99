import Foundation
import Lectern
import Testing

/// `lectern build --strict` fails on what a lecturer must fix before handing out; without it the
/// same notebook builds, with the problems shown in the documents.
struct StrictBuildTests {
    private func build(_ notebook: Notebook, strict: Bool) throws -> (code: Int32, html: String) {
        let directory = NSTemporaryDirectory() + "lectern-strict-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let arguments =
            [
                "build", notebook.id, "--output", directory + "/out", "--quiet", "--cache-directory",
                directory + "/cache",
            ]
            + (strict ? ["--strict"] : [])
        let code = LecternCLI.run(arguments, notebooks: [notebook])
        return (code, try String(contentsOfFile: "\(directory)/out/\(notebook.id).html", encoding: .utf8))
    }

    @Test func aClaimThatDoesNotHoldFailsOnlyAStrictBuild() throws {
        let notebook = Notebook(id: "claims", title: "Claims") {
            Markdown("The loss falls.")
            Claim("the loss falls below one half") { _ in Double(0.7) < 0.5 }
        }
        let relaxed = try build(notebook, strict: false)
        #expect(relaxed.code == 0)
        #expect(relaxed.html.contains("Claim does not hold"))
        #expect(relaxed.html.contains("the loss falls below one half"))
        #expect(try build(notebook, strict: true).code != 0)
    }

    @Test func aFormulaThatDoesNotTypesetFailsOnlyAStrictBuild() throws {
        let notebook = Notebook(id: "formula", title: "Formula") { Math(#"\frac{1}"#) }
        #expect(try build(notebook, strict: false).code == 0)
        #expect(try build(notebook, strict: true).code != 0)
    }

    @Test func aBadFormulaInACaptionATableCellOrACalloutFailsAStrictBuild() throws {
        let caption = Notebook(id: "caption", title: "Caption") {
            Plot("Codes for $\\frac{1}$") { _ in TextLayout("x", font: .roman(10)) }
        }
        let cell = Notebook(id: "cell", title: "Cell") {
            DataTable("Errors") { _ in TableContent(header: ["error"], rows: [["$\\sqrt$"]]) }
        }
        let callout = Notebook(id: "callout", title: "Callout") { Callout(.note, title: nil, "Is $\\left( x$.") }
        for notebook in [caption, cell, callout] {
            #expect(try build(notebook, strict: false).code == 0, "\(notebook.id)")
            #expect(try build(notebook, strict: true).code != 0, "\(notebook.id)")
        }
    }

    @Test func aNotebookWithoutProblemsPassesAStrictBuild() throws {
        let notebook = Notebook(id: "fine", title: "Fine") {
            Markdown("Prose with $x^2$.")
            Claim("two is more than one") { _ in Int(2) > 1 }
        }
        #expect(try build(notebook, strict: true).code == 0)
    }
}
