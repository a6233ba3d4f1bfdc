import CPodiumSys
#if canImport(Glibc)
import Glibc
#endif

/// A hash map from byte strings to small integers, without a `String` per key: agent ids are
/// interned once, and sales keys are checked for repeats as they stream past.
///
/// Open addressing with 16-byte slots (hash, key offset, value) filled up to 3/4, so a probe costs
/// one cache line (plus one for the key bytes when the hash matches) and ten million keys take
/// about 450 MB. Each key is stored in the arena behind a 2-byte length.
struct ByteKeyMap {
    private struct Slot {
        /// 0 marks an empty slot (hashes are never 0).
        var hash: UInt64 = 0
        var offset: UInt32 = 0
        var value: Int32 = 0
    }

    private var slots: [Slot]
    private var arena: [UInt8] = []
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size * 3 < capacity * 4 { size <<= 1 }
        slots = [Slot](repeating: Slot(), count: size)
        mask = size - 1
    }

    /// A multiply-xorshift hash over eight bytes at a time, finished with a mixer so that the low
    /// bits spread; never 0.
    @inline(__always)
    static func hash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        // eight bytes at a time (the length mixed in, so that zero padding cannot collide)
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ (UInt64(b.count) &* 0x9E37_79B9_7F4A_7C15)
        var i = 0
        if let base = b.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= b.count {
                h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xff51_afd7_ed55_8ccd
                h ^= h >> 29
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < b.count {
                tail |= UInt64(b[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ tail) &* 0xc4ce_b9fe_1a85_ec53
        }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h == 0 ? 1 : h
    }

    @inline(__always)
    private func keyEquals(_ slot: Slot, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        arena.withUnsafeBufferPointer { a in
            let o = Int(slot.offset)
            let length = Int(a[o]) | Int(a[o + 1]) << 8
            guard length == key.count else { return false }
            return key.isEmpty || memcmp(a.baseAddress! + o + 2, key.baseAddress!, key.count) == 0
        }
    }

    /// `hash` of a text's bytes.
    static func hash(_ text: String) -> UInt64 {
        text.utf8.withContiguousStorageIfAvailable { hash($0) } ?? Array(text.utf8).withUnsafeBufferPointer { hash($0) }
    }

    /// Starts loading the slot a key of hash `h` is looked for in. A national roster's table is
    /// megabytes and each look-up a cache miss: callers that know their next keys hash them a
    /// few ahead and prefetch (`RosterValidator`).
    @inline(__always)
    func prefetch(hash h: UInt64) {
        slots.withUnsafeBufferPointer { podium_prefetch($0.baseAddress! + (Int(truncatingIfNeeded: h) & mask)) }
    }

    /// The value stored for `key`, if any.
    func value(for key: UnsafeBufferPointer<UInt8>) -> Int? {
        value(for: key, hash: Self.hash(key))
    }

    /// The same, for a key whose `hash` is known.
    func value(for key: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int? {
        slots.withUnsafeBufferPointer { slots in
            var s = Int(truncatingIfNeeded: h) & mask
            while true {
                let slot = slots[s]
                if slot.hash == 0 { return nil }
                if slot.hash == h && keyEquals(slot, key) { return Int(slot.value) }
                s = (s + 1) & mask
            }
        }
    }

    /// Stores `value` for `key` unless the key is there already.
    ///
    /// - Returns: true when the key was new.
    @discardableResult
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, value: Int) -> Bool {
        insert(key, hash: Self.hash(key), value: value)
    }

    /// The same, for a key whose `hash` is known.
    @discardableResult
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, hash h: UInt64, value: Int) -> Bool {
        precondition(key.count <= 0xFFFF && arena.count < Int(UInt32.max) - 0x10001, "keys are at most 64 KiB and all of them under 4 GiB")
        if (count + 1) * 4 > slots.count * 3 { grow() }
        var s = Int(truncatingIfNeeded: h) & mask
        let found: Bool = slots.withUnsafeBufferPointer { slots in
            while true {
                let slot = slots[s]
                if slot.hash == 0 { return false }
                if slot.hash == h && keyEquals(slot, key) { return true }
                s = (s + 1) & mask
            }
        }
        if found { return false }
        slots[s] = Slot(hash: h, offset: UInt32(truncatingIfNeeded: arena.count), value: Int32(truncatingIfNeeded: value))
        arena.append(UInt8(key.count & 0xFF))
        arena.append(UInt8(key.count >> 8))
        arena.append(contentsOf: key)
        count += 1
        return true
    }

    mutating func insert(_ key: [UInt8], value: Int) -> Bool {
        key.withUnsafeBufferPointer { insert($0, value: value) }
    }

    private mutating func grow() {
        let old = slots
        let size = slots.count * 2
        slots = [Slot](repeating: Slot(), count: size)
        mask = size - 1
        for slot in old where slot.hash != 0 {
            var s = Int(truncatingIfNeeded: slot.hash) & mask
            while slots[s].hash != 0 { s = (s + 1) & mask }
            slots[s] = slot
        }
    }
}
