import Foundation
import WarmPath
import XCTest

/// The private files both programs read and write: written 0600 and atomically, never through a
/// link; read only when they are regular files, and with `requirePrivate` only when ours and
/// private; the fingerprint of the very file read.
final class SecureFilesTests: XCTestCase {
    var root: String!

    override func setUpWithError() throws {
        root = try temporaryFolder("files") + "/private"
        try SecureFiles.ensurePrivateDirectory(root)
    }

    func contents(_ result: SecureFiles.ReadResult) -> [UInt8]? {
        if case .contents(let bytes) = result { return bytes }
        return nil
    }

    func testAFileIsWrittenPrivateAndAtomicallyAndItsFingerprintIsTheFileRead() throws {
        let path = root + "/entry"
        let written = try SecureFiles.writeAtomically(path, Array("one".utf8), durable: true)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int, 0o600)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: root)[.posixPermissions] as? Int, 0o700)
        let read = SecureFiles.readStamped(path, requirePrivate: true)
        XCTAssertEqual(contents(read.result), Array("one".utf8))
        XCTAssertEqual(read.fingerprint, written, "the fingerprint is the one the writer returned")
        try SecureFiles.writeAtomically(path, Array("two".utf8), durable: false)
        XCTAssertNotEqual(SecureFiles.fingerprint(path), written, "a replaced file has another fingerprint")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root), ["entry"], "no temporary file stays behind")
        XCTAssertEqual(SecureFiles.readStamped(root + "/none", requirePrivate: true).fingerprint, "none")
    }

    func testALinkIsNeitherWrittenThroughNorFollowed() throws {
        let target = root + "/target"
        try SecureFiles.writeAtomically(target, Array("secret".utf8), durable: false)
        let link = root + "/link"
        XCTAssertEqual(symlink(target, link), 0)
        XCTAssertThrowsError(try SecureFiles.writeAtomically(link, Array("x".utf8), durable: false))
        XCTAssertEqual(contents(SecureFiles.read(target, requirePrivate: true)), Array("secret".utf8), "the link's target is untouched")
        guard case .untrusted(let why) = SecureFiles.read(link, requirePrivate: true) else { return XCTFail("a link was followed") }
        XCTAssertTrue(why.contains("symlink"), why)
        XCTAssertEqual(contents(SecureFiles.read(link, requirePrivate: true, followSymlink: true)), Array("secret".utf8))
    }

    func testAFileOthersMayReadOrThatIsNoRegularFileIsNotRead() throws {
        let open = root + "/open"
        try SecureFiles.writeAtomically(open, Array("x".utf8), durable: false)
        XCTAssertEqual(chmod(open, 0o644), 0)
        guard case .untrusted = SecureFiles.read(open, requirePrivate: true) else { return XCTFail("a file others may read was read") }
        XCTAssertEqual(contents(SecureFiles.read(open, requirePrivate: false)), Array("x".utf8), "unless privacy is not asked")
        let fifo = root + "/fifo"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        // A FIFO would hang a reader forever; it is refused before a byte is read.
        guard case .untrusted(let why) = SecureFiles.read(fifo, requirePrivate: true) else { return XCTFail("a FIFO was read") }
        XCTAssertTrue(why.contains("not a regular file"), why)
        guard case .missing = SecureFiles.read(root + "/none", requirePrivate: true) else { return XCTFail("a missing file is missing") }
        guard case .untrusted = SecureFiles.read(open, limit: 0, requirePrivate: false) else {
            return XCTFail("over the limit is not read")
        }
    }

    func testAnUnfinishedWriteIsKnownByItsName() {
        XCTAssertTrue(SecureFiles.isTemporary("work.tmp-123-abc"))
        XCTAssertFalse(SecureFiles.isTemporary("work"))
        XCTAssertFalse(SecureFiles.isTemporary(".tmp"))
        XCTAssertEqual(SecureFiles.parentOf("/a/b/c"), "/a/b")
        XCTAssertEqual(SecureFiles.parentOf("/a"), "/")
    }
}
