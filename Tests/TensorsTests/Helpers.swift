#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

func Foundation_exp(_ x: Float) -> Float { expf(x) }
func Foundation_log(_ x: Float) -> Float { logf(x) }
