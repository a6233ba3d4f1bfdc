#if canImport(Glibc)
import Glibc
#endif

/// A hash map from byte strings to small integers, without a `String` per key: agent ids are
/// interned once, and sales keys are checked for repeats as they stream past.
struct ByteKeyMap {
    private var slots: [Int32]          // -1 empty, else entry index
    private var hashes: [UInt64] = []
    private var offsets: [Int] = []
    private var lengths: [Int32] = []
    private var values: [Int32] = []
    private var arena: [UInt8] = []
    private var mask: Int

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    var count: Int { values.count }

    /// FNV-1a, 64 bits, finished with a mixer so that the low bits spread.
    @inline(__always)
    static func hash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for c in b { h = (h ^ UInt64(c)) &* 0x0000_0100_0000_01B3 }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h
    }

    @inline(__always)
    private func equal(_ e: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard Int(lengths[e]) == key.count else { return false }
        let o = offsets[e]
        return arena.withUnsafeBufferPointer { a in
            memcmp(a.baseAddress! + o, key.baseAddress!, key.count) == 0
        }
    }

    /// The value stored for `key`, if any.
    func value(for key: UnsafeBufferPointer<UInt8>) -> Int? {
        let h = Self.hash(key)
        return slots.withUnsafeBufferPointer { slots in
            hashes.withUnsafeBufferPointer { hashes in
                var s = Int(truncatingIfNeeded: h) & mask
                while true {
                    let e = Int(slots[s])
                    if e < 0 { return nil }
                    if hashes[e] == h && equal(e, key) { return Int(values[e]) }
                    s = (s + 1) & mask
                }
            }
        }
    }

    /// Stores `value` for `key` unless the key is there already.
    ///
    /// - Returns: true when the key was new.
    @discardableResult
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, value: Int) -> Bool {
        if (values.count + 1) * 2 > slots.count { grow() }
        let h = Self.hash(key)
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = slots[s]
            if e < 0 { break }
            if hashes[Int(e)] == h && equal(Int(e), key) { return false }
            s = (s + 1) & mask
        }
        slots[s] = Int32(values.count)
        hashes.append(h)
        offsets.append(arena.count)
        lengths.append(Int32(key.count))
        values.append(Int32(truncatingIfNeeded: value))
        arena.append(contentsOf: key)
        return true
    }

    mutating func insert(_ key: [UInt8], value: Int) -> Bool {
        key.withUnsafeBufferPointer { insert($0, value: value) }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (e, h) in hashes.enumerated() {
            var s = Int(truncatingIfNeeded: h) & mask
            while slots[s] >= 0 { s = (s + 1) & mask }
            slots[s] = Int32(e)
        }
    }
}
