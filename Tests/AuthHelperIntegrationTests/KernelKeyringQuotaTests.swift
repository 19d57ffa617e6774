import Foundation
import XCTest

/// The kernel store as an ordinary account meets it: all of a user's kernel keys share one quota
/// (`/proc/sys/kernel/keys/maxbytes`, 20000 bytes by default) with every other program of that
/// user. Ten profiles with identity-provider-sized tokens (4 KB access and refresh tokens, as
/// servers with group claims send) log in, refresh — with the quota filled to the last byte by
/// someone else, too — and log out. `scripts/test` runs this as an unprivileged account; as root
/// (a 25 MB quota) the cost per profile is still measured and the filled quota still filled.
final class KernelKeyringQuotaTests: IntegrationTestCase {
    /// Login hands out expired access tokens, so every call needs the store; tokens of 4 KB.
    override var serverArguments: [String] { ["--login-access-ttl", "0", "--token-size", "4096"] }

    let profiles = (0..<10).map { "idp\($0)" }
    var noBus: [String: String] { ["DBUS_SESSION_BUS_ADDRESS": "unix:path=\(session.root.path)/no-such-bus", "AUTHHELPER_NO_CACHE": "1"] }

    override func tearDown() {
        if session != nil {
            for profile in profiles { _ = try? session.authhelper(["--profile", profile, "logout"], environment: noBus) }
        }
        super.tearDown()
    }

    /// This user's kernel key bytes: used and allowed (`/proc/key-users`: `UID: USAGE
    /// NKEYS/NIKEYS QNKEYS/MAXKEYS QNBYTES/MAXBYTES`).
    func keyBytes() throws -> (used: Int, allowed: Int) {
        for line in try String(contentsOfFile: "/proc/key-users", encoding: .utf8).split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == ":" })
            guard fields.count >= 5, UInt32(fields[0]) == getuid() else { continue }
            let bytes = fields[4].split(separator: "/").compactMap { Int($0) }
            return (bytes[0], bytes[1])
        }
        return try XCTUnwrap(nil, "no line for uid \(getuid()) in /proc/key-users")
    }

    func testTenProfilesWithFourKilobyteTokensFitTheQuotaAndRefreshWhenItIsFull() throws {
        // The persistent keyring exists before the first measurement (its own cost is not ours).
        _ = try ProcessRunner.run("/usr/bin/keyctl", ["get_persistent", "@s"], environment: ["PATH": "/usr/bin:/bin"])
        let before = try keyBytes()
        for profile in profiles {
            let login = try session.authhelper(
                ["--profile", profile, "login", "--server", server.url, "--username", "demo", "--password-stdin"], stdin: "demo-password\n",
                environment: noBus)
            XCTAssertEqual(login.status, 0, "\(profile): \(login.stderr)")
        }
        let loggedIn = try keyBytes()
        XCTAssertLessThanOrEqual(
            loggedIn.used - before.used, profiles.count * 120, "a profile costs a key description and 32 bytes, not its tokens")

        // Someone else fills the quota to the last byte (in a session keyring of their own, gone
        // with the shell); then every profile refreshes — a refresh rewrites the sealed file and
        // needs no quota. Then 49 bytes are freed (a 50-byte key shrunk to one byte, which the
        // kernel accounts at once): room to reach the keyring, not for a new profile's key — a
        // new login is refused, by name, before its password is sent.
        XCTAssertEqual(try server.counter("logins"), profiles.count)
        let full = try session.shell(
            """
            keyctl session - /bin/bash -c '
              gap=$(head -c 50 /dev/zero | keyctl padd user gap @s)
              i=0; size=16384
              while [ $size -ge 1 ]; do
                if head -c $size /dev/zero | keyctl padd user f$i @s >/dev/null 2>&1; then i=$((i+1)); else size=$((size/2)); fi
              done
              # The last bytes, two at a time (a one-letter name, one byte): less than the four a
              # keyring link costs is left, so nothing can even link the persistent keyring.
              for c in a b c d e g h j k l m n o p q r s t u v w x y z; do printf x | keyctl padd user $c @s >/dev/null 2>&1 || break; done
              for p in \(profiles.joined(separator: " ")); do
                header=$(authhelper --profile $p header) || exit 1; echo "$p ${#header}"
              done
              authhelper --profile idp0 doctor; echo "doctor: $?"
              printf x | keyctl pupdate $gap
              printf "demo-password\\n" | authhelper --profile idp10 login --server \(server.url) --username demo --password-stdin
              echo "new login: $?"'
            """, environment: noBus)
        let refreshed = full.stdout.split(separator: "\n").filter { $0.hasPrefix("idp") }
        XCTAssertEqual(refreshed.count, profiles.count, full.stdout + full.stderr)
        for line in refreshed {
            let length = Int(line.split(separator: " ").last ?? "") ?? 0
            XCTAssertGreaterThan(length, 4096, "an identity-provider-sized token: \(line)")
        }
        XCTAssertEqual(try server.counter("refreshes"), profiles.count, full.stderr)
        XCTAssertTrue(full.stdout.contains("new login: 69"), full.stdout)
        // doctor names the full quota, with the fix, before a login meets it.
        XCTAssertTrue(full.stdout.contains("✗ idp0: kernel quota: "), full.stdout)
        XCTAssertTrue(full.stdout.contains("fix: Free some: `keyctl show @u`"), full.stdout)
        XCTAssertFalse(full.stdout.contains("doctor: 0"), full.stdout)
        XCTAssertTrue(full.stderr.contains("the kernel keyring quota of this user is full"), full.stderr)
        XCTAssertEqual(try server.counter("logins"), profiles.count, "the refused login sent no password")

        // The rotated sessions were stored: each refreshes again (a promise beyond the lifetime
        // makes it), without reuse.
        for profile in profiles {
            let header = try session.authhelper(["--profile", profile, "header", "--min-ttl", "999999"], environment: noBus)
            XCTAssertEqual(header.status, 0, "\(profile): \(header.stderr)")
        }
        XCTAssertEqual(try server.counter("refreshes"), 2 * profiles.count)
        XCTAssertEqual(try server.counter("refresh_reuse"), 0)
        let refreshTokens = try server.issuedRefreshTokens()
        for file in session.allFiles() {
            assertNoSecret(String(decoding: file.contents, as: UTF8.self), refreshTokens, file.path)
        }

        for profile in profiles {
            XCTAssertEqual(try session.authhelper(["--profile", profile, "logout"], environment: noBus).status, 0)
        }
        let sealed = ((try? FileManager.default.contentsOfDirectory(atPath: session.root.path + "/state/authhelper")) ?? []).filter {
            $0.hasSuffix(".sealed")
        }
        XCTAssertEqual(sealed, [], "logout removes the sealed files")
        // No key of these profiles is left (/proc/keys lists every key this user may view; an
        // invalidated key, flag `i`, stays listed until the kernel's collector takes it).
        let keys = try String(contentsOfFile: "/proc/keys", encoding: .utf8).split(separator: "\n")
        let left = keys.filter { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            return line.contains("authhelper:idp") && fields.count > 1 && !fields[1].contains("i")
        }
        XCTAssertEqual(left, [], "logout removes the keys")
        // The fillers go a moment after their keyring (the kernel collects them); later tests of
        // this account should not meet a full quota.
        for _ in 0..<100 where try keyBytes().used > before.used { usleep(100_000) }
    }
}
