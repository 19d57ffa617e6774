/// How requests are made: the profile's timeout and CA file, and fixed safety rules.
public struct HTTPOptions: Sendable {
    /// Seconds for the whole request.
    public var timeout: Int
    public var caFile: String?
    /// Responses larger than this are refused (65): token responses are a few kilobytes.
    public var maxResponseBytes: Int

    public init(timeout: Int, caFile: String?, maxResponseBytes: Int = 256 * 1024) {
        self.timeout = timeout
        self.caFile = caFile
        self.maxResponseBytes = maxResponseBytes
    }
}
