/// The candidate closest to `word` by edit distance, when it is close enough to be a likely typo.
func closestMatch(to word: String, in candidates: [String]) -> String? {
    var best: (String, Int)?
    let a = Array(word)
    for c in candidates {
        let b = Array(c)
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where i <= a.count {
            var previous = row[0]
            row[0] = i
            for j in 1...max(1, b.count) where j <= b.count {
                let old = row[j]
                row[j] = a[i - 1] == b[j - 1] ? previous : 1 + Swift.min(previous, row[j], row[j - 1])
                previous = old
            }
        }
        let d = row[b.count]
        if best == nil || d < best!.1 { best = (c, d) }
    }
    guard let best, best.1 <= Swift.max(2, word.count / 2) else { return nil }
    return best.0
}
