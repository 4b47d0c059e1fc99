import Foundation
import ModelCore

/// Shows training progress: a bar redrawn in place on a terminal, one line per epoch otherwise (CI logs).
final class ProgressPrinter: @unchecked Sendable {
    private let interactive: Bool
    private let lock = NSLock()
    private var lastDraw = ContinuousClock.now - .seconds(1)
    /// Whether a bar is drawn on the terminal's last line, without a newline after it.
    private var barShown = false

    init(interactive: Bool = isatty(STDOUT_FILENO) != 0) {
        self.interactive = interactive
    }

    func show(cell: String, _ p: TrainingProgress) {
        lock.withLock {
            if interactive {
                // Redrawing more than ten times a second costs time and shows nothing new.
                let now = ContinuousClock.now
                guard p.isEpochEnd || now - lastDraw > .milliseconds(100) else { return }
                lastDraw = now
                let line = Self.barLine(cell: cell, p)
                FileHandle.standardOutput.write(Data(("\r\u{1B}[K" + line + (p.fractionDone >= 1 ? "\n" : "")).utf8))
                barShown = p.fractionDone < 1
            } else if p.isEpochEnd {
                print(Self.epochLine(cell: cell, p))
            }
        }
    }

    /// Prints a line of the build's log; a bar on the terminal's last line (another cell's, when cells
    /// train side by side) is cleared first and drawn again with the next step.
    func line(_ text: String) {
        lock.withLock {
            if interactive, barShown {
                FileHandle.standardOutput.write(Data("\r\u{1B}[K".utf8))
                barShown = false
                lastDraw = ContinuousClock.now - .seconds(1)
            }
            FileHandle.standardOutput.write(Data((text + "\n").utf8))
        }
    }

    static func barLine(cell: String, _ p: TrainingProgress, width: Int = 24) -> String {
        let filled = min(width, Int((p.fractionDone * Double(width)).rounded(.down)))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        return "  \(cell) [\(bar)] epoch \(p.epoch)/\(p.epochs) step \(p.step)/\(p.stepsPerEpoch) "
            + "loss \(decimal(p.loss, 4)) \(rate(p.samplesPerSecond)) ETA \(duration(p.etaSeconds))"
    }

    static func epochLine(cell: String, _ p: TrainingProgress) -> String {
        var line = "  \(cell): epoch \(p.epoch)/\(p.epochs) loss \(decimal(p.epochLoss ?? p.loss, 4))"
        if let validation = p.validationLoss { line += " validation \(decimal(validation, 4))" }
        return line + ", \(rate(p.samplesPerSecond)), ETA \(duration(p.etaSeconds))"
    }

    static func rate(_ samplesPerSecond: Double) -> String {
        samplesPerSecond >= 1000
            ? "\(decimal(samplesPerSecond / 1000, 1))k samples/s" : "\(Int(samplesPerSecond.rounded())) samples/s"
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60) min \(s % 60) s" : "\(s) s"
    }

    static func decimal(_ value: Double, _ digits: Int) -> String {
        value.isFinite ? String(format: "%.\(digits)f", value) : "\(value)"
    }
}
