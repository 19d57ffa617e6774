/// One GET of a server's URL by the system's curl (libcurl, as authhelper's own requests are),
/// verifying TLS as the profile does, to learn whether it answers and what its `Date` says.
struct ServerProbe {
    enum Outcome: Equatable {
        case answered(Int)
        case failed(String)
    }

    /// The server's `Date` header.
    enum ServerDate: Equatable {
        case absent
        /// Not an HTTP date (the header's text, as the server sent it).
        case unreadable(String)
        case seconds(Int64)

        init(headerLines: [String]) {
            guard let line = headerLines.first(where: { $0.lowercased().hasPrefix("date:") }) else {
                self = .absent
                return
            }
            let text = String(line.dropFirst(5))
            self = HTTPDate.seconds(text).map { .seconds($0) } ?? .unreadable(text.trimmingSpaceAndNewlines)
        }
    }

    let outcome: Outcome
    let date: ServerDate
    /// curl failed on the TLS handshake or the certificate (exit 35, 51, 53-60, 77, 80, 82, 83, 90, 91).
    let tlsFailed: Bool

    static func get(_ url: String, caFile: String?, timeout: Int) -> ServerProbe {
        var argv = ["curl", "-q", "-sS", "-o", "/dev/null", "-D", "-", "--max-time", String(timeout), "--proto", "=http,https"]
        if let caFile { argv += ["--cacert", caFile] }
        argv.append(url)
        guard let result = CommandOutput.run(argv) else {
            return ServerProbe(outcome: .failed("curl could not be run (install curl)"), date: .absent, tlsFailed: false)
        }
        let lines = result.stdout.split(separator: "\r\n", omittingEmptySubsequences: true).map(String.init)
        guard result.status == 0, let statusLine = lines.last(where: { $0.hasPrefix("HTTP/") }),
            let status = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else {
            let tls = [35, 51, 53, 54, 58, 59, 60, 77, 80, 82, 83, 90, 91].contains(result.status)
            let cause = [7: "connection refused", 28: "timed out", 6: "host not found"][result.status] ?? "see curl(1)"
            let reason =
                tls
                ? "the TLS handshake failed (curl exit \(result.status)): its certificate is not trusted, "
                    + "or it does not speak TLS at all (an https:// URL to a plain-http server)"
                : "no answer (curl exit \(result.status): \(cause))"
            return ServerProbe(outcome: .failed(reason), date: .absent, tlsFailed: tls)
        }
        return ServerProbe(outcome: .answered(status), date: ServerDate(headerLines: lines), tlsFailed: false)
    }
}
