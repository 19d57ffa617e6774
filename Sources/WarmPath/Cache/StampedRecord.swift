/// The format of the records authhelper-full leaves in the runtime folder for the front
/// (RegistryRecord's `.registries`, ToolClaimRecord's `.tool-claims`), read and written once: the
/// fingerprint of the config file it was written from on the first line, then one row per line of
/// tab-separated fields. A record that is not private, holds a NUL, or was written for another
/// config is no record; a row with a tab or a line break in a field is never written.
enum StampedRecord {
    static let sizeLimit = 256 * 1024

    /// The rows at `path` when the record was written for `stamp` and every row has `fieldCount` fields.
    static func rows(of file: RuntimeFolder.File, in folder: RuntimeFolder, stamp: String, fieldCount: Int) -> [[String]]? {
        guard case .contents(let bytes) = folder.read(file, limit: sizeLimit), !bytes.contains(0) else { return nil }
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard let first = lines.first, String(decoding: first, as: UTF8.self) == stamp else { return nil }
        var rows: [[String]] = []
        for line in lines.dropFirst() where !line.isEmpty {
            let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
            guard fields.count == fieldCount else { return nil }
            rows.append(fields)
        }
        return rows
    }

    /// Writes `rows` under `stamp` (nothing without a runtime folder, or when a field holds a tab
    /// or a line break: the front then hands that lookup over).
    static func write(_ rows: [[String]], stamp: String, to file: RuntimeFolder.File, in folder: RuntimeFolder) throws(AuthError) {
        guard !rows.contains(where: { $0.contains { $0.utf8.contains { $0 == 9 || $0 == 10 || $0 == 13 } } }) else { return }
        let text = stamp + "\n" + rows.map { $0.joined(separator: "\t") + "\n" }.joined()
        try folder.write(file, Array(text.utf8))
    }
}
