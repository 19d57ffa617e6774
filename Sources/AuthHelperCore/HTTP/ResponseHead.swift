/// What an API's answer says to authhelper: its status and the headers it acts on (a DPoP nonce,
/// a step-up challenge), read one way for every caller — curl's header dump, mcp-proxy's own
/// requests, the response go writes to its GOAUTH helper.
public struct ResponseHead: Sendable, Equatable {
    public let status: Int
    /// `DPoP-Nonce` (RFC 9449 §8, §9).
    public let dpopNonce: String?
    /// A 401 whose `WWW-Authenticate: DPoP` challenge says `error="use_dpop_nonce"`.
    public let asksForDPoPNonce: Bool
    /// A 401 or 403 that says the token is not enough (more scope, a stronger login).
    public let stepUp: StepUpChallenge?

    public init(status: Int, dpopNonce: String? = nil, asksForDPoPNonce: Bool = false, stepUp: StepUpChallenge? = nil) {
        self.status = status
        self.dpopNonce = dpopNonce
        self.asksForDPoPNonce = asksForDPoPNonce
        self.stepUp = stepUp
    }

    /// What a response authhelper received itself (mcp-proxy) says, by the same reading.
    public init(_ response: HTTPResponse) {
        self.init(
            status: response.status, dpopNonce: response.dpopNonce,
            asksForDPoPNonce: response.status == 401 && AuthenticationChallenge.isDPoP(response.authenticate, error: DPoPProof.useNonce),
            stepUp: StepUpChallenge(status: response.status, authenticate: response.authenticate))
    }
}

extension ResponseHead {
    /// The first final response in an HTTP header dump (curl's `-D`, go's response to its GOAUTH
    /// helper; 1xx interim answers skipped): its status and the headers authhelper acts on.
    public static func first(inHeaderDump bytes: [UInt8]) -> Self? {
        var status: Int?
        var nonce: String?
        var asksForNonce = false
        var challenges: [String] = []
        for raw in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let line = String(decoding: raw.last == UInt8(ascii: "\r") ? raw.dropLast() : raw, as: UTF8.self)
            if line.hasPrefix("HTTP/") {
                let fields = line.split(separator: " ")
                guard fields.count >= 2, let code = Int(fields[1]) else { continue }
                if (100..<200).contains(code) { continue }
                status = code
            } else if status != nil, line.isEmpty {
                break  // the end of the first final response's headers
            } else if status != nil, let colon = line.firstIndex(of: ":") {
                let name = line[..<colon].lowercased()
                let value = String(line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" })
                if name == "dpop-nonce" { nonce = value }
                if name == "www-authenticate" {
                    challenges.append(value)
                    if AuthenticationChallenge.isDPoP(value, error: DPoPProof.useNonce) { asksForNonce = true }
                }
            }
        }
        return status.map {
            Self(
                status: $0, dpopNonce: nonce, asksForDPoPNonce: $0 == 401 && asksForNonce,
                stepUp: StepUpChallenge(status: $0, authenticate: challenges.isEmpty ? nil : challenges.joined(separator: ", ")))
        }
    }
}
