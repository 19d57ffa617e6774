import Foundation
import WarmPath
import XCTest

/// The runtime folder's one map and one writer: every file named once, written private, and
/// every entry of a profile found whatever its kind — never another profile's.
final class RuntimeFolderTests: XCTestCase {
    var root: String!
    var folder: RuntimeFolder!

    override func setUpWithError() throws {
        root = try temporaryFolder("folder")
        folder = RuntimeFolder(path: root + "/authhelper", work: root + "/authhelper")
    }

    func testEveryFileHasOneNameAndLocksAndScratchGoWhereThereIsAFolder() throws {
        let audience = try Audience(resources: ["https://files.example/"], scope: nil)
        XCTAssertEqual(folder.location(of: .entry(name: "work", audience: .profileDefault)), root + "/authhelper/work")
        XCTAssertEqual(
            folder.location(of: .entry(name: "work@dpop", audience: audience)), root + "/authhelper/work@dpop" + audience.cacheSuffix)
        XCTAssertEqual(folder.location(of: .defaultProfileRecord), root + "/authhelper/.default-profile")
        XCTAssertEqual(folder.location(of: .agentSocket), root + "/authhelper/agent.sock")
        let none = RuntimeFolder(path: nil, work: root + "/state")
        XCTAssertNil(none.location(of: .registryRecord), "no runtime folder: no record")
        XCTAssertEqual(none.location(of: .lock(profile: "work")), root + "/state/work.lock", "a lock still has a place")
        try none.write(.toolClaimRecord, Array("x".utf8))
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/state/.tool-claims"), "written nowhere")
    }

    func testWritesArePrivateAndReadsRefuseWhatIsNot() throws {
        try folder.write(.dpopNonces, Array("https://a.example\tn1\n".utf8))
        let path = try XCTUnwrap(folder.location(of: .dpopNonces))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((attributes[.posixPermissions] as? Int).map { $0 & 0o777 }, 0o600)
        let folderAttributes = try FileManager.default.attributesOfItem(atPath: root + "/authhelper")
        XCTAssertEqual((folderAttributes[.posixPermissions] as? Int).map { $0 & 0o777 }, 0o700)
        guard case .contents(let bytes) = folder.read(.dpopNonces, limit: 1024) else { return XCTFail("not read back") }
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "https://a.example\tn1\n")
        XCTAssertEqual(chmod(path, 0o644), 0)
        guard case .untrusted = folder.read(.dpopNonces, limit: 1024) else { return XCTFail("a file others may read was read") }
        try folder.remove(.dpopNonces)
        guard case .missing = folder.read(.dpopNonces, limit: 1024) else { return XCTFail("not removed") }
    }

    func testEveryEntryOfAProfileIsFoundWhateverItsKindAndNoOtherProfiles() throws {
        let audience = try Audience(resources: ["https://files.example/"], scope: nil)
        for name in ["work", "work@agent", "work@dpop", "workshop", "work.old", "other"] {
            try folder.write(.entry(name: name, audience: .profileDefault), Array("x".utf8))
        }
        try folder.write(.entry(name: "work", audience: audience), Array("x".utf8))
        try folder.write(.entry(name: "work@dpop", audience: audience), Array("x".utf8))
        try folder.write(.lock(profile: "work"), [])
        XCTAssertEqual(
            folder.entryNames(of: "work"),
            ["work", "work" + audience.cacheSuffix, "work@agent", "work@dpop", "work@dpop" + audience.cacheSuffix].sorted())
        try folder.removeEveryEntry(of: "work")
        let left = try FileManager.default.contentsOfDirectory(atPath: root + "/authhelper").sorted()
        XCTAssertEqual(left, ["other", "work.lock", "work.old", "workshop"], "only work's entries went; its lock stays")
    }

    func testTheRegistryRecordIsReadOnlyForTheConfigItWasWrittenFor() throws {
        let paths = Paths(
            environment: ProcessEnvironment(variables: ["XDG_RUNTIME_DIR": root, "HOME": root]), configOverride: root + "/config.toml")
        let record = RegistryRecord(claims: [
            RegistryRecord.Claim(registry: "http://127.0.0.1:5000", profile: "work", username: "alice", resource: "http://127.0.0.1:5000/")
        ])
        try record.write(paths: paths, configFingerprint: "config-1")
        XCTAssertEqual(RegistryRecord.read(paths: paths, configFingerprint: "config-1"), record)
        XCTAssertNil(RegistryRecord.read(paths: paths, configFingerprint: "config-2"), "written for another config")
        let asked = try XCTUnwrap(RegistryName(parsing: "127.0.0.1:5000"))
        XCTAssertEqual(record.claim(for: asked)?.resource, "http://127.0.0.1:5000/", "the claim's scheme, not the request's")
    }
}
