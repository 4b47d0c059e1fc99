/// What Cairo 1.16 cannot write into a tagged PDF, added afterwards as an incremental update (PDF
/// 1.7, 7.5.6): the document's language (`/Lang` on the catalog), `/DisplayDocTitle` (viewers show
/// the title, not the file name), and the alternate text (`/Alt`) of figures and formulas.
///
/// Cairo's own bytes stay untouched: the changed objects are appended in new versions with a new
/// cross-reference section pointing back at Cairo's, as any PDF editor saves an edit.
enum PDFAccessibilityAmendment {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// `pdf` with `language` and the `alternates` of its Figure and Formula elements, which must be
    /// given in the order Cairo numbered those elements (the order they were begun).
    static func amend(
        _ pdf: [UInt8], language: String, alternates: [(role: StructureRole, text: String)]
    ) throws -> [UInt8] {
        let xrefOffset = try startXref(pdf)
        let table = try crossReference(pdf, at: xrefOffset)
        let trailer = try trailerDictionary(pdf, after: xrefOffset)
        guard let root = trailer.reference("/Root"), let size = trailer.integer("/Size") else {
            throw Failure(description: "the PDF's trailer has no /Root or /Size")
        }
        var replaced: [(number: Int, text: String)] = []

        // The catalog: language and title shown.
        guard let catalogOffset = table[root], let catalog = dictionary(pdf, at: catalogOffset, number: root),
            catalog.hasPrefix("<< /Type /Catalog")
        else { throw Failure(description: "the PDF's catalog (object \(root)) is not where its table says") }
        replaced.append(
            (
                root,
                insert("/Lang \(textString(language)) /ViewerPreferences << /DisplayDocTitle true >>", into: catalog)
            ))

        // Figure and Formula elements, in object number order: the order Cairo began them.
        var elements: [(number: Int, role: String, text: String)] = []
        for (number, offset) in table.sorted(by: { $0.key < $1.key }) {
            guard let text = dictionary(pdf, at: offset, number: number), text.hasPrefix("<< /Type /StructElem")
            else { continue }
            for role in [StructureRole.figure, .formula] where text.contains("/S /\(role.rawValue)\n") {
                elements.append((number, role.rawValue, text))
            }
        }
        guard elements.count == alternates.count,
            zip(elements, alternates).allSatisfy({ $0.role == $1.role.rawValue })
        else {
            throw Failure(
                description: "the PDF has \(elements.count) figures and formulas, \(alternates.count) alternate texts")
        }
        for (element, alternate) in zip(elements, alternates) {
            replaced.append((element.number, insert("/Alt \(textString(alternate.text))", into: element.text)))
        }

        var out = pdf
        if out.last != UInt8(ascii: "\n") { out.append(UInt8(ascii: "\n")) }
        var offsets: [(Int, Int)] = []
        for object in replaced {
            offsets.append((object.number, out.count))
            out += Array("\(object.number) 0 obj\n\(object.text)\nendobj\n".utf8)
        }
        let newXref = out.count
        var xref = "xref\n"
        for (number, offset) in offsets.sorted(by: { $0.0 < $1.0 }) {
            let digits = String(offset)
            xref += "\(number) 1\n" + String(repeating: "0", count: max(0, 10 - digits.count)) + digits + " 00000 n \n"
        }
        var trailerText = "<< /Size \(size) /Root \(root) 0 R"
        if let info = trailer.reference("/Info") { trailerText += " /Info \(info) 0 R" }
        trailerText += " /Prev \(xrefOffset) >>"
        out += Array((xref + "trailer\n\(trailerText)\nstartxref\n\(newXref)\n%%EOF\n").utf8)
        return out
    }

    /// A PDF text string that holds any Unicode text: UTF-16BE with its byte-order mark, in hex.
    static func textString(_ s: String) -> String {
        var hex = "<FEFF"
        let digits = Array("0123456789ABCDEF")
        for unit in s.utf16 {
            for shift in [12, 8, 4, 0] { hex.append(digits[Int(unit >> UInt16(shift)) & 0xF]) }
        }
        return hex + ">"
    }

    /// `entry` added right after the dictionary's `/Type /Name`.
    private static func insert(_ entry: String, into dictionary: String) -> String {
        let afterType = dictionary.dropFirst(3).firstIndex(where: { $0 == "\n" || $0 == ">" }) ?? dictionary.endIndex
        return String(dictionary[..<afterType]) + " " + entry + String(dictionary[afterType...])
    }

