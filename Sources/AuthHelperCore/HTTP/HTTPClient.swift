import CCurl

/// A small HTTP client over libcurl (loaded on first use).
///
/// Fixed rules, not options: TLS verification on, redirects not followed (a password must not
/// travel to another host), only http and https, a size cap on responses, and the body delivered
/// to a buffer — libcurl would otherwise write it to stdout, which is the command's product.
public struct HTTPClient: HTTPTransport {
    public let options: HTTPOptions
    public let userAgent: String

    public init(options: HTTPOptions, userAgent: String = "authhelper/\(AuthHelperVersion.current)") {
        self.options = options
        self.userAgent = userAgent
    }

    /// - Parameter onResponse: runs as soon as the transfer has ended, before anything else.
    public func send(_ request: HTTPRequest, onResponse: () -> Void = {}) throws(AuthError) -> HTTPResponse {
        try loadLibcurl()
        guard let handle = ah_curl_easy_init() else { throw .failure("libcurl could not create a request handle.") }
        defer { ah_curl_easy_cleanup(handle) }
        let headers = HeaderList(request.headers)
        let sink = ResponseSink(limit: options.maxResponseBytes, handle: handle, stream: request.stream)
        let unmanagedSink = Unmanaged.passRetained(sink)
        defer { unmanagedSink.release() }

        try applySafetyRules(handle)
        try applyRequest(request, headers: headers, to: handle)
        try deliverBody(of: handle, to: unmanagedSink)
        let code = ah_curl_easy_perform(handle)
        onResponse()
        var answer = try response(of: handle, code: code, sink: sink, url: request.url)
        for name in request.readHeaders {
            if let value = header(name, of: handle, allowingSpaces: true) { answer.headers[name.lowercased()] = value }
        }
        return answer
    }

    private func loadLibcurl() throws(AuthError) {
        var loadError = [CChar](repeating: 0, count: 256)
        guard ah_curl_load(&loadError, loadError.count) == 0 else {
            throw .unavailable("libcurl is not usable (\(stringFromCBuffer(loadError))); install libcurl4.")
        }
    }

