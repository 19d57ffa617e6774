import AuthHelperCore
import XCTest

/// The one policy from what a caller's protocol says about its person to whether authhelper may
/// prompt: each integration names its case, and only a person at the terminal is ever asked.
final class AttendanceTests: XCTestCase {
    func testEachProtocolsWordForItsPersonDecidesWhetherAnyoneIsAsked() throws {
        XCTAssertEqual(Attendance.git(ProcessEnvironment(variables: ["GIT_TERMINAL_PROMPT": "0"])), .nobody)
        XCTAssertEqual(Attendance.git(ProcessEnvironment(variables: [:])), .terminal)
        XCTAssertEqual(Attendance.kubectl(interactive: false), .nobody)
        XCTAssertEqual(Attendance.kubectl(interactive: true), .terminal)
        let harness = try CoreHarness(session: nil)
        let context = harness.context(prompter: ScriptedPerson([]))
        XCTAssertTrue(context.attended(by: .terminal).mayPrompt, "a person at the terminal may be asked")
        XCTAssertFalse(context.attended(by: .nobody).mayPrompt, "nobody is never asked")
        XCTAssertFalse(context.attended(by: .nobody).mayLogInAgain(with: .device), "not even a device login's instructions")
    }
}
