import Foundation
import Publish
import Testing

@testable import Notebook

struct RenderedOutputsTests {
    let cacheDirectory = NSTemporaryDirectory() + "lectern-rendered-test-\(UUID().uuidString)"

    func document(_ text: String) -> Document {
        Document(title: "Rendered", blocks: [.paragraph([.text(text), .math("x^2")])])
    }

    /// Renders `name` of `document` through the cache and says whether the writer ran.
    func render(
        _ document: Document, name: String = "n.html", settings: String = "html", cache: Bool = true,
        bytes: [UInt8] = Array("<p>page</p>".utf8)
    ) -> (ran: Bool, bytes: [UInt8], warnings: [String]) {
        var ran = false
        let outputs = RenderedOutputs(cacheDirectory: cache ? cacheDirectory : nil, notebook: "n", document: document)
        let made = outputs.output(name, settings: settings) {
            ran = true
            return (bytes, ["warning: n.pdf: a table is too wide"])
        }
        return (ran, made.bytes, made.warnings)
    }

    @Test func theSameDocumentIsRenderedOnceWithItsBytesAndWarnings() {
        defer { try? FileManager.default.removeItem(atPath: cacheDirectory) }
        #expect(render(document("a")).ran)
        let again = render(document("a"), bytes: [])
        #expect(!again.ran)
        #expect(again.bytes == Array("<p>page</p>".utf8))
        #expect(again.warnings == ["warning: n.pdf: a table is too wide"])
    }

    @Test func aChangedDocumentOrSettingRendersAgain() {
        defer { try? FileManager.default.removeItem(atPath: cacheDirectory) }
        #expect(render(document("a"), name: "n.pdf", settings: "pdf a4").ran)
        #expect(render(document("b"), name: "n.pdf", settings: "pdf a4").ran)
        #expect(render(document("b"), name: "n.pdf", settings: "pdf letter").ran)
        #expect(!render(document("b"), name: "n.pdf", settings: "pdf letter").ran)
        var numbered = document("b")
        numbered.date = "2026-12-01"
        #expect(render(numbered, name: "n.pdf", settings: "pdf letter").ran)
    }

    @Test func withoutACacheEveryOutputIsRendered() {
        defer { try? FileManager.default.removeItem(atPath: cacheDirectory) }
        #expect(render(document("a"), cache: false).ran)
        #expect(render(document("a"), cache: false).ran)
        #expect(!FileManager.default.fileExists(atPath: cacheDirectory))
    }

    @Test func aDamagedStoredOutputIsRenderedAgainNeverCopied() throws {
        defer { try? FileManager.default.removeItem(atPath: cacheDirectory) }
        #expect(render(document("a")).ran)
        let path = "\(cacheDirectory)/n/n.html.rendered"
        var stored = try #require(FileManager.default.contents(atPath: path))
        stored[stored.count - 2] ^= 0x20  // same size, one byte different
        try stored.write(to: URL(fileURLWithPath: path))
        let again = render(document("a"))
        #expect(again.ran)
        try Data("not a header".utf8).write(to: URL(fileURLWithPath: path))
        #expect(render(document("a")).ran)
        #expect(!render(document("a")).ran)
    }

    /// The code identity must list every library, read to the end of `/proc/self/maps` (a single read
    /// stops after a page, which made the key differ from run to run with the libraries' addresses).
    @Test func theCodeIdentityNamesTheRenderingLibrariesAndTheMathFont() throws {
        let identity = try #require(ProcessCode.identity)
        for library in ["libcairo", "libpango", "libharfbuzz", "libfreetype", "libc.so", "libswiftCore"] {
            #expect(identity.contains(library), "\(library) missing from the code identity")
        }
        #expect(identity.contains("latinmodern-math.otf"))
    }
}
