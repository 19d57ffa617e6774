#if canImport(Glibc)
    import Glibc
#endif

/// Go's `GOAUTH` command protocol (`go help goauth`, Go ≥ 1.24), an adapter of the broker. Run
/// with no URL before the first fetch, it prints the profile's HTTPS prefixes and the header for
/// them; run again after a 4xx with the URL as last argument (and the response on stdin), it
/// prints the block for that URL — after a 401, with the token the server refused replaced once;
/// after a step-up challenge (403 `insufficient_scope`, 401 `insufficient_user_authentication`),
/// the broker's answer to it, which for a tool's helper is 77 naming the login (go prints it with
/// `-x`). Each block is URL lines, a blank line, header lines, a blank line.
public struct GoAuth {
    let context: AuthContext
    public init(context: AuthContext) { self.context = context }

    static let caller = CredentialBroker.Caller(protocolName: "Go's GOAUTH protocol", freshness: .tool)

    /// What to print; empty when no profile claims `url` (go goes on without a credential).
    public func answer(url: String?) throws(AuthError) -> String {
        let broker = CredentialBroker(context: context)
        guard let url else {
            return try blocks(of: try context.broker.requireProfile(in: try context.broker.loadConfigWithForwardedProfile()))
        }
        guard url.hasPrefix("https://"), let requestURL = RequestURL(url), let claim = try broker.claim(of: requestURL) else {
            return ""
        }
        var credential = try broker.credential(for: claim, caller: Self.caller)
        // go writes the response to stdin; a person trying the command at a terminal has none.
        // Its status line and headers, as a header dump (go joins a header's values with ", ").
        let response = isatty(STDIN_FILENO) == 0 ? ResponseHead.first(inHeaderDump: context.input.readAll(limit: 1 << 20) ?? []) : nil
        if let challenge = response?.stepUp {
            credential = try broker.credential(answering: challenge, at: url, for: claim, caller: Self.caller)
        } else if response?.status == 401 {
            credential = try broker.credential(replacing: credential.token.accessToken, for: claim, caller: Self.caller)
        }
        // Filed under the claim's prefix, so every URL under it gets the new token, not this one only.
        return Self.block(prefixes: [claim.prefix.description], token: credential.token.accessToken)
    }

    /// A block for the profile's own token (server, also_for, registries) and one per resource.
    private func blocks(of profile: Profile) throws(AuthError) -> String {
        let broker = CredentialBroker(context: context.selecting(profile.name))
        let own =
            ([profile.server] + profile.alsoFor).filter { $0.scheme == "https" }.map(\.description)
            + profile.registries.filter { !$0.plainHTTP }.map(\.originText)
        var out = ""
        let resources = profile.resources.filter { $0.hasPrefix("https://") }.map { ([$0], $0 as String?) }
        for (prefixes, resource) in [(own, nil as String?)] + resources {
            guard !prefixes.isEmpty, let url = RequestURL(prefixes[0]), let claim = try broker.claim(of: url) else { continue }
            guard claim.resource == resource else { continue }
            out += Self.block(prefixes: prefixes, token: try broker.credential(for: claim, caller: Self.caller).token.accessToken)
        }
        return out
    }

    /// go keys credentials by the prefix without `https://` and without a trailing slash.
    static func block(prefixes: [String], token: String) -> String {
        prefixes.map { ($0.hasSuffix("/") ? String($0.dropLast()) : $0) + "\n" }.joined() + "\nAuthorization: Bearer \(token)\n\n"
    }
}
