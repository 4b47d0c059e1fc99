import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Serves one HTML file on localhost for `lectern watch`, with a small script that reloads the page
/// when the file is rebuilt. The script exists only in what this server sends; the file on disk has none.
final class PreviewServer: @unchecked Sendable {
    let port: UInt16
    private let socket: Int32
    private let lock = NSLock()
    private var page: [UInt8] = Array("<!DOCTYPE html><p>Building…</p>".utf8)
    private var version = 0

    /// Listens on 127.0.0.1:`port` (0 picks a free port).
    init(port: UInt16) throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw CommandFailure("cannot open a socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(socket, SOMAXCONN) == 0 else {
            let why = String(cString: strerror(errno))
            close(socket)
            throw CommandFailure("cannot listen on 127.0.0.1:\(port): \(why)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        self.socket = socket
        self.port = UInt16(bigEndian: address.sin_port)
    }

    deinit { close(socket) }

    /// Replaces the page; browsers showing it reload.
    func publish(_ html: [UInt8]) {
        lock.withLock {
            page = html
            version += 1
        }
    }

    var currentVersion: Int { lock.withLock { version } }

    /// At most this many connections are served at once; more wait in the listen queue.
    static let concurrentClients = 32
    /// A client that sends or reads nothing for this long is dropped, so it cannot hold a slot.
    static let clientTimeout = timeval(tv_sec: 5, tv_usec: 0)

    /// Answers requests on background threads until the process ends, each connection on its own.
    func start() {
        let slots = DispatchSemaphore(value: Self.concurrentClients)
        Thread.detachNewThread { [self] in
            while true {
                let client = accept(socket, nil, nil)
                if client < 0 { continue }
                var timeout = Self.clientTimeout
                setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                slots.wait()
                DispatchQueue.global().async { [self] in
                    handle(client)
                    close(client)
                    slots.signal()
                }
            }
        }
    }

    private func handle(_ client: Int32) {
        guard let request = Self.readHead(client) else { return }
        let (status, type, body) = response(to: request)
        let header =
            "HTTP/1.1 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(body.count)\r\n"
            + "Cache-Control: no-store\r\nConnection: close\r\n\r\n"
        let bytes = Array(header.utf8) + body
        var sent = 0
        while sent < bytes.count {
            // MSG_NOSIGNAL: a browser that drops the connection mid-page must not end `lectern watch` with SIGPIPE.
            let m = bytes.withUnsafeBytes { buffer in
                guard let base = buffer.baseAddress else { return -1 }
                return send(client, base + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            }
            if m <= 0 { return }
            sent += m
        }
    }

    /// The request line and headers, read until the blank line (at most 16 KiB); nil when the client
    /// closes or times out first.
    static func readHead(_ client: Int32) -> String? {
        var head: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while head.count < 16_384 {
            let n = read(client, &buffer, buffer.count)
            guard n > 0 else { return nil }
            head += buffer[0..<n]
            if String(decoding: head, as: UTF8.self).contains("\r\n\r\n") { break }
        }
        return String(decoding: head, as: UTF8.self)
    }

    /// The answer to a request's head: the page, its version, 403 for a foreign `Host`, 404 otherwise.
    func response(to head: String) -> (status: String, type: String, body: [UInt8]) {
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let parts = (lines.first ?? "").split(separator: " ")
        let target = parts.count >= 2 ? String(parts[1]) : "/"
        let host = lines.dropFirst().first { $0.lowercased().hasPrefix("host:") }
            .map { $0.dropFirst(5).trimmingCharacters(in: .whitespaces) }
        // A page elsewhere that points its own name at 127.0.0.1 (DNS rebinding) sends its own Host.
        if let host, !Self.isLocal(host) { return ("403 Forbidden", "text/plain", Array("not a local host".utf8)) }
        return response(for: String(target.prefix { $0 != "?" && $0 != "#" }))
    }

    /// `localhost` or `127.0.0.1`, with or without a port.
    static func isLocal(_ host: String) -> Bool {
        let name = host.hasPrefix("[") ? String(host.prefix { $0 != "]" }) + "]" : String(host.prefix { $0 != ":" })
        return ["localhost", "127.0.0.1", "[::1]"].contains(name.lowercased())
    }

    func response(for path: String) -> (status: String, type: String, body: [UInt8]) {
        let (page, version) = lock.withLock { (self.page, self.version) }
        switch path {
        case "/", "/index.html":
            return ("200 OK", "text/html; charset=utf-8", Self.withReloadScript(page, version: version))
        case "/version":
            return ("200 OK", "text/plain", Array(String(version).utf8))
        default:
            return ("404 Not Found", "text/plain", Array("not found".utf8))
        }
    }

    /// The page with a script that polls `/version` each second and reloads when it changes.
    static func withReloadScript(_ page: [UInt8], version: Int) -> [UInt8] {
        let script = """
            <script>setInterval(function(){fetch('/version').then(function(r){return r.text()})\
            .then(function(v){if(v!=='\(version)')location.reload()}).catch(function(){})},1000)</script>
            """
        let html = String(decoding: page, as: UTF8.self)
        guard let end = html.range(of: "</body>", options: .backwards) else { return Array((html + script).utf8) }
        return Array(html.replacingCharacters(in: end, with: script + "</body>").utf8)
    }
}
