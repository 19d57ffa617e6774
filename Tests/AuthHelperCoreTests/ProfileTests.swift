import AuthHelperCore
import XCTest

final class ProfileTests: XCTestCase {
    func testProfileNamesAreSafeFileNames() {
        for good in ["default", "work", "eu.work", "a-b_c9"] { XCTAssertNoThrow(try Profile.validateName(good)) }
        for bad in ["", ".hidden", "../x", "a/b", "x.lock", "sp ace", String(repeating: "a", count: 65)] {
            XCTAssertThrowsError(try Profile.validateName(bad), bad)
        }
    }
}
