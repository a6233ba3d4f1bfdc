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

    /// Each index's place in `order` (a permutation of 0..<order.count).
    static func positions(inOrder order: [Int]) -> [Int] {
        var position = [Int](repeating: 0, count: order.count)
        for (p, i) in order.enumerated() { position[i] = p }
        return position
    }
}

/// Indices grouped by a text of theirs — a team, a region — compared by its UTF-8 bytes (an NFC
/// and an NFD spelling are two groups, SPEC §1.2): the texts are numbered once (`TextGroupIDs`,
/// through a `ByteKeyMap` rather than a `Dictionary` of `String`s, whose hashing was most of
/// grouping a national roster), and each grouping works on the numbers.
enum TextGroups {
    /// The groups of `ids` that `indices` fall in, in the order their first member comes,
    /// members in the order given (the same groups as grouping by the texts themselves).
    static func grouped(_ indices: some Sequence<Int>, by ids: TextGroupIDs) -> [(name: String, members: [Int])] {
        // each group's place among those met, and its size; then the members laid out by place
        var place = [Int32](repeating: -1, count: ids.names.count)
        var met: [Int32] = [], sizes: [Int] = []
        var items: [Int] = []
        for i in indices {
            let g = Int(ids.of[i])
            if place[g] < 0 {
                place[g] = Int32(met.count)
                met.append(Int32(g))
                sizes.append(0)
            }
            sizes[Int(place[g])] += 1
            items.append(i)
        }
        var next = [Int](repeating: 0, count: met.count)
        var start = 0
        for k in met.indices {
            next[k] = start
            start += sizes[k]
        }
        var laidOut = [Int](repeating: 0, count: items.count)
        for i in items {
            let k = Int(place[Int(ids.of[i])])
            laidOut[next[k]] = i
            next[k] += 1
        }
        var from = 0
        return met.indices.map { k in
            defer { from += sizes[k] }
            return (ids.names[Int(met[k])], Array(laidOut[from..<(from + sizes[k])]))
        }
    }
}

/// Every item's group by a text of its own (a team, a region), by the text's UTF-8 bytes: made
/// once per month, so that each grouping of agents after it works on integers.
struct TextGroupIDs: Sendable {
    /// `of[i]`: item i's group, numbered in the order of first appearance.
    let of: [Int32]
    /// Each group's text.
    let names: [String]

    init(count: Int, text: (Int) -> String) {
        var place = ByteKeyMap(capacity: 1024)
        var names: [String] = []
        var of = [Int32](repeating: 0, count: count)
        for i in 0..<count {
            var name = text(i)
            let g: Int = name.withUTF8 { bytes in
                if let g = place.value(for: bytes) { return g }
                place.insert(bytes, value: names.count)
                return names.count
            }
            if g == names.count { names.append(name) }
            of[i] = Int32(g)
        }
        self.of = of
        self.names = names
    }
}
