#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The `(policy_id, agent_id, sign)` repeat check of SPEC §2 step 5 in memory that does not grow
/// with sales rows.
///
/// While `sales.csv` streams past, every row that passed the other rules is written here as a
/// fixed 24-byte entry (line, file offset, a 32-bit hash of the policy id, agent and sign) into
/// one of `partitions` buckets chosen by the hash; full buckets go to an unlinked temporary file.
/// `resolve` then takes one bucket at a time (on every core), finds each entry whose key an
/// earlier line already had, and confirms it by comparing the policy ids themselves, re-read from
/// the sales file — so the verdict is exact, never a hash guess.
final class RepeatKeySpill: @unchecked Sendable {
    struct Entry {
        var line: UInt64
        var offset: UInt64
        var hash: UInt32
        /// agent index << 1 | 1 for a negative premium.
        var agentSign: UInt32
    }

    /// A row whose key an earlier row already had: it is taken back out of the sums.
    struct Repeat: Comparable {
        var line: Int
        var offset: Int
        static func < (a: Repeat, b: Repeat) -> Bool { a.line < b.line }
    }

    let partitionBits: Int
    var partitions: Int { 1 << partitionBits }
    static let blockEntries = 512
    /// One block of entries per partition, filled in place (raw memory: the hot path makes no
    /// uniqueness or exclusivity checks), and how full each is.
    private let pending: UnsafeMutablePointer<Entry>
    private let filled: UnsafeMutablePointer<Int>
    /// Entries as they come, with their partitions, before `scatter` moves them to their blocks:
    /// the row loop then stores only into these few cached lines (a store into a block's line
    /// that is not in cache held up every later store of the row loop behind it), and the
    /// scattering runs as a loop of its own.
    static let stageEntries = 1024
    private let stage: UnsafeMutablePointer<Entry>
    private let stagePartition: UnsafeMutablePointer<UInt16>
    private let staged: UnsafeMutablePointer<Int>
    /// For each partition, where its full blocks are: an entry offset in the file, or an index
    /// into `memoryBlocks` (negative, minus one) when the file could not take them.
    private var blocks: [[Int]]
    private var memoryBlocks: [[Entry]] = []
    private var fd: Int32 = -1
    private var written = 0
    /// Added to every entry's line when resolving (a worker that started mid-file counts from 1).
    var lineBase = 0

    /// - Parameters:
    ///   - expectedRows: a guess at the number of entries, to size the buckets so that one bucket
    ///     stays small (about 20,000 entries) whatever the file.
    ///   - onDisk: false keeps full buckets in memory (what happens anyway when no temporary file
    ///     can be written).
    init(expectedRows: Int, onDisk: Bool = true) {
        var bits = 4
        while bits < 12 && (expectedRows >> bits) > 20_000 { bits += 1 }
        partitionBits = bits
        pending = .allocate(capacity: (1 << bits) * Self.blockEntries)
        filled = .allocate(capacity: 1 << bits)
        filled.initialize(repeating: 0, count: 1 << bits)
        stage = .allocate(capacity: Self.stageEntries)
        stagePartition = .allocate(capacity: Self.stageEntries)
        staged = .allocate(capacity: 1)
        staged.initialize(to: 0)
        blocks = Array(repeating: [], count: 1 << bits)
        fd = onDisk ? Self.openTemporaryFile() : -1
    }

    deinit {
        if fd >= 0 { close(fd) }
        pending.deallocate()
        filled.deallocate()
        stage.deallocate()
        stagePartition.deallocate()
        staged.deallocate()
    }

