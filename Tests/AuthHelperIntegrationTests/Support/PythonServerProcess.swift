import Foundation

/// A real server from Tests/Servers (django-oauth-toolkit, stock fastapi-users), run with the
/// pinned virtual environment `scripts/python-servers` installs, on a random loopback port.
final class PythonServerProcess {
    static let python = repositoryRoot + "/.build/python-servers/bin/python"

    let process: RunningProcess
    let url: String
    let data: String

    init(script: String, _ arguments: [String] = []) throws {
        data = FileManager.default.temporaryDirectory.appendingPathComponent("ah-pyserver-\(UUID().uuidString.prefix(8))").path
        process = try ProcessRunner.start(
            Self.python, [repositoryRoot + "/Tests/Servers/" + script, "--data", data] + arguments,
            environment: ["PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"])
        url = try process.listeningURL(script, seconds: 30)
    }

    /// Counters from `GET /_test/stats`.
    func stats() throws -> [String: Any] {
        let result = try ProcessRunner.run("/usr/bin/curl", ["-sf", url + "/_test/stats"], environment: [:])
        return (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]) ?? [:]
    }

    func counter(_ name: String) throws -> Int { try stats()[name] as? Int ?? 0 }

    /// GET `path` with a bearer token; the HTTP status.
    func status(of path: String, token: String) throws -> Int {
        let result = try ProcessRunner.run(
            "/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "@-", url + path], environment: [:],
            stdin: "Authorization: Bearer \(token)\n")
        return Int(result.stdout) ?? 0
    }

    func stop() {
        process.terminate()
        try? FileManager.default.removeItem(atPath: data)
    }
}
