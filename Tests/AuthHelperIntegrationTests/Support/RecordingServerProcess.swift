import Foundation

/// Tests/Servers/recording_server.py on a loopback address (127.0.0.2 by default: "another
/// origin"): records every request, so a test can prove what never reached it.
final class RecordingServerProcess {
    let process: RunningProcess
    let url: String

    struct Request {
        let method: String
        let path: String
        let authorization: String?
        let body: String
    }

    init(host: String = "127.0.0.2", _ arguments: [String] = []) throws {
        process = try ProcessRunner.start(
            "/usr/bin/python3", [repositoryRoot + "/Tests/Servers/recording_server.py", "--host", host] + arguments,
            environment: ["PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"])
        url = try process.listeningURL("recording_server.py")
    }

    func requests() throws -> [Request] {
        let result = try ProcessRunner.run("/usr/bin/curl", ["-q", "-sf", url + "/_test/requests"], environment: [:])
        let list = (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]) ?? []
        return list.map {
            Request(
                method: $0["method"] as? String ?? "", path: $0["path"] as? String ?? "", authorization: $0["authorization"] as? String,
                body: $0["body"] as? String ?? "")
        }
    }

    /// Every header and body it received, as one text to search for secrets.
    func everythingReceived() throws -> String {
        try requests().map { "\($0.method) \($0.path)\n\($0.authorization ?? "")\n\($0.body)" }.joined(separator: "\n")
    }

    func bearerRequests() throws -> Int {
        try requests().filter { $0.authorization?.lowercased().hasPrefix("bearer ") == true }.count
    }

    func stop() { process.terminate() }

    deinit { stop() }
}
