#if canImport(Glibc)
    import Glibc
#endif

/// Liang's hyphenation (the algorithm of TeX) with the patterns of the `hyphen-en-us` package.
///
/// Pango breaks a word only at a soft hyphen (U+00AD) and then draws the hyphen itself, so the PDF
/// writer marks every allowed break with one. Without the pattern file nothing is hyphenated.
final class Hyphenator: @unchecked Sendable {
    /// The patterns of LibreOffice's and TeX's US English hyphenation.
    static let patternFile = "/usr/share/hyphen/hyph_en_US.dic"
    static let softHyphen: Character = "\u{00AD}"

    /// Loaded once per process; nil when the pattern file is missing.
    static let english: Hyphenator? = Hyphenator(path: patternFile)

    private var patterns: [[UInt8]: [UInt8]] = [:]
    private var maxPatternLength = 0
    private var leftMin = 2
    private var rightMin = 3
    /// Words seen before: lectures repeat their vocabulary.
    private var cache: [Substring: [Int]] = [:]
    private let lock = Mutex()
    /// Words shorter than this are never broken.
    let minimumWordLength = 6

    init?(path: String) {
        guard let text = Self.readFile(path) else { return nil }
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            if line.hasPrefix("LEFTHYPHENMIN") {
                leftMin = Int(line.split(separator: " ").last ?? "") ?? leftMin
                continue
            }
            if line.hasPrefix("RIGHTHYPHENMIN") {
                rightMin = Int(line.split(separator: " ").last ?? "") ?? rightMin
                continue
            }
            // Skip the charset line, other options and non-standard patterns (none in the US file).
            guard let first = line.utf8.first, first == UInt8(ascii: ".") || (first >= 0x30 && first <= 0x39)
                || (first >= 0x61 && first <= 0x7A), !line.contains("/"), line != "UTF-8"
            else { continue }
            var letters: [UInt8] = []
            var points: [UInt8] = [0]
            for b in line.utf8 {
                if b >= 0x30 && b <= 0x39 {
                    points[points.count - 1] = b - 0x30
                } else {
                    letters.append(b)
                    points.append(0)
                }
            }
            patterns[letters] = points
            maxPatternLength = max(maxPatternLength, letters.count)
        }
        if patterns.isEmpty { return nil }
    }

    /// Offsets (in characters) after which `word` may be broken.
    func breaks(_ word: Substring) -> [Int] {
        guard word.count >= minimumWordLength, word.utf8.allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A })
        else { return [] }
        lock.lock()
        defer { lock.unlock() }
        if let known = cache[word] { return known }
        let w: [UInt8] = [UInt8(ascii: ".")] + word.utf8.map { $0 | 0x20 } + [UInt8(ascii: ".")]
        var points = [UInt8](repeating: 0, count: w.count + 1)
        for i in 0..<w.count {
            for j in (i + 1)...min(w.count, i + maxPatternLength) {
                guard let p = patterns[Array(w[i..<j])] else { continue }
                for (k, v) in p.enumerated() where v > points[i + k] { points[i + k] = v }
            }
        }
        // points[k + 1] sits between letters k-1 and k of the word (w has a leading dot).
        let n = word.utf8.count
        var result: [Int] = []
        for k in leftMin...max(leftMin, n - rightMin) where k < n && points[k + 1] % 2 == 1 { result.append(k) }
        cache[word] = result
        return result
    }

    /// `text` with a soft hyphen at every allowed break of its longer words.
    func hyphenate(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        var word = Substring()
        var rest = Substring(text)
        while !rest.isEmpty {
            let start = rest.startIndex
            let end = rest.firstIndex(where: { !($0.isASCII && $0.isLetter) }) ?? rest.endIndex
            word = rest[start..<end]
            if word.isEmpty {
                out.append(rest[start])
                rest = rest[rest.index(after: start)...]
                continue
            }
            let cuts = breaks(word)
            if cuts.isEmpty {
                out += word
            } else {
                var last = word.startIndex
                for c in cuts {
                    let i = word.index(word.startIndex, offsetBy: c)
                    out += word[last..<i]
                    out.append(Self.softHyphen)
                    last = i
                }
                out += word[last...]
            }
            rest = rest[end...]
        }
        return out
    }

    private static func readFile(_ path: String) -> String? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A pthread mutex: the hyphenation cache is shared by writers on several threads.
final class Mutex: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    init() { pthread_mutex_init(mutex, nil) }
    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }
    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
}
