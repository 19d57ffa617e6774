/// How the browser side of a login runs: `login`'s flags, or their defaults on a re-login.
public struct BrowserLoginOptions: Sendable {
    /// Open the browser (`--no-browser`: only print the address).
    public var openBrowser: Bool
    /// Seconds to wait for the browser's answer (`--browser-timeout`).
    public var timeout: Int
    public static let defaultTimeout = 300

    public init(openBrowser: Bool = true, timeout: Int = BrowserLoginOptions.defaultTimeout) {
        self.openBrowser = openBrowser
        self.timeout = timeout
    }
}