    private static func startXref(_ pdf: [UInt8]) throws -> Int {
        let tail = String(decoding: pdf.suffix(64), as: UTF8.self)
        guard let r = tail.lastRange(of: "startxref"),
            let offset = Int(tail[r.upperBound...].split(whereSeparator: \.isWhitespace).first ?? "")
        else { throw Failure(description: "the PDF has no startxref") }
        return offset
    }

    /// Object number → byte offset of the objects in use, from a classic cross-reference table.
    private static func crossReference(_ pdf: [UInt8], at offset: Int) throws -> [Int: Int] {
        guard offset >= 0, offset + 4 < pdf.count, String(decoding: pdf[offset..<offset + 4], as: UTF8.self) == "xref"
        else { throw Failure(description: "no cross-reference table at byte \(offset)") }
        var table: [Int: Int] = [:]
        var i = offset + 4
        func line() -> String {
            while i < pdf.count, pdf[i] == 0x0A || pdf[i] == 0x0D || pdf[i] == 0x20 { i += 1 }
            let start = i
            while i < pdf.count, pdf[i] != 0x0A, pdf[i] != 0x0D { i += 1 }
            return String(decoding: pdf[start..<i], as: UTF8.self)
        }
        while true {
            let header = line().split(separator: " ")
            guard header.count == 2, let first = Int(header[0]), let count = Int(header[1]) else { break }
            for n in 0..<count {
                let fields = line().split(separator: " ")
                guard fields.count >= 3, let at = Int(fields[0]) else {
                    throw Failure(description: "a malformed cross-reference entry for object \(first + n)")
                }
                if fields[2] == "n" { table[first + n] = at }
            }
        }
        return table
    }

    private static func trailerDictionary(_ pdf: [UInt8], after offset: Int) throws -> String {
        let text = String(decoding: pdf[offset...], as: UTF8.self)
        guard let t = text.firstRange(of: "trailer"), let end = text[t.upperBound...].firstRange(of: "startxref") else {
            throw Failure(description: "the PDF has no trailer")
        }
        return String(text[t.upperBound..<end.lowerBound])
    }

    /// The dictionary of object `number` at `offset` (from `<<` to its matching `>>`), or nil when
    /// the object is not a dictionary or is a stream.
    private static func dictionary(_ pdf: [UInt8], at offset: Int, number: Int) -> String? {
        let header = Array("\(number) 0 obj".utf8)
        guard offset >= 0, offset + header.count < pdf.count, Array(pdf[offset..<offset + header.count]) == header
        else { return nil }
        var i = offset + header.count
        while i < pdf.count, pdf[i] == 0x0A || pdf[i] == 0x0D || pdf[i] == 0x20 { i += 1 }
        guard i + 1 < pdf.count, pdf[i] == UInt8(ascii: "<"), pdf[i + 1] == UInt8(ascii: "<") else { return nil }
        let start = i
        var depth = 0
        while i + 1 < pdf.count {
            if pdf[i] == UInt8(ascii: "<"), pdf[i + 1] == UInt8(ascii: "<") {
                depth += 1
                i += 2
            } else if pdf[i] == UInt8(ascii: ">"), pdf[i + 1] == UInt8(ascii: ">") {
                depth -= 1
                i += 2
                if depth == 0 { break }
            } else if pdf[i] == UInt8(ascii: "(") {
                // A literal string may hold unbalanced brackets: skip it, escapes and nesting included.
                var parens = 0
                repeat {
                    if pdf[i] == UInt8(ascii: "\\") {
                        i += 1
                    } else if pdf[i] == UInt8(ascii: "(") {
                        parens += 1
                    } else if pdf[i] == UInt8(ascii: ")") {
                        parens -= 1
                    }
                    i += 1
                } while i < pdf.count && parens > 0
            } else {
                i += 1
            }
        }
        guard depth == 0 else { return nil }
        var after = i
        while after < pdf.count, pdf[after] == 0x0A || pdf[after] == 0x0D || pdf[after] == 0x20 { after += 1 }
        if after + 6 <= pdf.count, String(decoding: pdf[after..<after + 6], as: UTF8.self) == "stream" { return nil }
        return String(decoding: pdf[start..<i], as: UTF8.self)
    }
}

extension String {
    fileprivate func lastRange(of needle: String) -> Range<Index>? {
        var found: Range<Index>?
        var rest = self[...]
        while let r = rest.firstRange(of: needle) {
            found = r
            rest = self[r.upperBound...]
        }
        return found
    }

    /// The object number of `key N 0 R` in a dictionary's text.
    fileprivate func reference(_ key: String) -> Int? {
        guard let r = firstRange(of: key + " ") else { return nil }
        return Int(self[r.upperBound...].prefix(while: \.isNumber))
    }

    fileprivate func integer(_ key: String) -> Int? { reference(key) }
}
