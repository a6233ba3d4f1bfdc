#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
