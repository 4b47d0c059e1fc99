import Foundation
import Tensors
import Testing

/// The decision BLASKernelChoice makes at start-up: OpenBLAS's core and the processor in, a better core out.
struct BLASKernelTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let core: String
        let level: BLASKernel.VectorLevel
        let vendor: BLASKernel.Vendor
        let expected: String?
        var testDescription: String { "\(core) on \(level) \(vendor) -> \(expected ?? "keep")" }
    }

    static let cases: [Case] = [
        // Generic fallbacks on capable processors are replaced by the kernels they can run.
        Case(core: "Prescott", level: .avx512, vendor: .intel, expected: "SkylakeX"),
        Case(core: "Prescott", level: .avx512, vendor: .amd, expected: "SkylakeX"),
        Case(core: "Nehalem", level: .avx2, vendor: .intel, expected: "Haswell"),
        Case(core: "Core2", level: .avx2, vendor: .amd, expected: "Zen"),
        Case(core: "Barcelona", level: .avx2, vendor: .amd, expected: "Zen"),
        Case(core: "Sandybridge", level: .avx512, vendor: .intel, expected: "SkylakeX"),
        Case(core: "Sandybridge", level: .avx2, vendor: .intel, expected: "Haswell"),
        Case(core: "Prescott", level: .avx, vendor: .other, expected: "Sandybridge"),
        Case(core: "Haswell", level: .avx512, vendor: .intel, expected: "SkylakeX"),
        Case(core: "Zen", level: .avx512, vendor: .amd, expected: "SkylakeX"),
        Case(core: "prescott", level: .avx2, vendor: .intel, expected: "Haswell"),
        // A core that fits, or is stronger than the processor (the user's choice), is kept.
        Case(core: "SkylakeX", level: .avx512, vendor: .intel, expected: nil),
        Case(core: "Cooperlake", level: .avx512, vendor: .intel, expected: nil),
        Case(core: "SapphireRapids", level: .avx512, vendor: .intel, expected: nil),
        Case(core: "Haswell", level: .avx2, vendor: .intel, expected: nil),
        Case(core: "Zen", level: .avx2, vendor: .amd, expected: nil),
        Case(core: "SkylakeX", level: .avx2, vendor: .intel, expected: nil),
        // Without AVX state saved by the OS (or on an old processor) the SSE kernels are right.
        Case(core: "Prescott", level: .sse, vendor: .intel, expected: nil),
        // A name this table does not know is left to OpenBLAS.
        Case(core: "Unknown", level: .avx512, vendor: .intel, expected: nil),
        Case(core: "NeoverseN1", level: .avx2, vendor: .other, expected: nil),
        Case(core: "", level: .avx512, vendor: .intel, expected: nil),
    ]

    @Test(arguments: cases) func decision(_ c: Case) {
        #expect(BLASKernel.betterCore(than: c.core, level: c.level, vendor: c.vendor) == c.expected)
    }

    /// This process ran the check before any test: whatever it found, the kernels now fit the processor
    /// unless the user named a core.
    @Test func theRunningKernelsFitThisProcessor() {
        #expect(BLASKernel.library.hasPrefix("OpenBLAS "))
        if Environment.userNamedCore { return }
        #expect(
            BLASKernel.betterCore(than: BLASKernel.core, level: BLASKernel.vectorLevel, vendor: BLASKernel.vendor)
                == nil)
    }
}

private enum Environment {
    static var userNamedCore: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["OPENBLAS_CORETYPE"] != nil && environment["LECTERN_BLAS_REPLACED_CORE"] == nil
    }
}
