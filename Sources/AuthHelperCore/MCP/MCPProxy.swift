#if canImport(Glibc)
    import Glibc
#endif

/// `authhelper mcp-proxy URL`: a stdio MCP server for any MCP client (Claude Code, VS Code, the
/// SDKs' stdio clients) that forwards each JSON-RPC message it reads, one per line, to the
/// streamable-HTTP MCP server at URL, and writes back what that server answers, one message per
/// line. Every request carries a token fresh from the profile that claims URL — Bearer, or for a
/// DPoP profile a proof per request, the only way DPoP reaches an MCP client — and a token the
/// server refuses (401) is refreshed once and the request sent again; the client never sees it.
///
/// stdout carries only the protocol; what went wrong with a request goes back to the client as a
/// JSON-RPC error with the reason (a server that is down or refuses), and to stderr for a
/// notification, which has no answer. The session (`Mcp-Session-Id`) is kept and ended
/// (`DELETE`) when the client closes stdin; what the server sends unasked comes on its own
/// stream (ServerStream), listened to beside the client's requests, which go one at a time.
public struct MCPProxy {
    let connection: MCPConnection

    public init(context: AuthContext, url: String) throws(AuthError) {
        connection = try MCPConnection(context: context, url: url)
    }

    /// Serves until the client closes `input`; the exit status. Once the client has said it is
    /// initialized, the server's own stream is listened to beside it (ServerStream).
    public func serve(input: Int32 = 0, output: Int32 = 1) -> Int32 {
        let writer = MessageWriter(fd: output)
        var lines = MessageLines(fd: input)
        var listening = false
        while let line = lines.next() {
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
            for message in connection.forward(line) {
                guard writer.write(message) else { return 0 }  // the client went away
            }
            if !listening, (try? JSONValue.parse(line))?["method"]?.stringValue == "notifications/initialized" {
                listening = true
                ServerStream(connection: connection, writer: writer).start()
            }
        }
        connection.end()
        return 0
    }
}

/// The messages an MCP client writes on stdio, one per line: each without its newline, the
/// last one even without one.
struct MessageLines {
    let fd: Int32
    var buffer: [UInt8] = []
    var ended = false
    /// A message larger than this is no MCP message a client sends.
    static let limit = 64 << 20

    init(fd: Int32) { self.fd = fd }

    mutating func next() -> [UInt8]? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                return line
            }
            if ended || buffer.count > Self.limit {
                guard !buffer.isEmpty else { return nil }
                defer { buffer = [] }
                return buffer
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { ended = true } else { buffer += chunk[..<count] }
        }
    }
}

/// One MCP session with the server: the profile that claims its URL, the transport, and what
/// the server said it is (`Mcp-Session-Id`, the protocol version).
final class MCPConnection {
    let context: AuthContext
    let url: String
    let target: RequestTarget
    var profile: Profile { target.profile }
    let signer: DPoPRequestSigner?
    let http: any HTTPTransport
    var sessionID: String?
    var protocolVersion: String?

    init(context: AuthContext, url: String) throws(AuthError) {
        guard url.contains("://"), RequestURL(url) != nil else {
            throw .usage("'\(printable(url))' is not an http(s) URL of an MCP server.")
        }
        // The client runs the proxy with pipes: a session that ended says which login renews it.
        let target = try RequestTarget(urls: [url], context: context, attendance: .nobody)
        self.context = context
        self.url = url
        self.target = target
        self.signer = try target.signer()
        // A tool call may take minutes; its answer may be large.
        self.http = context.world.makeTransport(
            HTTPOptions(timeout: context.timeoutOverride ?? 300, caFile: target.profile.caFile, maxResponseBytes: 32 << 20))
    }

    /// What goes back to the client for one message from it: JSON-RPC messages, one per line.
    func forward(_ line: [UInt8]) -> [String] {
        let message = try? JSONValue.parse(line)
        let id = message?["id"]
        let method = message?["method"]?.stringValue
        let expectsAnswer = id != nil && method != nil
        do {
            let response = try send(.post, body: line)
            if (200..<300).contains(response.status) {
                let answers = Self.messages(in: response)
                if method == "initialize" { learnSession(from: response, answers: answers) }
                return answers
            }
            let reason =
                StepUpChallenge(status: response.status, authenticate: response.authenticate)?.sentence(url: url, profile: profile)
                ?? Self.reason(response, url: url)
            guard expectsAnswer, let id else {
                context.diagnostics.warning("the MCP server did not take a \(method ?? "message"): \(reason)")
                return []
            }
            return [Self.error(id: id, message: reason)]
        } catch {
            guard expectsAnswer, let id else {
                context.diagnostics.warning(error.message)
                return []
            }
            return [Self.error(id: id, message: error.message)]
        }
    }

