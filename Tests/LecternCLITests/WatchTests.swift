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

    /// A plain HTTP/1.1 GET over a socket: the whole response as text.
    private func get(_ path: String, port: UInt16) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
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
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { write(fd, $0.baseAddress, request.count) }
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
