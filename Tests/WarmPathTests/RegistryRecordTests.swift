import Foundation
import WarmPath
import XCTest

/// The front's record of which profile answers for which registry: read back only for the config
/// it was written for, and never with docker's identity-token marker as the user name.
final class RegistryRecordTests: XCTestCase {
    var paths: Paths!

    override func setUpWithError() throws {
        let root = try temporaryFolder("registries")
        paths = Paths(environment: ProcessEnvironment(variables: ["XDG_RUNTIME_DIR": root, "HOME": root]), configOverride: nil)
    }

    func testARecordIsReadBackForItsConfigOnlyAndAnswersTheSameRegistryWhateverItsSpelling() throws {
        let record = RegistryRecord(claims: [
            RegistryRecord.Claim(registry: "ghcr.io", profile: "work", username: "oauth2accesstoken", resource: nil),
            RegistryRecord.Claim(registry: "127.0.0.1:5000", profile: "lab", username: "ada", resource: "https://127.0.0.1:5000/"),
        ])
        try record.write(paths: paths, configFingerprint: "1:2:3:4.5")
        XCTAssertEqual(RegistryRecord.read(paths: paths, configFingerprint: "1:2:3:4.5"), record)
        XCTAssertNil(RegistryRecord.read(paths: paths, configFingerprint: "1:2:3:4.6"), "another config: no record")
        let read = try XCTUnwrap(RegistryRecord.read(paths: paths, configFingerprint: "1:2:3:4.5"))
        XCTAssertEqual(read.claim(for: try XCTUnwrap(RegistryName(parsing: "ghcr.io:443")))?.profile, "work")
        XCTAssertEqual(read.claim(for: try XCTUnwrap(RegistryName(parsing: "127.0.0.1:5000")))?.resource, "https://127.0.0.1:5000/")
        XCTAssertNil(read.claim(for: try XCTUnwrap(RegistryName(parsing: "docker.io"))))
    }

    func testAnIdentityTokenMarkerOrAnInvalidProfileIsNeverAnswered() throws {
        try RegistryRecord(claims: [
            RegistryRecord.Claim(registry: "ghcr.io", profile: "work", username: DockerCredentialReply.identityTokenUsername, resource: nil)
        ]).write(paths: paths, configFingerprint: "f")
        let read = try XCTUnwrap(RegistryRecord.read(paths: paths, configFingerprint: "f"))
        XCTAssertNil(read.claim(for: try XCTUnwrap(RegistryName(parsing: "ghcr.io"))), "docker would spend the token itself")
        try RegistryRecord(claims: [RegistryRecord.Claim(registry: "ghcr.io", profile: "../x", username: "a", resource: nil)])
            .write(paths: paths, configFingerprint: "g")
        XCTAssertNil(RegistryRecord.read(paths: paths, configFingerprint: "g"), "a profile name that is no name: no record")
    }
}
