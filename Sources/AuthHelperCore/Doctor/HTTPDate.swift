#if canImport(Glibc)
    import Glibc
#endif

/// An HTTP `Date` (RFC 9110 §5.6.7, IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`) as Unix seconds.
public enum HTTPDate {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// nil for anything that is not an IMF-fixdate with every field in its range (years 1-9999):
    /// a server's text never reaches `tm`'s Int32 fields out of range, so nothing can trap.
    public static func seconds(_ text: String) -> Int64? {
        let fields = text.trimmingSpaceAndNewlines.split(separator: " ").map(String.init)
        guard fields.count == 6, fields[5] == "GMT", let day = Int32(fields[1]), (1...31).contains(day),
            let month = months.firstIndex(of: fields[2]), let year = Int32(fields[3]), (1...9999).contains(year)
        else { return nil }
        let time = fields[4].split(separator: ":").compactMap { Int32($0) }
        guard time.count == 3, (0...23).contains(time[0]), (0...59).contains(time[1]), (0...60).contains(time[2]) else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = Int32(month)
        parts.tm_mday = day
        parts.tm_hour = time[0]
        parts.tm_min = time[1]
        parts.tm_sec = time[2]
        return Int64(timegm(&parts))
    }
}
