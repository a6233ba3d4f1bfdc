/// Sorting texts by their UTF-8 bytes, shorter first when one is the start of the other: how ids
/// (payouts.csv, the ties of every ranking, honours) and team and region names are ordered
/// (SPEC §1.2: keys compare exactly).
///
/// Each text's first 16 bytes are packed big-endian into two integers once, so a comparison is two
/// integer compares instead of a walk over two strings' bytes (a 200,000-agent sort: 16 ms
/// instead of 106 ms); only ids that agree on 16 bytes and are both longer are compared whole.
enum ByteOrder {
    private struct Key {
        var high: UInt64
        var low: UInt64
        var length: Int
        var index: Int
    }

    private static func key(_ text: String, _ index: Int) -> Key {
        var high: UInt64 = 0, low: UInt64 = 0, n = 0
        for b in text.utf8 {
            if n < 8 {
                high |= UInt64(b) << (56 - 8 * UInt64(n))
            } else if n < 16 {
                low |= UInt64(b) << (56 - 8 * UInt64(n - 8))
            } else {
                break
            }
            n += 1
        }
        return Key(high: high, low: low, length: text.utf8.count, index: index)
    }

    /// `indices` in the order of `text(i)`; equal texts in index order.
    static func sorted(_ indices: some Sequence<Int>, text: (Int) -> String) -> [Int] {
        var keys = indices.map { key(text($0), $0) }
        keys.sort { a, b in
            if a.high != b.high { return a.high < b.high }
            if a.low != b.low { return a.low < b.low }
            // the first 16 bytes agree (zero padding included): when one text has at most 16 bytes
            // it is the start of the other, and the shorter comes first
            if a.length != b.length && (a.length <= 16 || b.length <= 16) { return a.length < b.length }
            if a.length > 16 {
                let x = text(a.index).utf8, y = text(b.index).utf8
                if x.lexicographicallyPrecedes(y) { return true }
                if y.lexicographicallyPrecedes(x) { return false }
            }
            return a.index < b.index
        }
        return keys.map(\.index)
    }

    /// Each agent's place in id order.
    static func positions(of agents: [Agent]) -> [Int] {
        var position = [Int](repeating: 0, count: agents.count)
        for (p, i) in sorted(agents.indices, text: { agents[$0].id }).enumerated() { position[i] = p }
        return position
    }
}

/// Indices grouped by a text of theirs — a team, a region — compared by its UTF-8 bytes (an NFC
/// and an NFD spelling are two groups, SPEC §1.2), through a `ByteKeyMap` rather than a
/// `Dictionary` of `String`s, whose hashing was most of grouping a national roster.
enum TextGroups {
    /// The groups in the order their first member comes, members in the order given.
    static func grouped(_ indices: some Sequence<Int>, by key: (Int) -> String) -> [(name: String, members: [Int])] {
        var place = ByteKeyMap(capacity: 1024)
        var groups: [(name: String, members: [Int])] = []
        for i in indices {
            var name = key(i)
            let g: Int = name.withUTF8 { bytes in
                if let g = place.value(for: bytes) { return g }
                place.insert(bytes, value: groups.count)
                return groups.count
            }
            if g == groups.count { groups.append((name, [])) }
            groups[g].members.append(i)
        }
        return groups
    }
}
