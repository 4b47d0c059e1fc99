import Foundation

/// The release of Lectern that `lectern --version` names.
enum LecternVersion {
    static let string = "0.3.0"
}

/// The processor, for reports: speed figures mean little without it. Virtual machines often hide the
/// marketing name ("Intel Xeon Processor"), so the family and model numbers come along.
enum CPUModel {
    static var name: String {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        func field(_ key: String) -> String? {
            guard let line = info.split(separator: "\n").first(where: { $0.hasPrefix(key) }),
                let colon = line.firstIndex(of: ":")
            else { return nil }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let cores = info.split(separator: "\n").count(where: { $0.hasPrefix("processor") })
        return
            "\(field("model name") ?? "unknown"), family \(field("cpu family") ?? "?") model \(field("model") ?? "?"), "
            + "\(cores) logical CPU(s)"
    }
}
