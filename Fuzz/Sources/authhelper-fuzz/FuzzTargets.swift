import AuthHelperCore

#if canImport(Glibc)
    import Glibc
#endif

/// One binary, one parser per run: `AUTHHELPER_FUZZ_TARGET` picks it (json, toml,
/// git-credential, jwt, token-response, agent-request, server-answer). Each target must never
/// trap, whatever the input; the parsers report bad input as errors.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    switch FuzzTarget.current {
    case .json:
        if let value = try? JSONValue.parse(bytes) {
            // What parses must serialize and parse back to the same value.
            precondition((try? JSONValue.parse(value.serialized)) == value, "JSON round trip changed the value")
        }
    case .toml:
        let text = String(decoding: bytes, as: UTF8.self)
        var warnings: [String] = []
        _ = try? ConfigFile.parse(text, path: "config.toml", warnings: &warnings)
        if let config = try? ConfigFile.parse(text, path: "config.toml", warnings: &warnings) {
            // What authhelper writes, it must read back as the same profiles.
            let again = try? ConfigFile.parse(ConfigFile.render(config), path: "config.toml", warnings: &warnings)
            precondition(again?.profiles == config.profiles, "config render/parse round trip changed the profiles")
        }
    case .gitCredential:
        if let request = try? GitCredentialRequest(parsing: bytes), let server = try? ServerURL(parsing: "https://api.example.com:8443/v1")
        {
            if let url = request.url { _ = server.admits(url) }
        }
    case .jwt:
        _ = JWT.expiry(of: String(decoding: bytes, as: UTF8.self))
    case .agentRequest:
        // What a peer on the agent's socket sends, and what an agent answers a remote.
        if let request = try? AgentProtocol.Request(parsing: bytes) {
            precondition(
                (try? AgentProtocol.Request(parsing: Array(request.line.utf8.dropLast()))) == request, "agent request round trip changed it"
            )
        }
        if let answer = try? AgentProtocol.Answer(parsing: bytes) {
            precondition(
                (try? AgentProtocol.Answer(parsing: Array(answer.line.utf8.dropLast()))) == answer, "agent answer round trip changed it")
        }
    case .serverAnswer:
        // What a server's answer carries that authhelper reads outside a token response: a Date
        // (doctor's clock check), a header dump (status, DPoP-Nonce, WWW-Authenticate challenges)
        // and a registry name as a tool sends it.
        let text = String(decoding: bytes, as: UTF8.self)
        if let seconds = HTTPDate.seconds(text) {
            precondition((-62_135_596_800...253_402_300_799).contains(seconds), "an HTTP date outside years 1-9999")
        }
        _ = ResponseHead.first(inHeaderDump: bytes)
        if let name = RegistryName(parsing: text) { _ = name.originText }
        for challenge in AuthenticationChallenge.parse(text) {
            precondition(!challenge.scheme.isEmpty && challenge.scheme == challenge.scheme.lowercased(), "a challenge without its scheme")
        }
        if let url = try? ServerURL(parsing: "https://api.example.test/mcp") {
            _ = try? ProtectedResource(document: bytes, metadataURL: "m", for: url)
        }
    case .tokenResponse:
        let status = bytes.first.map { [200, 400, 401, 422, 429, 500, 307][Int($0) % 7] } ?? 200
        let response = HTTPResponse(status: status, body: Array(bytes.dropFirst()))
        _ = try? TokenResponseParser.parseLogin(response, url: "u", receivedAt: 1000)
        _ = try? TokenResponseParser.parseRefresh(response, url: "u", receivedAt: 1000)
    }
    return 0
}

enum FuzzTarget: String {
    case json, toml, jwt
    case gitCredential = "git-credential"
    case tokenResponse = "token-response"
    case agentRequest = "agent-request"
    case serverAnswer = "server-answer"

    static let current: FuzzTarget = {
        let name = getenv("AUTHHELPER_FUZZ_TARGET").map { String(cString: $0) } ?? "json"
        guard let target = FuzzTarget(rawValue: name) else {
            StandardError.write(
                "AUTHHELPER_FUZZ_TARGET must be json, toml, git-credential, jwt, token-response, agent-request or server-answer\n")
            exit(2)
        }
        return target
    }()
}
