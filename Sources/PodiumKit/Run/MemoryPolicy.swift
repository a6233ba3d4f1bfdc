import CPodiumSys

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
