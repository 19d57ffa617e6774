import AuthHelperCore
import XCTest

final class FreshnessTests: XCTestCase {
    func testTheDefaultMarginIsCappedAtHalfTheLifetime() {
        let short = CachedToken(accessToken: "a", expiresAt: 1030, obtainedAt: 1000)
        XCTAssertTrue(Freshness.standard.isMet(by: short, now: 1000), "a 30 s token just received meets the default")
        XCTAssertTrue(Freshness.standard.isMet(by: short, now: 1015))
        XCTAssertFalse(Freshness.standard.isMet(by: short, now: 1016))
        let long = CachedToken(accessToken: "a", expiresAt: 4600, obtainedAt: 1000)
        XCTAssertTrue(Freshness.standard.isMet(by: long, now: 4540))
        XCTAssertFalse(Freshness.standard.isMet(by: long, now: 4541))
    }

    func testAnExplicitMinTTLIsAPromiseNotCapped() {
        // The case: 100 s tokens, 12 s after login, --min-ttl 95 must not be met.
        let token = CachedToken(accessToken: "a", expiresAt: 1100, obtainedAt: 1000)
        XCTAssertFalse(Freshness.atLeast(95).isMet(by: token, now: 1012))
        XCTAssertTrue(Freshness.atLeast(88).isMet(by: token, now: 1012))
        XCTAssertFalse(Freshness.atLeast(999_999).isMet(by: token, now: 1000))
        let hour = CachedToken(accessToken: "a", expiresAt: 4600, obtainedAt: 1000)
        XCTAssertFalse(Freshness.atLeast(45 * 60).isMet(by: hour, now: 1000 + 29 * 60), "45 minutes asked, 31 left")
        XCTAssertTrue(Freshness.atLeast(45 * 60).isMet(by: hour, now: 1000 + 15 * 60))
    }

    /// Terraform keeps a token for its whole run: half an hour, or where the server grants less,
    /// a token with nine tenths of its life left (a fresh one); never a loop.
    func testForAWholeRunHalfAnHourOrAFreshToken() {
        let hour = CachedToken(accessToken: "a", expiresAt: 4600, obtainedAt: 1000)
        XCTAssertTrue(Freshness.terraform.isMet(by: hour, now: 1000 + 30 * 60), "30 minutes left")
        XCTAssertFalse(Freshness.terraform.isMet(by: hour, now: 1001 + 30 * 60), "less than 30 minutes left")
        let tenMinutes = CachedToken(accessToken: "a", expiresAt: 1600, obtainedAt: 1000)
        XCTAssertTrue(Freshness.terraform.isMet(by: tenMinutes, now: 1060), "freshly refreshed: nine tenths left")
        XCTAssertFalse(Freshness.terraform.isMet(by: tenMinutes, now: 1061))
        XCTAssertFalse(Freshness.terraform.isBeyondLifetime(of: tenMinutes), "no warning: the fresh token is the promise")
        XCTAssertTrue(Freshness.tool.isMet(by: hour, now: 4000), "a tool's ten minutes")
        XCTAssertFalse(Freshness.tool.isMet(by: hour, now: 4001))
    }

    func testAnExpiredTokenNeverMeetsAnything() {
        let token = CachedToken(accessToken: "a", expiresAt: 1030, obtainedAt: 1000)
        XCTAssertFalse(Freshness.standard.isMet(by: token, now: 1030))
        XCTAssertFalse(Freshness.atLeast(0).isMet(by: token, now: 1030))
        let noExpiry = CachedToken(accessToken: "a", expiresAt: 1000, obtainedAt: 1000)
        XCTAssertFalse(Freshness.atLeast(0).isMet(by: noExpiry, now: 1000), "a token without expiry serves only the call that got it")
    }

    func testBeyondLifetimeOnlyForAnExplicitPromiseLongerThanTheLifetime() {
        let token = CachedToken(accessToken: "a", expiresAt: 1100, obtainedAt: 1000)
        XCTAssertTrue(Freshness.atLeast(300).isBeyondLifetime(of: token))
        XCTAssertFalse(Freshness.atLeast(100).isBeyondLifetime(of: token))
        XCTAssertFalse(Freshness.standard.isBeyondLifetime(of: token))
    }

    func testMinTTLOptionMapsToFreshness() {
        XCTAssertEqual(Freshness(minTTL: nil), .standard)
        XCTAssertEqual(Freshness(minTTL: 60), .atLeast(60), "an explicit 60 is a promise, unlike the default")
    }
}
