/// The word a person probably meant ("Did you mean …?"): for a mistyped command and a misspelt
/// config key alike, by one rule — the nearest known word within two edits.
public enum NearestWord {
    /// The nearest of `known` to `word` within `maxDistance` edits, or nil.
    public static func nearest(to word: String, in known: some Sequence<String>, maxDistance: Int = 2) -> String? {
        guard let best = known.map({ ($0, distance(word, $0)) }).min(by: { $0.1 < $1.1 }), best.1 <= maxDistance else { return nil }
        return best.0
    }

    /// Levenshtein distance, for short words.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8)
        let b = Array(b.utf8)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