    /// A file in `$TMPDIR` (else /tmp), unlinked at once: nothing is left behind, even by a killed run.
    private static func openTemporaryFile() -> Int32 {
        let dir = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((dir + "/podium-repeats-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd >= 0 { _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) } }
        return fd
    }

    @inline(__always)
    func add(policy: UnsafeBufferPointer<UInt8>, agent: Int, negative: Bool, line: Int, offset: Int) {
        let h = ByteKeyMap.hash(policy)
        let k = staged.pointee
        stage[k] = Entry(line: UInt64(line), offset: UInt64(offset), hash: UInt32(truncatingIfNeeded: h),
                         agentSign: UInt32(truncatingIfNeeded: agent) << 1 | (negative ? 1 : 0))
        stagePartition[k] = UInt16(truncatingIfNeeded: h >> UInt64(64 - partitionBits))
        staged.pointee = k + 1
        if k + 1 == Self.stageEntries { scatter() }
    }

    /// Moves the staged entries to their partitions' blocks, in the order they came.
    @inline(never)
    private func scatter() {
        for k in 0..<staged.pointee {
            let p = Int(stagePartition[k])
            let n = filled[p]
            pending[p * Self.blockEntries + n] = stage[k]
            filled[p] = n + 1
            if n + 1 == Self.blockEntries { flush(p) }
        }
        staged.pointee = 0
    }

    @inline(never)
    private func flush(_ p: Int) {
        let size = Self.blockEntries * MemoryLayout<Entry>.stride
        let block = UnsafeRawPointer(pending + p * Self.blockEntries)
        var ok = fd >= 0
        var done = 0
        while ok && done < size {
            let n = pwrite(fd, block + done, size - done, off_t(written * MemoryLayout<Entry>.stride + done))
            if n <= 0 { ok = false } else { done += n }
        }
        if ok {
            blocks[p].append(written)
            written += Self.blockEntries
        } else {
            blocks[p].append(-(memoryBlocks.count + 1))
            memoryBlocks.append(Array(UnsafeBufferPointer(start: pending + p * Self.blockEntries, count: Self.blockEntries)))
        }
        filled[p] = 0
    }

    /// Partition `p`'s entries in the order they were added, lines made absolute.
    private func entries(_ p: Int, into out: inout [Entry]) {
        let base = UInt64(lineBase)
        let start = out.count
        for block in blocks[p] {
            if block < 0 {
                out += memoryBlocks[-block - 1]
                continue
            }
            let old = out.count
            out += repeatElement(Entry(line: 0, offset: 0, hash: 0, agentSign: 0), count: Self.blockEntries)
            let size = Self.blockEntries * MemoryLayout<Entry>.stride
            out.withUnsafeMutableBytes { raw in
                var done = 0
                let dest = raw.baseAddress! + old * MemoryLayout<Entry>.stride
                while done < size {
                    let n = pread(fd, dest + done, size - done, off_t(block * MemoryLayout<Entry>.stride + done))
                    precondition(n > 0, "the temporary file of repeat keys could not be read back")
                    done += n
                }
            }
        }
        out += UnsafeBufferPointer(start: pending + p * Self.blockEntries, count: filled[p])
        if base != 0 { for k in start..<out.count { out[k].line &+= base } }
    }

    /// The rows that repeat an earlier row's key, in line order, over spills that cover the
    /// file in order (all made with the same number of partitions).
    ///
    /// - Parameter policyAt: the trimmed `policy_id` bytes of the record at a file offset.
    static func resolve(_ spills: [RepeatKeySpill], policyAt: @Sendable (Int) -> [UInt8]) -> [Repeat] {
        guard let first = spills.first else { return [] }
        for s in spills { s.scatter() }
        let all = spills
        let perPartition = ParallelMap.run(first.partitions, batch: 1) { p -> [Repeat] in
            var entries: [Entry] = []
            for s in all { s.entries(p, into: &entries) }
            return findRepeats(entries, policyAt: policyAt)
        }
        return perPartition.flatMap { $0 }.sorted()
    }

    /// Within one partition: the first entry of each key is kept, later ones are repeats.
    private static func findRepeats(_ entries: [Entry], policyAt: (Int) -> [UInt8]) -> [Repeat] {
        guard !entries.isEmpty else { return [] }
        var size = 16
        while size < entries.count * 2 { size <<= 1 }
        let mask = size - 1
        var table = [Int32](repeating: -1, count: size)
        var policies: [UInt64: [UInt8]] = [:]
        func policy(_ offset: UInt64) -> [UInt8] {
            if let p = policies[offset] { return p }
            let p = policyAt(Int(offset))
            policies[offset] = p
            return p
        }
        var repeats: [Repeat] = []
        for (k, e) in entries.enumerated() {
            let mixed = (UInt64(e.hash) << 32 | UInt64(e.agentSign)) &* 0x9E37_79B9_7F4A_7C15
            var s = Int(truncatingIfNeeded: mixed >> 32) & mask
            while true {
                let slot = table[s]
                if slot < 0 {
                    table[s] = Int32(k)
                    break
                }
                let other = entries[Int(slot)]
                if other.hash == e.hash && other.agentSign == e.agentSign && policy(other.offset) == policy(e.offset) {
                    repeats.append(Repeat(line: Int(e.line), offset: Int(e.offset)))
                    break
                }
                s = (s + 1) & mask
            }
        }
        return repeats
    }
}
