import CPodiumSys

/// Agent ids → roster index for the sales hot path, built once from the roster and only read
/// afterwards (so every worker shares it).
///
/// Ids of up to 12 bytes — nearly all real ones — sit inside their 24-byte slot, zero-padded
/// (a valid id has no NUL), next to the agent's hire and termination days, so a lookup and the
/// date rules cost one cache line: on a national roster that line is rarely cached and the miss
/// is most of a sales row's cost. Longer ids go to a `ByteKeyMap` and arrays.
struct AgentIDTable {
    private struct Slot {
        var low: UInt64 = 0
        var high: UInt32 = 0
        /// -1: empty.
        var value: Int32 = -1
        var hireDay: Int32 = 0
        var terminationDay: Int32 = 0
    }

    /// What a sales row needs of its agent.
    struct Entry {
        var index: Int
        var hireDay: Int
        var terminationDay: Int
    }

    private let slots: HugePageArray<Slot>
    private let mask: Int
    private var long = ByteKeyMap()
    private let hireDays: [Int], terminationDays: [Int]

    /// - Parameters: day numbers of each agent's hire and termination (Int.max: none).
    init(ids: [String], hireDays: [Int], terminationDays: [Int]) {
        self.hireDays = hireDays
        self.terminationDays = terminationDays
        var size = 16
        while size * 2 < ids.count * 3 { size <<= 1 }
        slots = HugePageArray(repeating: Slot(), count: size)
        mask = size - 1
        for (i, id) in ids.enumerated() {
            var id = id
            id.withUTF8 { key in
                if key.count > 12 || key.contains(0) {
                    _ = long.insert(key, value: i)
                    return
                }
                let (low, high) = Self.pack(key)
                var s = Self.start(low, high) & mask
                while slots[s].value >= 0 {
                    if slots[s].low == low && slots[s].high == high { return }   // a repeated id: the first wins
                    s = (s + 1) & mask
                }
                slots[s] = Slot(low: low, high: high, value: Int32(i), hireDay: Self.clamp(hireDays[i]),
                                terminationDay: Self.clamp(terminationDays[i]))
            }
        }
    }

    @inline(__always)
    static func pack(_ b: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt32) {
        var low: UInt64 = 0, high: UInt32 = 0
        let n = b.count
        if n >= 8 {
            low = UnsafeRawPointer(b.baseAddress!).loadUnaligned(as: UInt64.self)
            for k in 8..<n { high |= UInt32(b[k]) << (8 * UInt32(k - 8)) }
        } else {
            for k in 0..<n { low |= UInt64(b[k]) << (8 * UInt64(k)) }
        }
        return (low, high)
    }

    /// Where a key's probe starts. Every input bit must reach the low bits the mask keeps: a
    /// plain multiply only carries bits upwards, and with the slot taken from bits 29–47 the
    /// last character of a 7-byte id (bits 48–55) never reached it, so ids differing only there
    /// (A000120…A000129) fell into one cluster and a lookup probed ~10 slots. MurmurHash3's
    /// finalizer mixes both ways.
    @inline(__always)
    static func start(_ low: UInt64, _ high: UInt32) -> Int {
        var h = low ^ (UInt64(high) &* 0x9E37_79B9_7F4A_7C15)
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return Int(truncatingIfNeeded: h)
    }

    /// Starts loading the slot where `key`'s lookup will begin, so that the cache miss overlaps
    /// with the parsing of the rest of the row.
    @inline(__always)
    func prefetch(_ key: UnsafeBufferPointer<UInt8>) {
        guard key.count <= 12 else { return }
        let (low, high) = Self.pack(key)
        podium_prefetch(slots.base + (Self.start(low, high) & mask))
    }

    /// Day numbers fit 32 bits for every date the grammar allows; "no termination" stays the largest.
    private static func clamp(_ day: Int) -> Int32 { Int32(clamping: day) }

    /// The roster entry of an id (its bytes, trimmed and checked as an `id`), if any.
    @inline(__always)
    func entry(of key: UnsafeBufferPointer<UInt8>) -> Entry? {
        guard key.count <= 12 else {
            return long.value(for: key).map { Entry(index: $0, hireDay: hireDays[$0], terminationDay: terminationDays[$0]) }
        }
        let (low, high) = Self.pack(key)
        let slots = self.slots.base
        var s = Self.start(low, high) & mask
        while true {
            let slot = slots[s]
            if slot.value < 0 { return nil }
            if slot.low == low && slot.high == high {
                return Entry(index: Int(slot.value), hireDay: Int(slot.hireDay),
                             terminationDay: slot.terminationDay == Int32.max ? Int.max : Int(slot.terminationDay))
            }
            s = (s + 1) & mask
        }
    }
}
