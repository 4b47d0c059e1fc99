import Foundation
import Testing

@testable import Publish

@Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/share/hyphen/hyph_en_US.dic")))
func liangHyphenationKnownAnswers() throws {
    let h = try #require(Hyphenator.english)
    let soft = String(Hyphenator.softHyphen)
    func split(_ w: String) -> String { h.hyphenate(w).replacingOccurrences(of: soft, with: "-") }
    #expect(split("hyphenation") == "hy-phen-ation")
    #expect(split("representation") == "rep-re-sen-ta-tion")
    #expect(split("reconstruction") == "re-con-struc-tion")
    // Short words, words with digits and non-letters stay whole; punctuation is kept.
    #expect(split("the code, x2y") == "the code, x2y")
    #expect(split("Encoder.") == "En-coder.")
}
