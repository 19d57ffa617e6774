import Foundation
import XCTest

/// `make install` / `make uninstall` into a staging root, and the Debian package.
final class PackagingTests: XCTestCase {
    var stage: String!

    /// The stripped front as packaged: 1.2 MB today (Embedded Swift: only the standard library
    /// code it uses, its Unicode tables and static glibc); the full Swift runtime alone would take
    /// it to 8.4 MB and Foundation past 20 MB, so a limit of 2 MB catches either pulled in by
    /// mistake and leaves room to grow.
    static let frontSizeLimit = 2 * 1024 * 1024

    override func setUpWithError() throws {
        try Prerequisites.require()
        stage = FileManager.default.temporaryDirectory.appendingPathComponent("ah-stage-\(UUID().uuidString.prefix(8))").path
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: stage)
    }

    func make(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(
            "/usr/bin/make", ["--no-print-directory"] + arguments,
            environment: ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()], workingDirectory: repositoryRoot)
    }

    /// The completion function a zsh started with `compinit` registers for authhelper, when the
    /// files are installed under `root` (as if the package were installed in `/`): this system's
    /// zsh must find `_authhelper` in one of its own default `$fpath` folders moved under `root`.
    func zshCompletion(installedUnder root: String) throws -> String {
        let environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "ZDOTDIR": NSTemporaryDirectory(), "ROOT": root]
        let found = try ProcessRunner.run(
            "/usr/bin/zsh", ["-f", "-c", "print -l ${^fpath/#/$ROOT}/_authhelper(N)"], environment: environment)
        XCTAssertTrue(found.stdout.hasPrefix(root + "/"), "a default $fpath folder holds _authhelper under \(root): '\(found.stdout)'")
        // compinit itself lives in the system's folders, so they follow the moved ones.
        let zsh = try ProcessRunner.run(
            "/usr/bin/zsh",
            ["-f", "-c", "fpath=(${fpath/#/$ROOT} $fpath); autoload -U compinit; compinit -u; print ${_comps[authhelper]}"],
            environment: environment)
        XCTAssertEqual(zsh.status, 0, zsh.stderr)
        return zsh.stdoutLine
    }

    func testInstallIntoDestdirThenUninstall() throws {
        let install = try make(["install", "NO_BUILD=1", "BIN=\(Products.authhelper)", "DESTDIR=\(stage!)", "PREFIX=/usr"])
        XCTAssertEqual(install.status, 0, install.stderr)
        let usr = stage + "/usr"
        for path in [
            "bin/authhelper", "libexec/authhelper/authhelper-full", "share/man/man1/authhelper.1", "share/man/man1/authhelper-login.1",
            "share/man/man5/authhelper.toml.5",
            "share/bash-completion/completions/authhelper", "share/zsh/vendor-completions/_authhelper",
            "share/fish/vendor_completions.d/authhelper.fish", "share/man/man1/authhelper-agent.1",
            "lib/systemd/user/authhelper-agent.socket",
            "lib/systemd/user/authhelper-agent.service",
        ] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: usr + "/" + path), path)
        }
        // The service starts the installed binary, on the socket systemd made (0600 in 0700).
        let service = try String(contentsOfFile: usr + "/lib/systemd/user/authhelper-agent.service", encoding: .utf8)
        XCTAssertTrue(service.contains("ExecStart=/usr/bin/authhelper agent"), service)
        let socket = try String(contentsOfFile: usr + "/lib/systemd/user/authhelper-agent.socket", encoding: .utf8)
        XCTAssertTrue(socket.contains("ListenStream=%t/authhelper/agent.sock") && socket.contains("SocketMode=0600"), socket)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: usr + "/bin/git-credential-authhelper"), "authhelper")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: usr + "/bin/docker-credential-authhelper"), "authhelper")
        // The installed front finds the installed authhelper-full for what it does not answer itself.
        let version = try ProcessRunner.run(usr + "/bin/authhelper", ["--version"], environment: ["HOME": NSTemporaryDirectory()])
        XCTAssertEqual(version.status, 0, version.stderr)
        XCTAssertFalse(version.stdoutLine.isEmpty)
        // The linked name acts as the git helper.
        let helper = try ProcessRunner.run(
            usr + "/bin/git-credential-authhelper", ["frobnicate"], environment: ["HOME": NSTemporaryDirectory()], stdin: "")
        XCTAssertEqual(helper.status, 0, helper.stderr)
        // The container tools' helper: a registry nobody claims is "not found", as they expect.
        let registryHelper = try ProcessRunner.run(
            usr + "/bin/docker-credential-authhelper", ["get"], environment: ["HOME": NSTemporaryDirectory()], stdin: "ghcr.io\n")
        XCTAssertEqual(registryHelper.stdout, "credentials not found in native keychain\n", registryHelper.stderr)
        // Terraform's helper and pip's `keyring` (in a folder of its own): a host nobody claims is
        // "nothing here" in each protocol, so the tools go on.
        XCTAssertEqual(
            try FileManager.default.destinationOfSymbolicLink(atPath: usr + "/bin/terraform-credentials-authhelper"), "authhelper")
        let terraform = try ProcessRunner.run(
            usr + "/bin/terraform-credentials-authhelper", ["get", "app.terraform.io"], environment: ["HOME": NSTemporaryDirectory()])
        XCTAssertEqual(terraform.stdout, "{}\n", terraform.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: usr + "/bin/keyring"), "never over python3-keyring's keyring")
        let keyring = try ProcessRunner.run(
            usr + "/libexec/authhelper/keyring/keyring", ["get", "https://pypi.org/simple/", "someone"],
            environment: ["HOME": NSTemporaryDirectory()])
        XCTAssertEqual(keyring.status, 1, keyring.stderr)
        XCTAssertEqual(keyring.stdout, "")

        let found = try ProcessRunner.run(
            "/usr/bin/man", ["-M", usr + "/share/man", "-w", "authhelper"], environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertEqual(found.stdoutLine, usr + "/share/man/man1/authhelper.1", found.stderr)
        let config = try ProcessRunner.run(
            "/usr/bin/man", ["-M", usr + "/share/man", "-w", "5", "authhelper.toml"], environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertEqual(config.status, 0)

        // Each shell loads the completion from where it was installed.
        let bash = try ProcessRunner.run(
            "/bin/bash",
            [
                "-c",
                """
                source /usr/share/bash-completion/bash_completion; source \(usr)/share/bash-completion/completions/authhelper; \
                complete -p authhelper
                """,
            ], environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertTrue(bash.stdout.contains("_authhelper"), bash.stdout + bash.stderr)
        XCTAssertEqual(try zshCompletion(installedUnder: stage), "_authhelper", "zsh finds it where this system's zsh looks")
        let fish = try ProcessRunner.run(
            "/usr/bin/fish",
            ["--no-config", "-c", "source \(usr)/share/fish/vendor_completions.d/authhelper.fish; complete -c authhelper | head -n 1"],
            environment: ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()])
        XCTAssertTrue(fish.stdout.contains("complete authhelper"), fish.stdout + fish.stderr)

        let uninstall = try make(["uninstall", "DESTDIR=\(stage!)", "PREFIX=/usr"])
        XCTAssertEqual(uninstall.status, 0, uninstall.stderr)
        let left = try ProcessRunner.run("/usr/bin/find", [stage, "-type", "f", "-o", "-type", "l"], environment: [:])
        XCTAssertEqual(left.stdout, "", "uninstall removes every file install put there")
    }

    func testDebianPackage() throws {
        // scripts/test builds the release binary (static Swift stdlib) before the tests run.
        let release = repositoryRoot + "/.build/release/authhelper"
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: release), "make build first")
        // Into a folder of its own: the tests may run as a user who cannot write the source tree.
        let dist = NSTemporaryDirectory() + "ah-dist-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: dist) }
        let built = try make(["deb", "NO_BUILD=1", "BIN=\(release)", "DIST=\(dist)"])
        XCTAssertEqual(built.status, 0, built.stderr)
        let deb = built.stdout.split(separator: "\n").last!.trimmingCharacters(in: .whitespaces)
        let version = try ProcessRunner.run(release, ["--version"], environment: [:]).stdoutLine
        XCTAssertTrue(deb.hasSuffix("/authhelper_\(version)_amd64.deb") || deb.hasSuffix("/authhelper_\(version)_arm64.deb"), deb)

        let info = try ProcessRunner.run("/usr/bin/dpkg-deb", ["-f", deb, "Package", "Version", "Depends"], environment: [:])
        XCTAssertTrue(info.stdout.contains("Version: \(version)"), info.stdout)
        for dependency in ["libglib2.0-0", "libgcrypt20", "libsecret-1-0", "libcurl4", "libc6", "libstdc++6"] {
            XCTAssertTrue(info.stdout.contains(dependency), "Depends names \(dependency): \(info.stdout)")
        }
        let contents = try ProcessRunner.run("/usr/bin/dpkg-deb", ["-c", deb], environment: [:]).stdout
        for path in [
            "./usr/bin/authhelper", "./usr/libexec/authhelper/authhelper-full", "./usr/bin/git-credential-authhelper -> authhelper",
            "./usr/bin/docker-credential-authhelper -> authhelper", "./usr/share/man/man1/authhelper-docker-credential.1.gz",
            "./usr/bin/terraform-credentials-authhelper -> authhelper",
            "./usr/libexec/authhelper/keyring/keyring -> ../../../bin/authhelper",
            "./usr/share/man/man1/authhelper-cargo-credential.1.gz", "./usr/share/man/man1/authhelper-mcp-headers.1.gz",
            "./usr/share/man/man1/authhelper-mcp-proxy.1.gz",
            "./usr/share/man/man1/authhelper.1.gz",
            "./usr/share/man/man5/authhelper.toml.5.gz", "./usr/share/bash-completion/completions/authhelper",
            "./usr/share/zsh/vendor-completions/_authhelper", "./usr/share/fish/vendor_completions.d/authhelper.fish",
            "./usr/share/doc/authhelper/copyright", "./usr/share/doc/authhelper/changelog.gz",
            "./usr/lib/systemd/user/authhelper-agent.socket",
            "./usr/lib/systemd/user/authhelper-agent.service", "./usr/share/man/man1/authhelper-agent.1.gz",
        ] {
            XCTAssertTrue(contents.contains(path), "the package holds \(path)")
        }
        // Installed, zsh's own search path finds the completion (Debian's has no site-functions).
        let unpacked = stage + "/deb-root"
        try FileManager.default.createDirectory(atPath: unpacked, withIntermediateDirectories: true)
        let extracted = try ProcessRunner.run("/usr/bin/dpkg-deb", ["-x", deb, unpacked], environment: [:])
        XCTAssertEqual(extracted.status, 0, extracted.stderr)
        XCTAssertEqual(
            try zshCompletion(installedUnder: unpacked), "_authhelper", "zsh with compinit completes authhelper from the package")

        // The front stays small and Foundation-free: every warm call pays for what it maps.
        let front = unpacked + "/usr/bin/authhelper"
        let frontSize = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: front)[.size] as? Int)
        XCTAssertLessThanOrEqual(frontSize, Self.frontSizeLimit, "the packaged front is \(frontSize) bytes")
        let linked = try ProcessRunner.run("/usr/bin/ldd", [front], environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertFalse(linked.stdout.contains("=>"), "the front is a static executable: \(linked.stdout)")
        let symbols = try ProcessRunner.run("/usr/bin/nm", [release], environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertEqual(symbols.status, 0, symbols.stderr)
        XCTAssertFalse(symbols.stdout.contains("10Foundation"), "the front links no Foundation")
        // Embedded Swift: its symbols are mangled `$e` (the full language's are `$s`), and there is
        // no runtime for metadata lookups; WarmPath's sources are compiled into the front's module.
        XCTAssertTrue(symbols.stdout.contains(" $e10authhelper11WarmRequest"), "the front is WarmPath's sources in Embedded Swift")
        XCTAssertFalse(symbols.stdout.contains(" $s"), "the front has no full-Swift code")
        XCTAssertFalse(symbols.stdout.contains("swift_conformsToProtocol"), "the front carries no full Swift runtime")

        let lintian = try ProcessRunner.run("/usr/bin/lintian", [deb], environment: ["PATH": "/usr/bin:/bin"])
        let errors = lintian.stdout.split(separator: "\n").filter { $0.hasPrefix("E:") }
        XCTAssertEqual(errors, [], lintian.stdout)
    }
}
