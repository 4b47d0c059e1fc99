import Foundation
import Testing

@testable import LecternCLI

struct WatchTests {
    @Test func theServerSendsThePageWithAReloadScriptAndItsVersion() throws {
        let server = try PreviewServer(port: 0)
        server.start()
        #expect(server.port != 0)
        server.publish(Array("<!DOCTYPE html><html><body><p>loss</p></body></html>".utf8))
        let page = try get("/", port: server.port)
        #expect(page.hasPrefix("HTTP/1.1 200 OK"))
        #expect(page.contains("<p>loss</p><script>"))
        #expect(page.contains("if(v!=='1')location.reload()"))
        #expect(try get("/version", port: server.port).hasSuffix("\r\n\r\n1"))
        server.publish(Array("<p>again</p>".utf8))
        #expect(try get("/version", port: server.port).hasSuffix("\r\n\r\n2"))
        #expect(try get("/../etc/passwd", port: server.port).hasPrefix("HTTP/1.1 404"))
    }

    @Test func theWatcherSeesAddedChangedAndRemovedFiles() throws {
        let directory = NSTemporaryDirectory() + "lectern-watch-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/Notebook.swift"
        try "let a = 1".write(toFile: file, atomically: true, encoding: .utf8)
        var watcher = SourceWatcher(directories: [directory])
        #expect(watcher.changedFiles().isEmpty)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 10)], ofItemAtPath: file)
        #expect(watcher.changedFiles() == [file])
        try "x".write(toFile: directory + "/notes.txt", atomically: true, encoding: .utf8)
        #expect(watcher.changedFiles().isEmpty)  // only Swift files count
        try FileManager.default.removeItem(atPath: file)
        #expect(watcher.changedFiles() == [file])
    }

    @Test func queryStringsAreServedAndForeignHostsRefused() throws {
        let server = try PreviewServer(port: 0)
        server.start()
        #expect(try get("/?x=1", port: server.port).hasPrefix("HTTP/1.1 200 OK"))
        #expect(try get("/version?t=5", port: server.port).hasSuffix("\r\n\r\n0"))
        #expect(try get("/", port: server.port, host: "localhost:8000").hasPrefix("HTTP/1.1 200 OK"))
        #expect(try get("/", port: server.port, host: "attacker.example").hasPrefix("HTTP/1.1 403"))
        #expect(try get("/", port: server.port, host: "127.0.0.1.attacker.example").hasPrefix("HTTP/1.1 403"))
    }

    /// A client that drops the connection mid-page, and one that sends nothing at all, neither end nor
    /// block the server; 500 requests at once are all answered.
    @Test func rudeClientsAndManyAtOnce() throws {
        let server = try PreviewServer(port: 0)
        server.start()
        server.publish(Array(String(repeating: "<p>a long page</p>", count: 200_000).utf8))  // 3.6 MB
        let idle = try connected(port: server.port)
        defer { close(idle) }
        for _ in 0..<5 {
            let rude = try connected(port: server.port)
            let request = Array("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
            _ = request.withUnsafeBytes { write(rude, $0.baseAddress, request.count) }
            var buffer = [UInt8](repeating: 0, count: 1024)
            _ = read(rude, &buffer, buffer.count)
            close(rude)  // the server is still writing the page
        }
        server.publish(Array("<p>small</p>".utf8))
        // All 500 connect and ask before any answer is read.
        var clients: [Int32] = []
        for _ in 0..<500 {
            let fd = try connected(port: server.port)
            let request = Array("GET /version HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
            _ = request.withUnsafeBytes { write(fd, $0.baseAddress, request.count) }
            clients.append(fd)
        }
        let answered = clients.filter { fd in
            defer { close(fd) }
            return readAll(fd).hasSuffix("\r\n\r\n2")
        }
        #expect(answered.count == 500)
    }

    /// A socket connected to the server.
    private func connected(port: UInt16) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(connected == 0)
        return fd
    }

    /// A plain HTTP/1.1 GET over a socket: the whole response as text.
    private func get(_ path: String, port: UInt16, host: String = "127.0.0.1") throws -> String {
        let fd = try connected(port: port)
        defer { close(fd) }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: \(host)\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { write(fd, $0.baseAddress, request.count) }
        return readAll(fd)
    }

    /// Everything the server sends until it closes the connection, as text.
    private func readAll(_ fd: Int32) -> String {
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            response += buffer[0..<n]
        }
        return String(decoding: response, as: UTF8.self)
    }
}
