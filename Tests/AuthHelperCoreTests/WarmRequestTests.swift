import AuthHelperCore
import XCTest

/// The warm grammar that the front and authhelper-full's fast path share (WarmRequest): what it
/// takes, and what it leaves to ArgumentParser (nil).
final class WarmRequestTests: XCTestCase {
    func testPlainFormsAreRead() throws {
        let request = try XCTUnwrap(WarmRequest.parse(["--profile", "work", "token", "--min-ttl=30", "--timeout", "5", "--no-prompt"]))
        XCTAssertEqual(request.command, .token)
        XCTAssertEqual(request.profileFlag, "work")
        XCTAssertEqual(request.minTTL, 30)
        XCTAssertEqual(request.timeout, 5)
        XCTAssertTrue(request.noPrompt)
        XCTAssertEqual(request.product, .bare)

        let exec = try XCTUnwrap(WarmRequest.parse(["exec", "--env", "API", "--header-env", "H", "--", "prog", "-x"]))
        XCTAssertEqual(exec.tokenVariable, "API")
        XCTAssertEqual(exec.headerVariable, "H")
        XCTAssertEqual(exec.program, ["prog", "-x"])
        XCTAssertEqual(try XCTUnwrap(WarmRequest.parse(["exec", "prog", "--env", "X"])).program, ["prog", "--env", "X"])

        let audience = try XCTUnwrap(
            WarmRequest.parse(["header", "--resource", "https://b.example/", "--resource", "https://a.example/", "--scope", "y x"]))
        XCTAssertEqual(audience.audience.summary, "resource=https://a.example/ resource=https://b.example/ scope=x y")
    }

    func testWhatTheCommandsWouldRefuseOrReconcileIsLeftToArgumentParser() {
        for arguments in [
            [], ["status"], ["header", "--help"], ["header", "-h"], ["header", "extra"], ["header", "--frobnicate"],
            ["header", "--min-ttl", "-1"], ["header", "--min-ttl", "soon"], ["header", "--timeout", "0"], ["header", "--timeout", "3601"],
            ["header", "--profile", "../x"], ["header", "--config", ""], ["header", "--profile", "a", "--profile", "a"],
            ["header", "--min-ttl", "1", "--min-ttl", "1"], ["header", "--resource", "https://a.example/ resource=https://b.example/"],
            ["header", "--resource", "no-scheme"], ["header", "--scope", "a\"b"], ["header", "--scope", " "],
            ["exec"], ["exec", "--"], ["exec", "-x", "prog"], ["exec", "--env", "1X", "--", "prog"],
            ["exec", "--env", "A", "--token-file", "--", "p"],
            ["header", "--env", "X"], ["header", "--min-ttl"],
        ] {
            XCTAssertNil(WarmRequest.parse(arguments), "\(arguments)")
        }
    }

    func testFreshnessNeverTrapsOnAbsurdTimes() {
        let now: Int64 = 1_800_000_000
        for (expiresAt, obtainedAt) in [(Int64.min, now), (Int64.max, Int64.min), (0, Int64.max), (Int64.min, Int64.max)] {
            let token = CachedToken(accessToken: "t", expiresAt: expiresAt, obtainedAt: obtainedAt)
            XCTAssertGreaterThanOrEqual(token.lifetime, 0)
            XCTAssertFalse(Freshness.standard.isMet(by: token, now: now) && expiresAt < now)
            _ = Freshness.atLeast(Int64.max).isMet(by: token, now: now)
        }
        XCTAssertTrue(Freshness.standard.isMet(by: CachedToken(accessToken: "t", expiresAt: Int64.max, obtainedAt: now), now: now))
    }
}
