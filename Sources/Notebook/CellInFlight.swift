import Foundation
import ModelCore

/// What running a Run cell's code left: its context (state, printed text, reads and writes), the data
/// files it opened, and the error it threw.
struct CellExecution {
    let context: RunContext
    let dataFiles: [String]
    let error: (any Error)?

    /// Runs `body` here, with the cell's ambient run and a recorder of the data files it opens.
    static func run(_ body: @Sendable (RunContext) throws -> Void, in context: RunContext) -> CellExecution {
        let recorder = DataAccess.Recorder()
        do {
            try DataAccess.$recorder.withValue(recorder) { try CellRunner.ambient(context, body) }
            return CellExecution(context: context, dataFiles: recorder.paths, error: nil)
        } catch {
            return CellExecution(context: context, dataFiles: recorder.paths, error: error)
        }
    }
}

/// A Run cell training on a thread of its own, beside the cell the notebook is at, on a core it took
/// from the build's `CellSlots`; the notebook takes its results when it reaches the cell.
final class CellInFlight: @unchecked Sendable {
    /// How many cells' writes the notebook had taken in when this one started: the writes taken in
    /// after that are the ones it did not see.
    let mergedWhenStarted: Int
    private let finished = DispatchSemaphore(value: 0)
    private var execution: CellExecution?

    /// Starts `body` on a new thread with the stack of a main thread; `done` runs on it when the body ends.
    init(
        body: @escaping @Sendable (RunContext) throws -> Void, context: RunContext, mergedWhenStarted: Int,
        done: @escaping @Sendable () -> Void
    ) {
        self.mergedWhenStarted = mergedWhenStarted
        let thread = Thread { [self] in
            let result = CellExecution.run(body, in: context)
            done()
            execution = result
            finished.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Waits for the cell to end and returns what it left.
    func wait() -> CellExecution {
        finished.wait()
        finished.signal()
        return execution!
    }
}
