import Foundation
import XCTest

/// What the integration tests spawn: the built binaries and the real tools (a keyring, a bus,
/// curl, git, the shells). `scripts/test` installs and builds all of it; a bare `swift test` on a
/// machine without them fails every test at once with one sentence saying so, instead of a
/// hundred puzzling failures.
enum Prerequisites {
    static let tools = [
        "/bin/bash", "/usr/bin/curl", "/usr/bin/dbus-daemon", "/usr/bin/dbus-send", "/usr/bin/dbus-monitor",
        "/usr/bin/gnome-keyring-daemon", "/usr/bin/secret-tool", "/usr/bin/python3", "/usr/bin/git",
        "/usr/bin/zsh", "/usr/bin/fish", "/usr/bin/tmux", "/usr/bin/openssl", "/usr/bin/mandoc", "/usr/bin/man",
        "/usr/bin/make", "/usr/bin/dpkg-deb", "/usr/bin/lintian", "/usr/bin/hyperfine", "/usr/sbin/sshd", "/usr/bin/ssh",
        "/usr/bin/ssh-keygen", "/usr/bin/docker-registry", "/usr/bin/skopeo", "/usr/bin/podman",
    ]

    /// Nil when everything is there, else the sentence to fail with.
    static let problem: String? = {
        let missing =
            tools.filter { !FileManager.default.isExecutableFile(atPath: $0) }
            + [Products.authhelper, Products.devserver, PythonServerProcess.python].filter {
                !FileManager.default.isExecutableFile(atPath: $0)
            }
        guard !missing.isEmpty else { return nil }
        return
            "The integration tests need \(missing.joined(separator: ", ")), which are missing: run `scripts/test` (it installs the Debian packages and builds what the tests run), not a bare `swift test`."
    }()

    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    /// Fails the calling test at once when something is missing.
    static func require(file: StaticString = #filePath, line: UInt = #line) throws {
        guard let problem else { return }
        XCTFail(problem, file: file, line: line)
        throw Missing(description: problem)
    }
}
