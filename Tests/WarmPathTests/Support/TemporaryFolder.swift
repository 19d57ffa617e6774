import Foundation
import XCTest

extension XCTestCase {
    /// A folder of this test's own under the system's temporary folder, 0700 and removed when the
    /// test ends: the runtime folder, the files and the records are tried there.
    func temporaryFolder(_ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ah-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }
}
