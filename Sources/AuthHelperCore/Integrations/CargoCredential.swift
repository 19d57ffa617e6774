/// Cargo's credential provider protocol (the Cargo book, "Credential Provider Protocol"): cargo
/// runs `authhelper --cargo-plugin`, reads the hello line, and writes one JSON request per line;
/// each gets one JSON line back. An adapter of the broker: the registry's index URL chooses the
/// profile; `get` answers its access token as the whole Authorization value; `login` and the
/// token kept by cargo are not authhelper's way (a session comes from `authhelper login`).
public struct CargoCredential {
    let context: AuthContext
    public init(context: AuthContext) { self.context = context }

    /// The first line the provider writes: the protocol versions it speaks.
    public static let hello = CargoReply.hello
    static let caller = CredentialBroker.Caller(protocolName: "cargo's credential protocol", freshness: .tool)

    /// The reply line (without its newline) to one request line, and a note for stderr, if any.
    public func answer(_ line: String) -> (reply: String, note: String?) {
        guard let request = try? JSONValue.parse(line), let kind = request["kind"]?.stringValue,
            let indexURL = request["registry"]?["index-url"]?.stringValue
        else {
            return (CargoReply.failure("authhelper could not read cargo's request: it is not a credential request of protocol 1."), nil)
        }
        do {
            let broker = CredentialBroker(context: try Self.selecting(request["args"]?.arrayValue ?? [], in: context))
            // `sparse+https://…` is an index URL; the registry's HTTP origin is what a profile claims.
            let url = indexURL.hasPrefix("sparse+") ? String(indexURL.dropFirst("sparse+".count)) : indexURL
            guard let requestURL = RequestURL(url), url.contains("://"), let claim = try broker.claim(of: requestURL) else {
                return (CargoReply.urlNotSupported, nil)
            }
            switch kind {
            case "get":
                return (CargoReply.get(try broker.credential(for: claim, caller: Self.caller).token), nil)
            case "logout":
                try broker.forget(claim)
                return (
                    CargoReply.logout,
                    "forgot the cached access token of profile '\(claim.profile.name)'; its session stays "
                        + "(`authhelper logout --profile \(claim.profile.name)` ends it)."
                )
            case "login":
                return (CargoReply.failure(CargoReply.loginAdvice(claim.profile.name), kind: "operation-not-supported"), nil)
            default:
                return (CargoReply.operationNotSupported, nil)
            }
        } catch {
            return (CargoReply.failure(error.message), nil)
        }
    }

    /// The words configured after the provider's name (`["authhelper", "--profile", "work"]`),
    /// which cargo sends in the request's `args`.
    static func selecting(_ args: [JSONValue], in context: AuthContext) throws(AuthError) -> AuthContext {
        let words = args.compactMap(\.stringValue)
        if words.isEmpty { return context }
        if words.count == 2, words[0] == "--profile" { return context.selecting(words[1]) }
        if words.count == 1, words[0].hasPrefix("--profile=") { return context.selecting(String(words[0].dropFirst("--profile=".count))) }
        throw .usage(
            "The credential-provider words \(printable(words.joined(separator: " "))) are not authhelper's: it takes only --profile NAME.")
    }
}
