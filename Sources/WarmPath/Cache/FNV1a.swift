/// FNV-1a, 64 bits, as 16 hex digits: a short name for a longer text (a file name), not a secret
/// and not a check of integrity: an audience's runtime cache entry (`Audience.cacheSuffix`), which
/// the front and authhelper-full name through this one function.
public enum FNV1a {
    public static func hex64<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
