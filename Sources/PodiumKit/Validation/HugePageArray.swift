#if canImport(Glibc)
import Glibc
#endif

/// A fixed-size array of plain values in memory that asks the kernel for 2 MiB pages.
///
/// The sales hot path makes one random access per row into the agent table and one into the
/// agent sums; on a national roster these span megabytes, and with 4 KiB pages most accesses
/// also miss the TLB (a page walk, costly under virtualisation). Huge pages take that away.
final class HugePageArray<Element>: @unchecked Sendable {
    let count: Int
    let base: UnsafeMutablePointer<Element>

    init(repeating value: Element, count: Int) {
        self.count = count
        let bytes = max(MemoryLayout<Element>.stride * count, 1)
        let huge = 1 << 21
        var raw: UnsafeMutableRawPointer?
        if bytes >= huge / 2 {
            let rounded = (bytes + huge - 1) / huge * huge
            if posix_memalign(&raw, huge, rounded) == 0, let raw {
                #if os(Linux)
                _ = madvise(raw, rounded, 14)   // MADV_HUGEPAGE
                #endif
            }
        }
        if raw == nil, posix_memalign(&raw, 64, bytes) != 0 { raw = nil }
        guard let memory = raw else { fatalError("out of memory allocating \(bytes) bytes") }
        base = memory.bindMemory(to: Element.self, capacity: count)
        base.initialize(repeating: value, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        free(UnsafeMutableRawPointer(base))
    }

    @inline(__always)
    subscript(i: Int) -> Element {
        get { base[i] }
        set { base[i] = newValue }
    }
}
