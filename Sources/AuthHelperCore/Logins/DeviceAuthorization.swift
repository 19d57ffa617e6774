/// A device authorization response (RFC 8628 §3.2): what the person must confirm, where, and how
/// long and how often the client may poll for the outcome.
public struct DeviceAuthorization: Sendable, Equatable {
    /// Secret between this client and the server: polled with, never shown.
    public let deviceCode: String
    /// What the person types at `verificationURI` (shown).
    public let userCode: String
    public let verificationURI: String
    /// The URI with the user code in it, for a person who can follow a link.
    public let verificationURIComplete: String?
    public let expiresIn: Int
    /// Seconds between polls; 5 when the server does not say (§3.2).
    public let interval: Int

    static let defaultInterval = 5

    /// Reads the server's answer. Anything shown to the person must be an http(s) URL or a short
    /// printable code: a hostile server gets no terminal escape through here.
    public static func parse(_ body: [UInt8], url: String) throws(AuthError) -> DeviceAuthorization {
        guard let json = try? JSONValue.parse(body) else {
            throw .malformedResponse("The device authorization endpoint \(url) answered with something that is not JSON.")
        }
        func required(_ name: String) throws(AuthError) -> String {
            guard let value = json[name]?.stringValue, !value.isEmpty else {
                throw .malformedResponse("The device authorization endpoint \(url) answered without \(name).")
            }
            return value
        }
        let deviceCode = try required("device_code")
        let userCode = try required("user_code")
        // Some servers (Google's) spell it verification_url.
        guard let uri = json["verification_uri"]?.stringValue ?? json["verification_url"]?.stringValue, isShowableURL(uri) else {
            throw .malformedResponse("The device authorization endpoint \(url) gave no http(s) verification_uri.")
        }
        guard userCode.utf8.count <= 64, userCode == printable(userCode) else {
            throw .malformedResponse(
                "The device authorization endpoint \(url) gave a user code that cannot be shown: '\(printable(userCode, limit: 24))'.")
        }
        guard let expiresIn = json["expires_in"]?.integerValue.map(Int.init), expiresIn > 0, expiresIn <= 86400 else {
            throw .malformedResponse("The device authorization endpoint \(url) gave no usable expires_in.")
        }
        let interval = json["interval"]?.integerValue.map { Int(clamping: $0) } ?? defaultInterval
        return DeviceAuthorization(
            deviceCode: deviceCode, userCode: userCode, verificationURI: uri,
            verificationURIComplete: json["verification_uri_complete"]?.stringValue.flatMap { isShowableURL($0) ? $0 : nil },
            expiresIn: expiresIn, interval: min(max(interval, 1), 60))
    }

    /// http(s), at most 2 KiB, and nothing the terminal would act on.
    static func isShowableURL(_ text: String) -> Bool {
        (text.hasPrefix("https://") || text.hasPrefix("http://")) && text.utf8.count <= 2048
            && text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}
