/// One `[profiles.NAME]` table of the config file, with typed readers that report problems as
/// `config.toml:LINE: what is wrong` (exit 78) and unknown keys as warnings.
struct ProfileTable {

    let name: String
    let file: String
    let headerLine: Int
    private var values: [String: TOMLDocument.Entry] = [:]

    init(name: String, file: String, headerLine: Int, entries: [TOMLDocument.Entry], warnings: inout [String]) {
        self.name = name
        self.file = file
        self.headerLine = headerLine
        for entry in entries {
            if ProfileField.keys.contains(entry.key) {
                values[entry.key] = entry
            } else {
                let hint = NearestWord.nearest(to: entry.key, in: ProfileField.keys).map { " Did you mean '\($0)'?" } ?? ""
                warnings.append("\(file):\(entry.line): unknown key '\(printable(entry.key))' in profile '\(name)' ignored.\(hint)")
            }
        }
    }

    /// The line of `key`, or of the table header when the key is missing.
    func line(_ key: String) -> Int { values[key]?.line ?? headerLine }

    /// An error at `key`'s line.
    func problem(_ key: String, _ message: String) -> AuthError { .configuration("\(file):\(line(key)): \(message)") }

    func string(_ key: String) throws(AuthError) -> String? {
        guard let entry = values[key] else { return nil }
        guard case .string(let text) = entry.value else { throw problem(key, "\(key) must be a string, not \(entry.value.typeName).") }
        return text
    }

    /// A string that may be empty in the file to mean "none".
    func optionalString(_ key: String) throws(AuthError) -> String? {
        let text = try string(key)
        return text?.isEmpty == true ? nil : text
    }

    func requiredString(_ key: String) throws(AuthError) -> String {
        guard let text = try string(key) else { throw problem(key, "profile '\(name)' has no \(key).") }
        return text
    }

    func bool(_ key: String) throws(AuthError) -> Bool? {
        guard let entry = values[key] else { return nil }
        guard case .boolean(let value) = entry.value else { throw problem(key, "\(key) must be true or false.") }
        return value
    }

    func int(_ key: String, in range: ClosedRange<Int>, unit: String) throws(AuthError) -> Int? {
        guard let entry = values[key] else { return nil }
        guard case .integer(let value) = entry.value else { throw problem(key, "\(key) must be a whole number.") }
        guard range.contains(value) else {
            throw problem(key, "\(key) must be between \(range.lowerBound) and \(range.upperBound) \(unit).")
        }
        return value
    }

    /// One of an enumeration's raw values; the message lists them all.
    func choice<Value: RawRepresentable & CaseIterable>(_ key: String, default fallback: Value) throws(AuthError) -> Value
    where Value.RawValue == String {
        try choice(key) ?? fallback
    }

    /// One of `Value`'s cases, or nil when the key is absent.
    func choice<Value: RawRepresentable & CaseIterable>(_ key: String) throws(AuthError) -> Value?
    where Value.RawValue == String {
        guard let text = try string(key) else { return nil }
        guard let value = Value(rawValue: text) else {
            let allowed = Value.allCases.map { "\"\($0.rawValue)\"" }
            let list =
                allowed.count == 2 ? allowed.joined(separator: " or ") : allowed.dropLast().joined(separator: ", ") + " or " + allowed.last!
            throw problem(key, "\(key) must be \(list), not \"\(printable(text))\".")
        }
        return value
    }

    /// An array of URLs, each checked like a server URL.
    func urls(_ key: String) throws(AuthError) -> [ServerURL] {
        guard let entry = values[key] else { return [] }
        guard case .strings(let texts) = entry.value else {
            throw problem(key, "\(key) must be an array of URLs, such as [\"https://files.example.com\"].")
        }
        var result: [ServerURL] = []
        for text in texts {
            do {
                result.append(try ServerURL(parsing: text))
            } catch {
                throw problem(key, error.message)
            }
        }
        return result
    }

    func strings(_ key: String) throws(AuthError) -> [String] {
        guard let entry = values[key] else { return [] }
        guard case .strings(let texts) = entry.value else { throw problem(key, "\(key) must be an array of strings.") }
        return texts
    }

    func endpoint(_ key: String) throws(AuthError) -> EndpointURL? {
        guard let text = try string(key) else { return nil }
        do {
            return try EndpointURL(parsing: text)
        } catch {
            throw problem(key, error.message)
        }
    }

    func server(_ key: String) throws(AuthError) -> ServerURL? {
        guard let text = try string(key) else { return nil }
        do {
            return try ServerURL(parsing: text)
        } catch {
            throw problem(key, error.message)
        }
    }

    /// A value parsed by `parse`, whose error message is placed at `key`'s line.
    func parsed<Value>(_ key: String, _ parse: (String) throws(AuthError) -> Value) throws(AuthError) -> Value {
        let text = try requiredString(key)
        do {
            return try parse(text)
        } catch {
            throw problem(key, error.message)
        }
    }
}
