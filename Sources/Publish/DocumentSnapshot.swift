import Foundation
import Graphics

/// A document as stable, readable JSON: keys sorted, one value a line, each figure as a summary (its
/// box, its texts and a digest of its drawing) rather than thousands of drawing operations. Checked
/// in beside the tests, a snapshot turns any change of a reader or a pass into a diff to review.
public enum DocumentSnapshot {
    public static func json(of document: Document) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        encoder.userInfo[DisplayList.summaryKey] = true
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }
}