    /// Ends the session at the server (best effort).
    func end() {
        guard sessionID != nil else { return }
        _ = try? send(.delete, body: [])
    }

    /// One request with a fresh token, each refusal answered as RequestAttempts says (a step-up
    /// is not: the client gets it, as a JSON-RPC error naming the login). `stream`: a 200 answer's
    /// body as it arrives (the server's own stream, over `transport`).
    func send(
        _ method: HTTPRequest.Method, body: [UInt8], stream: (@Sendable ([UInt8]) -> Void)? = nil,
        over transport: (any HTTPTransport)? = nil
    ) throws(AuthError) -> HTTPResponse {
        var attempts = try target.attempts(signedBy: signer, answersStepUps: false)
        while true {
            var request = HTTPRequest(method: method, url: url, headers: try headers(attempts, method: method), body: body)
            request.readHeaders = ["Content-Type", "Mcp-Session-Id"]
            request.stream = stream
            let response = try (transport ?? http).send(request, onResponse: {})
            guard try attempts.retries(after: ResponseHead(response), from: url) else { return response }
        }
    }

    private func headers(_ attempts: RequestAttempts, method: HTTPRequest.Method) throws(AuthError) -> [(String, String)] {
        var headers: [(String, String)] = [("Accept", method == .get ? "text/event-stream" : "application/json, text/event-stream")]
        if method == .post { headers.append(("Content-Type", "application/json")) }
        headers += try attempts.authorization(method: method.rawValue, url: url).headerFields
        if let sessionID { headers.append(("Mcp-Session-Id", sessionID)) }
        if let protocolVersion { headers.append(("MCP-Protocol-Version", protocolVersion)) }
        return headers
    }

    private func learnSession(from response: HTTPResponse, answers: [String]) {
        if let id = response.headers["mcp-session-id"], id.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { sessionID = id }
        for answer in answers {
            if let version = (try? JSONValue.parse(answer))?["result"]?["protocolVersion"]?.stringValue,
                version.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
            {
                protocolVersion = version
            }
        }
    }

    /// The JSON-RPC messages of a successful answer, each on one line: the body of a JSON answer,
    /// the data of each event of an event stream; nothing for 202 (a notification taken).
    static func messages(in response: HTTPResponse) -> [String] {
        let type = (response.headers["content-type"] ?? "").lowercased()
        let payloads = type.hasPrefix("text/event-stream") ? ServerSentEvents.data(in: response.body) : [response.body]
        return payloads.compactMap { payload in
            guard payload.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else { return nil }
            // One line per message: a pretty-printed answer is written compactly.
            return (try? JSONValue.parse(payload))?.serialized
        }
    }

    /// Why the server did not answer a request, for the client and the person.
    static func reason(_ response: HTTPResponse, url: String) -> String {
        let challenge = AuthenticationChallenge.parse(response.authenticate ?? "").first
        let described = challenge?["error_description"].map { ": " + printable($0, limit: 200) } ?? ""
        let error = challenge?["error"].map { " (\(printable($0, limit: 60))\(described))" } ?? ""
        switch response.status {
        case 401: return "The MCP server at \(url) refused the token even after a refresh (HTTP 401\(error))."
        case 403: return "The MCP server at \(url) refused the request (HTTP 403\(error))."
        case 404: return "The MCP server at \(url) answered HTTP 404: the session ended, or nothing serves MCP there."
        default: return "The MCP server at \(url) answered HTTP \(response.status)\(error)."
        }
    }

    /// A JSON-RPC error answer to the request `id` (-32000: a server error, JSON-RPC 2.0 §5.1).
    static func error(id: JSONValue, message: String) -> String {
        JSONValue.object([
            ("jsonrpc", .string("2.0")), ("id", id),
            ("error", .object([("code", .number(-32000)), ("message", .string("authhelper mcp-proxy: " + message))])),
        ]).serialized
    }
}
