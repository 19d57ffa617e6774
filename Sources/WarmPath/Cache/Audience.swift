/// What one access token of a profile is for when it is not the profile's own: the APIs named by
/// RFC 8707 resource indicators, and a scope narrower than the login's (RFC 6749 §6).
///
/// Every audience of a profile has its own entry in the runtime cache, and every one comes from
/// the profile's one refresh token, under the profile's one lock (TokenService). The same
/// resources given in another order, or the same scope words, are the same audience.
public struct Audience: Equatable, Sendable {
    /// Absolute URIs without a fragment, in byte order, each once.
    public let resources: [String]
    /// Scope words in byte order, each once, separated by one space; nil: the profile's scope.
    public let scope: String?

    /// The profile's own token: no resource, the login's scope.
    public static let profileDefault = Audience(checkedResources: [], scope: nil)

    private init(checkedResources: [String], scope: String?) {
        self.resources = checkedResources
        self.scope = scope
    }

    /// From the command line or the config: each resource must be an absolute URI without a
    /// fragment (RFC 8707 §2), each scope word a scope-token (RFC 6749 §3.3).
    public init(resources: [String], scope: String?) throws(AuthError) {
        for resource in resources { try Self.checkResource(resource) }
        var words: [String] = []
        if let scope {
            words = scope.split(separator: " ").map(String.init)
            guard !words.isEmpty, words.allSatisfy(Self.isScopeToken) else {
                throw .usage(
                    "The scope '\(printable(scope))' is not valid: give space-separated words of visible characters, without '\"' or '\\'.")
            }
        }
        self.init(
            checkedResources: Self.byteOrdered(resources), scope: words.isEmpty ? nil : Self.byteOrdered(words).joined(separator: " "))
    }

    public var isProfileDefault: Bool { resources.isEmpty && scope == nil }

    /// One line naming it: `resource=URI …` then `scope=WORDS`. Kept in its cache entry (what
    /// `status` shows) and the text its entry's name is derived from.
    public var summary: String {
        (resources.map { "resource=\($0)" } + (scope.map { ["scope=\($0)"] } ?? [])).joined(separator: " ")
    }

    /// What its cache entry's name adds to the profile's: `+` (never in a profile name) and the
    /// summary's FNV-1a. Empty for the profile's own token.
    public var cacheSuffix: String { isProfileDefault ? "" : "+" + FNV1a.hex64(summary.utf8) }

    /// RFC 8707 §2: an absolute URI (a scheme, then ':'), no fragment; no spaces or control
    /// characters, which no URI has and which would travel into form bodies and messages.
    public static func checkResource(_ resource: String) throws(AuthError) {
        let bytes = Array(resource.utf8)
        let scheme = bytes.prefix { $0 != UInt8(ascii: ":") }
        let schemeOK =
            scheme.count < bytes.count && !scheme.isEmpty
            && scheme.allSatisfy { c in
                (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2B || c == 0x2D || c == 0x2E
            } && ((scheme.first! >= 0x41 && scheme.first! <= 0x5A) || (scheme.first! >= 0x61 && scheme.first! <= 0x7A))
        guard schemeOK, bytes.count > scheme.count + 1, bytes.count <= 2048, !bytes.contains(UInt8(ascii: "#")),
            bytes.allSatisfy({ $0 > 0x20 && $0 != 0x7F })
        else {
            throw .usage(
                """
                The resource '\(printable(resource))' is not valid: give the API's absolute URI without a fragment (RFC 8707), such \
                as https://api.example.com/.
                """
            )
        }
    }

    /// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
    public static func isScopeToken(_ word: String) -> Bool {
        !word.isEmpty && word.utf8.allSatisfy { $0 == 0x21 || (0x23...0x5B).contains($0) || (0x5D...0x7E).contains($0) }
    }

    /// Sorted by bytes (as the front sorts them with strcmp), each once.
    private static func byteOrdered(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
