import Foundation
import Testing

@testable import Notebook

/// Literals as the compiler reads them. The test reads their source from this file and checks that
/// `SwiftStringLiteral` gives the compiler's values.
private let samples: [String] = [
    "plain prose with $x^2$",
    "escapes: \\ \" \t \n \0 \' \u{1F600} \u{E9} \u{0041}",
    #"raw: \n \frac{1}{2} "quoted" \#t"#,
    ##"two hashes: "# \#n \##t"##,
    """
    multi-line $\\hat{x}$
      indented more\
     continued

    "quoted" and \"""
    ends with spaces  
    """,
    #"""
    raw multi-line \(not interpolated) \#n \sum_{i=1}
        kept indentation
    """#,
    """
    """,
    "",
]

struct SwiftStringLiteralTests {
    @Test func literalsHaveTheValuesTheCompilerGives() throws {
        let source = try String(contentsOfFile: #filePath, encoding: .utf8)
        let tokens = SwiftTokenizer.tokens(of: source)
        let open = try #require(tokens.firstIndex { $0.text == "samples" })
        let equals = try #require(tokens[open...].firstIndex { $0.isSymbol("=") })
        let bracket = try #require(tokens[equals...].firstIndex { $0.isSymbol("[") })
        let close = TopLevelDeclarations.closing(tokens, from: bracket)
        let literals = tokens[bracket..<close].filter { $0.kind == .string }
        #expect(literals.count == samples.count)
        for (literal, value) in zip(literals, samples) {
            #expect(SwiftStringLiteral.value(of: literal.text) == value, "\(literal.text)")
        }
    }

    @Test func interpolationsAndWhatDoesNotCompileHaveNoValue() {
        for literal in [
            #""a \(x) b""#, ##"#"a \#(x) b"#"##, #""bad \q escape""#, #""\u{110000}""#, #""\u{+41}""#, #""open"#,
            "\"\"\"\n  text\n    \"\"\"", "\"\"\"text\n  \"\"\"", "\"a\r\nb\"",
        ] {
            #expect(SwiftStringLiteral.value(of: literal) == nil, "\(literal)")
        }
    }
}
