import CStartup
import Foundation

/// Which OpenBLAS kernels run, and whether Lectern had to name them (see Sources/CStartup/BLASKernelChoice.c).
public enum BLASKernel {
    /// What a processor's vector units and its operating system let kernels use.
    public enum VectorLevel: Int, Sendable, Comparable {
        case sse = 0, avx, avx2, avx512
        public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    }

    public enum Vendor: Sendable { case intel, amd, other }

    /// This processor's vector level and vendor.
    public static var vectorLevel: VectorLevel {
        VectorLevel(rawValue: Int(lectern_cpu_vector_level().rawValue)) ?? .sse
    }
    public static var vendor: Vendor {
        switch lectern_cpu_vendor() {
        case LecternCPUVendorIntel: .intel
        case LecternCPUVendorAMD: .amd
        default: .other
        }
    }

    /// The OpenBLAS core that fits a processor better than `core`, or nil when `core` fits or is unknown.
    public static func betterCore(than core: String, level: VectorLevel, vendor: Vendor) -> String? {
        let cVendor: LecternCPUVendor =
            switch vendor {
            case .intel: LecternCPUVendorIntel
            case .amd: LecternCPUVendorAMD
            case .other: LecternCPUVendorOther
            }
        let cLevel = LecternVectorLevel(rawValue: UInt32(level.rawValue))
        return lectern_blas_better_core(core, cLevel, cVendor).map { String(cString: $0) }
    }

    /// The kernel set OpenBLAS runs, by its own name ("SkylakeX", "Haswell", "Prescott", …).
    public static var core: String { lectern_blas_core_name().map { String(cString: $0) } ?? "unknown" }

    /// The library and its version, from OpenBLAS's build configuration ("OpenBLAS 0.3.21").
    public static var library: String {
        let config = lectern_blas_config().map { String(cString: $0) } ?? ""
        return config.split(separator: " ").prefix(2).joined(separator: " ")
    }

    /// The core OpenBLAS had fallen back to before Lectern named a better one, if it had to.
    public static var replacedCore: String? { ProcessInfo.processInfo.environment["LECTERN_BLAS_REPLACED_CORE"] }

    /// One line for `lectern --version` and benchmark reports.
    public static var summary: String {
        let environment = ProcessInfo.processInfo.environment
        let how =
            if let replaced = replacedCore {
                "named by Lectern: OpenBLAS had fallen back to \(replaced)"
            } else if environment["OPENBLAS_CORETYPE"] != nil {
                "set by OPENBLAS_CORETYPE"
            } else {
                "chosen by OpenBLAS"
            }
        return "\(library), kernel \(core) (\(how)), \(BLAS.threads) thread(s)"
    }
}