    /// The rules no caller can change: TLS verified, no redirects, http(s) only, bounded time.
    private func applySafetyRules(_ handle: UnsafeMutableRawPointer) throws(AuthError) {
        try check(ah_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"), "restrict protocols")
        try check(ah_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0), "disable redirects")
        try check(ah_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1), "disable signals")
        try check(ah_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1), "verify TLS peers")
        try check(ah_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2), "verify TLS host names")
        try check(ah_curl_setopt_long(handle, CURLOPT_TIMEOUT, options.timeout), "set the timeout")
        try check(ah_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, min(options.timeout, 10)), "set the connect timeout")
        try check(ah_curl_setopt_string(handle, CURLOPT_USERAGENT, userAgent), "set the User-Agent")
        if let caFile = options.caFile {
            try check(ah_curl_setopt_string(handle, CURLOPT_CAINFO, caFile), "set the CA file")
        }
    }

    /// URL, headers and the POST body.
    private func applyRequest(_ request: HTTPRequest, headers: HeaderList, to handle: UnsafeMutableRawPointer) throws(AuthError) {
        try check(ah_curl_setopt_string(handle, CURLOPT_URL, request.url), "set the URL")
        try check(ah_curl_setopt_list(handle, CURLOPT_HTTPHEADER, headers.list), "set headers")
        switch request.method {
        case .get:
            try check(ah_curl_setopt_long(handle, CURLOPT_HTTPGET, 1), "select GET")
            return
        case .delete:
            try check(ah_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, "DELETE"), "select DELETE")
            return
        case .post:
            break
        }
        try check(ah_curl_setopt_long(handle, CURLOPT_POST, 1), "select POST")
        // A trailing NUL keeps the pointer valid for an empty body; the size excludes it.
        // libcurl copies the body (COPYPOSTFIELDS in the shim), so the buffer may go after this.
        try check(
            (request.body + [0]).withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    ah_curl_setopt_post_body(handle, chars.baseAddress, request.body.count)
                }
            }, "set the body")
    }

    /// The response body goes to `sink`, never to stdout (libcurl's default), and stops at its limit.
    private func deliverBody(of handle: UnsafeMutableRawPointer, to sink: Unmanaged<ResponseSink>) throws(AuthError) {
        try check(ah_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, sink.toOpaque()), "set the body buffer")
        try check(
            ah_curl_setopt_write_function(
                handle,
                { data, size, count, context in
                    let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
                    let length = size * count
                    if let stream = sink.stream, let data, length > 0 {
                        var status = 0
                        _ = ah_curl_getinfo_long(sink.handle, CURLINFO_RESPONSE_CODE, &status)
                        if status == 200 {
                            stream(
                                data.withMemoryRebound(to: UInt8.self, capacity: length) {
                                    Array(UnsafeBufferPointer(start: $0, count: length))
                                })
                            return length
                        }
                    }
                    guard sink.bytes.count + length <= sink.limit else {
                        sink.overflowed = true
                        return 0  // makes libcurl stop with CURLE_WRITE_ERROR
                    }
                    if let data, length > 0 {
                        data.withMemoryRebound(to: UInt8.self, capacity: length) {
                            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
                        }
                    }
                    return length
                }), "set the body callback")
    }

    /// The finished transfer as a response, or the contract's error for what went wrong.
    private func response(of handle: UnsafeMutableRawPointer, code: CURLcode, sink: ResponseSink, url: String) throws(AuthError)
        -> HTTPResponse
    {
        if sink.overflowed {
            throw .malformedResponse(
                "The server at \(url) sent a response larger than \(options.maxResponseBytes / 1024) KiB; authhelper refuses it.")
        }
        guard code == CURLE_OK else { throw Self.map(code, url: url, caFile: options.caFile) }
        var status = 0
        _ = ah_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var location: String?
        if (300..<400).contains(status) {
            var pointer: UnsafeMutablePointer<CChar>?
            if ah_curl_getinfo_string(handle, CURLINFO_REDIRECT_URL, &pointer) == CURLE_OK, let pointer {
                location = String(cString: pointer)
            }
        }
        var response = HTTPResponse(status: status, body: sink.bytes, location: location, dpopNonce: header("DPoP-Nonce", of: handle))
        response.authenticate = header("WWW-Authenticate", of: handle, allowingSpaces: true)
        return response
    }

    /// A response header's value, if sent (printable ASCII, at most 1 KiB; spaces only where the
    /// header's grammar has them, as a challenge's parameters do).
    private func header(_ name: String, of handle: UnsafeMutableRawPointer, allowingSpaces: Bool = false) -> String? {
        var buffer = [CChar](repeating: 0, count: 1024)
        guard ah_curl_header_value(handle, name, &buffer, buffer.count) == 0 else { return nil }
        let value = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let lowest: UInt8 = allowingSpaces ? 0x20 : 0x21
        guard !value.isEmpty, value.utf8.allSatisfy({ $0 >= lowest && $0 < 0x7F }) else { return nil }
        return value
    }

    private func check(_ code: CURLcode, _ what: String) throws(AuthError) {
        guard code == CURLE_OK else {
            throw .failure("libcurl could not \(what): \(String(cString: ah_curl_easy_strerror(code))).")
        }
    }

    /// libcurl's failures in the contract's terms: unreachable is 69, a timeout or a broken
    /// exchange may succeed later (75), a certificate problem needs the user (69, naming ca_file).
    static func map(_ code: CURLcode, url: String, caFile: String?) -> AuthError {
        let reason = String(cString: ah_curl_easy_strerror(code))
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .unavailable("Cannot resolve the host of \(url) (\(reason)); check the server URL and your network.")
        case CURLE_COULDNT_CONNECT:
            return .unavailable("Cannot connect to \(url) (\(reason)); is the server running and reachable?")
        case CURLE_OPERATION_TIMEDOUT:
            return .temporary("The request to \(url) timed out (\(reason)); nothing was changed, try again later.")
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CONNECT_ERROR,
            CURLE_SSL_CERTPROBLEM, CURLE_SSL_ISSUER_ERROR:
            let hint =
                caFile == nil
                ? "if the server uses a private CA, set ca_file in the profile"
                : "check the profile's ca_file (\(caFile!))"
            return .unavailable("TLS with \(url) failed (\(reason)); \(hint).")
        case CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_SEND_ERROR:
            return .temporary("The connection to \(url) broke off (\(reason)); nothing was changed, try again later.")
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .usage("The URL \(url) is not usable (\(reason)).")
        default:
            return .failure("The request to \(url) failed (\(reason)).")
        }
    }
}

/// libcurl's header list for one request, freed with it.
private final class HeaderList {
    let list: UnsafeMutablePointer<curl_slist>?

    init(_ headers: [(String, String)]) {
        var list: UnsafeMutablePointer<curl_slist>?
        for (name, value) in headers { list = ah_curl_slist_append(list, "\(name): \(value)") }
        // An empty Expect header stops libcurl's 100-continue round trip on POST.
        self.list = ah_curl_slist_append(list, "Expect:")
    }

    deinit { if let list { ah_curl_slist_free_all(list) } }
}

/// Collects a response body up to a limit; shared with libcurl's C callback through a pointer.
private final class ResponseSink {
    var bytes: [UInt8] = []
    var overflowed = false
    let limit: Int
    /// The transfer, asked for the status before a chunk goes to `stream`.
    let handle: UnsafeMutableRawPointer
    let stream: (@Sendable ([UInt8]) -> Void)?
    init(limit: Int, handle: UnsafeMutableRawPointer, stream: (@Sendable ([UInt8]) -> Void)?) {
        self.limit = limit
        self.handle = handle
        self.stream = stream
    }
}
