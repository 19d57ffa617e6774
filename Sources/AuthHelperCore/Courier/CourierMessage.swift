/// What goes between a refresh and its courier over two pipes, as JSON: the request, with its
/// options and ticket, one way; the answer (or the error) the other. Bodies travel as hex, since a
/// server's answer need not be text. Both documents hold secrets (the refresh token, a client
/// secret, the new tokens) and go nowhere but the pipes.
enum CourierMessage {
    static let version: Int64 = 1

    /// The request document.
    static func request(_ request: HTTPRequest, options: HTTPOptions, ticket: CourierTicket) -> [UInt8] {
        var members: [(String, JSONValue)] = [
            ("version", .number(Double(version))), ("method", .string(request.method.rawValue)), ("url", .string(request.url)),
            ("headers", .array(request.headers.map { .array([.string($0.0), .string($0.1)]) })),
            ("body", .string(Hex.encode(request.body))), ("timeout", .number(Double(options.timeout))),
            ("max_response_bytes", .number(Double(options.maxResponseBytes))),
            ("journal", .string(ticket.journal)), ("replaces", .string(ticket.replaces)),
            ("profile_default", .bool(ticket.profileDefault)),
        ]
        if let caFile = options.caFile { members.append(("ca_file", .string(caFile))) }
        return Array(JSONValue.object(members).serialized.utf8)
    }

    /// The courier's reading of a request document: nil for anything incomplete (a caller
    /// killed while writing it), so that nothing half-read is ever sent.
    struct Order {
        let request: HTTPRequest
        let options: HTTPOptions
        let journal: String
        let replaces: String
        let profileDefault: Bool
    }

    static func order(from bytes: [UInt8]) -> Order? {
        guard let document = try? JSONValue.parse(bytes), document["version"]?.integerValue == version,
            let method = document["method"]?.stringValue.flatMap(HTTPRequest.Method.init(rawValue:)),
            let url = document["url"]?.stringValue, let pairs = document["headers"]?.arrayValue,
            let body = document["body"]?.stringValue.flatMap(Hex.decode), let timeout = document["timeout"]?.integerValue,
            let limit = document["max_response_bytes"]?.integerValue, let journal = document["journal"]?.stringValue,
            let replaces = document["replaces"]?.stringValue, case .bool(let profileDefault)? = document["profile_default"]
        else { return nil }
        var headers: [(String, String)] = []
        for pair in pairs {
            guard let items = pair.arrayValue, items.count == 2, let name = items[0].stringValue, let value = items[1].stringValue
            else { return nil }
            headers.append((name, value))
        }
        return Order(
            request: HTTPRequest(method: method, url: url, headers: headers, body: body),
            options: HTTPOptions(timeout: Int(timeout), caFile: document["ca_file"]?.stringValue, maxResponseBytes: Int(limit)),
            journal: journal, replaces: replaces, profileDefault: profileDefault)
    }

    /// The answer document: the response, or the error the request ended with.
    static func answer(_ result: Result<HTTPResponse, AuthError>) -> [UInt8] {
        var members: [(String, JSONValue)] = [("version", .number(Double(version)))]
        switch result {
        case .success(let response):
            members += [("status", .number(Double(response.status))), ("body", .string(Hex.encode(response.body)))]
            for (name, value) in [
                ("location", response.location), ("dpop_nonce", response.dpopNonce), ("authenticate", response.authenticate),
            ] {
                if let value { members.append((name, .string(value))) }
            }
        case .failure(let error):
            members += [("exit", .number(Double(error.exitCode))), ("message", .string(error.message))]
        }
        return Array(JSONValue.object(members).serialized.utf8)
    }

    /// The caller's reading of an answer document (nil: none, or not one).
    static func result(from bytes: [UInt8]) -> Result<HTTPResponse, AuthError>? {
        guard let document = try? JSONValue.parse(bytes), document["version"]?.integerValue == version else { return nil }
        if let exit = document["exit"]?.integerValue, let message = document["message"]?.stringValue {
            return .failure(AuthError(exitCode: Int32(clamping: exit), message: message))
        }
        guard let status = document["status"]?.integerValue, let body = document["body"]?.stringValue.flatMap(Hex.decode) else {
            return nil
        }
        var response = HTTPResponse(
            status: Int(status), body: body, location: document["location"]?.stringValue, dpopNonce: document["dpop_nonce"]?.stringValue)
        response.authenticate = document["authenticate"]?.stringValue
        return .success(response)
    }
}

extension AuthError {
    /// The error of this exit status with `message` (what crosses a pipe from the courier).
    init(exitCode: Int32, message: String) {
        switch exitCode {
        case 64: self = .usage(message)
        case 65: self = .malformedResponse(message)
        case 69: self = .unavailable(message)
        case 75: self = .temporary(message)
        case 77: self = .notPermitted(message)
        case 78: self = .configuration(message)
        default: self = .failure(message)
        }
    }
}

/// Lower-case hexadecimal for bytes.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = value(of: utf8[index]), let low = value(of: utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
