import Foundation
import Lectern

// Notebooks whose cells take their process down, for the tests of `lectern build`'s workers.

let stored = StateKey<[Int]>("stored")

let traps = Notebook(id: "traps", title: "A cell that traps", seed: 1) {
    Markdown("# Before the trap")
    Run("Store three numbers") { ctx in
        ctx[stored] = [1, 2, 3]
        ctx.print("stored")
    }
    Run("Read past the end") { ctx in
        let numbers = try ctx.require(stored)
        ctx.print(numbers[numbers.count + Int(ProcessInfo.processInfo.processIdentifier.signum())])
    }
    Run("Go on after the trap") { ctx in ctx.print("still running after the trap") }
    Markdown("# After the trap")
}

let exits = Notebook(id: "exits", title: "A cell that exits", seed: 1) {
    Run("Leave the process") { _ in exit(0) }
    Run("Go on after the exit") { ctx in ctx.print("still running after the exit") }
}

let loops = Notebook(id: "loops", title: "A cell that never ends", seed: 1) {
    Run("Loop for ever", timeLimit: .seconds(2)) { _ in
        while ProcessInfo.processInfo.processIdentifier > 0 { usleep(1000) }
    }
    Run("Go on after the loop") { ctx in ctx.print("still running after the loop") }
}

// Two cells that read nothing of each other train side by side when a core is free; one of them traps.
let slowCell = Run("Train slowly") { ctx in
    usleep(3_000_000)
    ctx.print("trained slowly")
}

let trappingCell = Run("Trap beside it") { ctx in
    let none: [Int] = []
    ctx.print(none[Int(ProcessInfo.processInfo.processIdentifier.signum())])
}

let trapsBeside = Notebook(id: "traps-beside", title: "A cell that traps beside another", seed: 1) {
    slowCell
    trappingCell
    Run("Go on after both") { ctx in ctx.print("still running after both") }
}

LecternCLI.main(notebooks: [traps, exits, loops, trapsBeside])
