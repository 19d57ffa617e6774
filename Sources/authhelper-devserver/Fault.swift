import Foundation

/// A failure the server injects on purpose, so tests can prove the client survives it.
struct Fault: Sendable {
    enum Kind: Sendable, Equatable {
        /// Answer with this HTTP status and a JSON detail.
        case status(Int)
        /// Wait this many milliseconds, then answer normally.
        case delay(Int)
        /// Send the status line and headers, then close the connection mid-body.
        case drop
        /// 200 with a body that is not JSON.
        case garbage
        /// 200 with an empty body.
        case empty
        /// 200 with JSON cut off halfway.
        case truncated
        /// 200 with a 2 MiB body.
        case huge
        /// 307 to another host.
        case redirect
        /// 200 with token_type "mac".
        case notBearer
        /// 200 with JSON whose access token holds bytes that are not UTF-8.
        case invalidUTF8
        /// 400 with a detail holding a C1 control (CSI), a bidirectional override and an ESC.
        case hostileDetail
        /// An OAuth 2.0 error answer (`oauth:slow_down`): 400 `{"error": CODE}` at the token
        /// endpoint; at `authorize`, a redirect back with `error=CODE`.
        case oauthError(String)
        /// At `authorize`: a redirect back whose `state` is not the one sent.
        case wrongState
        /// At `authorize`: a redirect back naming another issuer (`iss`, RFC 9207).
        case wrongIssuer
        /// At `authorize`: a redirect back without `iss`, which the metadata promises (RFC 9207).
        case noIssuer
        /// This HTTP status with an empty body (no OAuth error to read).
        case bare(Int)
        /// An OAuth 2.0 error answered with HTTP 200.
        case okError(String)
        /// At `authorize`: the id_token of the code will carry another nonce.
        case wrongNonce

        init?(_ text: String) {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            switch parts[0] {
            case "status":
                guard parts.count == 2, let code = Int(parts[1]) else { return nil }
                self = .status(code)
            case "delay":
                guard parts.count == 2, let ms = Int(parts[1]) else { return nil }
                self = .delay(ms)
            case "drop": self = .drop
            case "garbage": self = .garbage
            case "empty": self = .empty
            case "truncated": self = .truncated
            case "huge": self = .huge
            case "redirect": self = .redirect
            case "not-bearer": self = .notBearer
            case "invalid-utf8": self = .invalidUTF8
            case "hostile-detail": self = .hostileDetail
            case "oauth":
                guard parts.count == 2, !parts[1].isEmpty else { return nil }
                self = .oauthError(parts[1])
            case "wrong-state": self = .wrongState
            case "wrong-iss": self = .wrongIssuer
            case "no-iss": self = .noIssuer
            case "wrong-nonce": self = .wrongNonce
            case "bare":
                guard parts.count == 2, let code = Int(parts[1]) else { return nil }
                self = .bare(code)
            case "ok-error":
                guard parts.count == 2, !parts[1].isEmpty else { return nil }
                self = .okError(parts[1])
            default: return nil
            }
        }
    }

    /// `device-poll`: the token endpoint's device_code grant; `authorize`: the authorization endpoint.
    static let targets: Set = ["login", "refresh", "users-me", "any", "device-poll", "authorize"]

    let target: String
    let kind: Kind
    /// Uses left; -1 for unlimited.
    var remaining: Int
    /// Probability that the fault fires on a matching request.
    let rate: Double

    init(target: String, kind: Kind, remaining: Int = -1, rate: Double = 1) {
        self.target = target
        self.kind = kind
        self.remaining = remaining
        self.rate = rate
    }

    /// `TARGET=KIND[,count=N][,rate=R]`, as given to `--fault`.
    init?(commandLine spec: String) {
        guard let eq = spec.firstIndex(of: "=") else { return nil }
        let target = String(spec[..<eq])
        let fields = spec[spec.index(after: eq)...].split(separator: ",").map(String.init)
        guard let first = fields.first, let kind = Kind(first) else { return nil }
        var remaining = -1
        var rate = 1.0
        for field in fields.dropFirst() {
            let pair = field.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { return nil }
            switch pair[0] {
            case "count":
                guard let n = Int(pair[1]) else { return nil }
                remaining = n
            case "rate":
                guard let r = Double(pair[1]) else { return nil }
                rate = r
            default: return nil
            }
        }
        guard Fault.targets.contains(target) else { return nil }
        self.init(target: target, kind: kind, remaining: remaining, rate: rate)
    }

    /// `{"target":"refresh","kind":"status:500","count":1,"rate":1}`, as posted to `/_dev/faults`.
    init?(json: [String: Any]) {
        guard let target = json["target"] as? String, Fault.targets.contains(target),
            let kindText = json["kind"] as? String, let kind = Kind(kindText)
        else { return nil }
        self.init(target: target, kind: kind, remaining: json["count"] as? Int ?? -1, rate: json["rate"] as? Double ?? 1)
    }
}
