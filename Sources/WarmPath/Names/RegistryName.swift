/// A container registry as the docker-credential-helpers protocol names it, in every form the
/// tools send: the bare `credHelpers` key (`host:port`, what skopeo and podman send), or a URL
/// (`https://host:port`, `https://host:port/v2/`, `https://index.docker.io/v1/`, what the docker
/// CLI sends). One normal form, so a claim in the config and a request meet: the host in lower
/// case, the port unless it is https's 443, no scheme, no path.
public struct RegistryName: Hashable, Sendable, CustomStringConvertible {
    public let host: String
    public let port: Int?
    /// Written with `http://`: the registry is spoken to in plain http (the config then needs
    /// allow_insecure_http, unless it is loopback).
    public let plainHTTP: Bool

    /// Nil when `text` names no registry this helper can match (empty, a space or control
    /// character, a user name, a bad port).
    ///
    /// Read as bytes: everything it accepts is printable ASCII, so nothing needs Characters (whose
    /// grapheme breaking was most of the front's warm `get`).
    public init?(parsing text: String) {
        var rest = ArraySlice(text.utf8)
        var plain = false
        if let colon = rest.firstIndex(of: UInt8(ascii: ":")), rest[colon...].starts(with: "://".utf8) {
            let scheme = String(decoding: rest[..<colon].map(Self.lowercased), as: UTF8.self)
            guard scheme == "https" || scheme == "http" else { return nil }
            plain = scheme == "http"
            rest = rest[(colon + 3)...]
        }
        if let slash = rest.firstIndex(of: UInt8(ascii: "/")) { rest = rest[..<slash] }
        guard !rest.isEmpty, rest.count <= 255,
            rest.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "@") && $0 != UInt8(ascii: "\\") && $0 != UInt8(ascii: "\"") })
        else { return nil }
        var hostBytes = rest.map(Self.lowercased)[...]
        var port: Int?
        if let colon = hostBytes.lastIndex(of: UInt8(ascii: ":")), hostBytes.last != UInt8(ascii: "]") {
            guard let number = Int(String(decoding: hostBytes[(colon + 1)...], as: UTF8.self)), (1...65535).contains(number) else {
                return nil
            }
            port = number
            hostBytes = hostBytes[..<colon]
        }
        let host = String(decoding: hostBytes, as: UTF8.self)
        guard !host.isEmpty else { return nil }
        self.host = host
        self.port = plain ? port : (port == 443 ? nil : port)
        self.plainHTTP = plain
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    /// `host` or `host:port`.
    public var description: String { port.map { "\(host):\($0)" } ?? host }

    /// The same registry, whatever the scheme it was written with.
    public func isSame(as other: RegistryName) -> Bool { host == other.host && port == other.port }

    /// Whether this claim (a registry in a profile's `registries`) answers a request for `asked`:
    /// the same registry, and no token for a request written `http://` to a host that is not
    /// loopback, unless the claim itself is plain http (which the config allowed with
    /// allow_insecure_http): the tool would send it over plain http to wherever the network says.
    /// The same rule for the front's warm `get` and for authhelper-full's.
    public func answers(_ asked: RegistryName) -> Bool {
        isSame(as: asked) && (!asked.plainHTTP || plainHTTP || LoopbackHost.contains(host))
    }

    /// The claim as the config writes it: `http://` kept where the registry is spoken to in plain
    /// http, so a resource on that origin is found whatever form a request takes.
    public var claimText: String { plainHTTP ? "http://" + description : description }

    /// Its origin as a URL, to compare with a profile's resources.
    public var originText: String { (plainHTTP ? "http://" : "https://") + description }
}
