import Foundation

/// The package's development server on a random loopback port.
final class DevServerProcess {
    let process: RunningProcess
    let url: String

    init(_ arguments: [String] = []) throws {
        process = try ProcessRunner.start(
            Products.devserver, ["--port", "0"] + arguments,
            environment: ["PATH": "/usr/bin:/bin"])
        url = try process.listeningURL("the development server")
    }

    /// Counters from `GET /_dev/stats`.
    func stats() throws -> [String: Any] {
        let result = try ProcessRunner.run("/usr/bin/curl", ["-sf", url + "/_dev/stats"], environment: [:])
        return (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]) ?? [:]
    }

    func counter(_ name: String) throws -> Int { try stats()[name] as? Int ?? -1 }

    /// Every refresh token the server issued, spent or not (`GET /_dev/refresh-tokens`).
    func issuedRefreshTokens() throws -> [String] {
        let result = try ProcessRunner.run("/usr/bin/curl", ["-sf", url + "/_dev/refresh-tokens"], environment: [:])
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return json?["refresh_tokens"] as? [String] ?? []
    }

    func addFault(target: String, kind: String, count: Int = -1, rate: Double = 1) throws {
        let body = #"{"target":"\#(target)","kind":"\#(kind)","count":\#(count),"rate":\#(rate)}"#
        _ = try ProcessRunner.run("/usr/bin/curl", ["-sf", "-X", "POST", "-d", body, url + "/_dev/faults"], environment: [:])
    }

    func clearFaults() throws {
        _ = try ProcessRunner.run("/usr/bin/curl", ["-sf", "-X", "DELETE", url + "/_dev/faults"], environment: [:])
    }

    func expireAccessTokens() throws {
        _ = try ProcessRunner.run("/usr/bin/curl", ["-sf", "-X", "POST", url + "/_dev/expire"], environment: [:])
    }

    /// `GET /users/me` with a bearer token, through the real curl; returns the HTTP status.
    func usersMeStatus(token: String) throws -> Int {
        let result = try ProcessRunner.run(
            "/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "@-", url + "/users/me"],
            environment: [:], stdin: "Authorization: Bearer \(token)\n")
        return Int(result.stdout) ?? -1
    }

    func stop() { process.terminate() }

    deinit { stop() }
}
