import Foundation
import XCTest

/// The config may be a symlink of the user's own (dotfile managers), never one planted by another.
final class ConfigSymlinkTests: IntegrationTestCase {
    func testOwnSymlinkIsFollowedAndAPlantedOneRefused() throws {
        try login()
        let real = session.root.path + "/dotfiles-config.toml"
        try FileManager.default.moveItem(atPath: session.configFile, toPath: real)
        try FileManager.default.createSymbolicLink(atPath: session.configFile, withDestinationPath: real)
        XCTAssertEqual(try session.authhelper(["status"]).status, 0, "the user's own link is followed")

        // Only root can give a link to another user: scripts/test runs this test as root as well.
        guard getuid() == 0 else {
            print("ConfigSymlinkTests: a link owned by another user needs root to plant; checked in the root run of scripts/test")
            return
        }
        XCTAssertEqual(lchown(session.configFile, 65534, 65534), 0)
        let planted = try session.authhelper(["status"])
        assertFails(planted, status: 78, naming: "symlink")
    }
}
