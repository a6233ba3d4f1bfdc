#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CPodiumSys

/// The process's peak resident memory so far (`getrusage`), for `--verbose` and the benchmark.
public enum PeakMemory {
    /// Bytes, or nil where the system does not say.
    public static func bytes() -> Int? {
        var usage = rusage()
        #if canImport(Glibc)
        let who = __rusage_who_t(RUSAGE_SELF.rawValue)
        #else
        let who = RUSAGE_SELF
        #endif
        guard getrusage(who, &usage) == 0 else { return nil }
        #if canImport(Darwin)
        return Int(usage.ru_maxrss)          // bytes on Darwin
        #else
        return Int(usage.ru_maxrss) * 1024   // kilobytes on Linux
        #endif
    }
}

/// How the process asks for memory.
public enum MemoryPolicy {
    /// Blocks of 16 MiB and more get mappings of their own, returned to the system when freed;
    /// glibc's moving threshold would otherwise serve them from a heap that keeps freed memory
    /// resident once the first large arrays of a month are gone (200k agents / 10M sales: peak
    /// 292–297 → 272–278 MB, no slower; a 1–4 MiB threshold saves more but costs 5–15 % in
    /// page faults — docs/performance.md).
    public static func apply() {
        podium_fix_mmap_threshold(16 << 20)
    }
}
