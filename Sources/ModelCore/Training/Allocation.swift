/// Malloc tuning for training loops.
enum Allocation {
    /// Each step allocates and frees the same activation-sized arrays (hundreds of KB). By default glibc serves
    /// those with mmap and returns them with munmap, so every step pays page faults to zero fresh pages; raising
    /// the mmap and trim thresholds lets freed blocks be reused from the heap instead.
    static func keepLargeBlocks() {
        #if os(Linux)
        _ = glibcMallopt(-3 /* M_MMAP_THRESHOLD */, 32 << 20)
        _ = glibcMallopt(-1 /* M_TRIM_THRESHOLD */, 256 << 20)
        #endif
    }
}

#if os(Linux)
// <malloc.h> is not part of Swift's Glibc module; mallopt(int, int) is a stable glibc symbol.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
