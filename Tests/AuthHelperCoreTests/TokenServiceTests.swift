import Foundation
import Synchronization
import XCTest

@testable import AuthHelperCore

/// Every branch of the refresh discipline, against an in-memory store, a scripted server and a
/// fixed clock (the real-keyring proofs are in the integration tests).
final class TokenServiceTests: XCTestCase {
    let now: Int64 = 1_000_000

    func refreshHeader(of request: HTTPRequest) -> String? {
        request.headers.first { $0.0 == "refresh-token" }?.1
    }

    func testAFreshStoredTokenIsHandedOutWithoutARequest() throws {
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 10, lifetime: 3600), now: now)
        let token = try TokenService(context: harness.context()).freshToken(.standard)
        XCTAssertEqual(token.accessToken, "a1")
        XCTAssertEqual(harness.transport.sent.count, 0)
    }

    func testAnExpiredTokenIsRefreshedOnceAndThePairStoredBeforeItIsReturned() throws {
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 4000, lifetime: 3600), now: now)
        harness.transport.answer(200, ScriptedTransport.grant(access: "a2", refresh: "r2", expiresIn: 3600))
        let token = try TokenService(context: harness.context()).freshToken(.standard)
        XCTAssertEqual(token.accessToken, "a2")
        XCTAssertEqual(harness.transport.sent.count, 1)
        XCTAssertEqual(harness.transport.sent.first.flatMap(refreshHeader), "r1")
        XCTAssertEqual(harness.store.session?.refreshToken, "r2")
        XCTAssertEqual(harness.store.session?.accessToken, "a2")
        XCTAssertEqual(harness.store.session?.accessExpiresAt, now + 3600)
    }

    func testATokenAnotherProcessObtainedSinceThisOneStartedIsUsedWithoutARefresh() throws {
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 4000, lifetime: 3600), now: now, cache: false)
        let service = TokenService(context: harness.context())
        // The first read sees the expired token; by the read under the lock another process has
        // refreshed: a 30 s token (the default margin is capped at 15 s for it).
        let clock = harness.clock
        harness.store.beforeLoad = { number, store in
            if number == 2 { store.put(CoreHarness.session(refresh: "r2", access: "a2", obtained: clock.now(), lifetime: 30)) }
        }
        let token = try service.freshToken(.standard)
        XCTAssertEqual(token.accessToken, "a2")
        XCTAssertEqual(harness.transport.sent.count, 0, "no second refresh for a token just obtained")
    }

    /// The burst on an expired token: this process saw the cache's entry go stale; while it
    /// waited for the lock, another refreshed and wrote the cache. It takes the cached token
    /// without a store round trip (a keyring call each, serialised by the lock, made a burst of
    /// 100 take a second).
    func testAWaiterTakesTheTokenAnotherProcessCachedWithoutReadingTheStore() throws {
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 4000, lifetime: 3600), now: now)
        let context = harness.context()
        let fingerprint = SecureFiles.fingerprint(context.paths.configFile)
        try context.broker.runtimeCache.write(
            profile: "default", token: CachedToken(accessToken: "a1", expiresAt: now - 400, obtainedAt: now - 4000),
            configFingerprint: fingerprint)
        // "Another process" holds the profile's lock while this one calls.
        var holder: ProfileLock? = try ProfileLock(
            folder: context.paths.runtimeFolder, profile: "default",
            timeout: 1)
        let answer = Mutex<Result<CachedToken, AuthError>?>(nil)
        let caller = Thread {
            let result = Result { () throws(AuthError) in try TokenService(context: context).freshToken(.standard) }
            answer.withLock { $0 = result }
        }
        caller.start()
        usleep(300_000)
        XCTAssertNil(answer.withLock { $0 }, "the caller waits for the lock")
        try context.broker.runtimeCache.write(
            profile: "default", token: CachedToken(accessToken: "a2", expiresAt: now + 3590, obtainedAt: now - 10),
            configFingerprint: fingerprint)
        holder = nil
        _ = holder
        let deadline = Date().addingTimeInterval(10)
        while answer.withLock({ $0 }) == nil, Date() < deadline { usleep(10_000) }
        XCTAssertEqual(try answer.withLock { $0 }?.get().accessToken, "a2")
        XCTAssertEqual(harness.store.loads, 0, "the cache, read under the lock, answered")
        XCTAssertEqual(harness.transport.sent.count, 0)
    }

    /// With the cache on and no entry at all, the call goes to the lock: a token another process
    /// obtained after this call began is used even when it cannot keep an unkeepable promise
    /// (a refresh could not better it); one obtained before is refreshed.
    func testWithNoCacheEntryATokenObtainedSinceTheCallBeganIsNotBettered() throws {
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r2", access: "a2", obtained: now, lifetime: 100), now: now)
        let token = try TokenService(context: harness.context()).freshToken(.atLeast(300))
        XCTAssertEqual(token.accessToken, "a2")
        XCTAssertEqual(harness.transport.sent.count, 0)
        XCTAssertEqual(harness.store.loads, 1, "one read, under the lock")

        let older = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 10, lifetime: 100), now: now)
        older.transport.answer(200, ScriptedTransport.grant(access: "a3", refresh: "r3", expiresIn: 100))
        XCTAssertEqual(try TokenService(context: older.context()).freshToken(.atLeast(300)).accessToken, "a3")
    }

    /// A stale cache entry goes straight to the lock; there the store is read once and the refresh
    /// happens as always, the new token cached before the lock is let go.
    func testAStaleCacheEntryIsRefreshedUnderTheLockWithOneStoreRead() throws {
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 4000, lifetime: 3600), now: now)
        let context = harness.context()
        let fingerprint = SecureFiles.fingerprint(context.paths.configFile)
        try context.broker.runtimeCache.write(
            profile: "default", token: CachedToken(accessToken: "a1", expiresAt: now - 400, obtainedAt: now - 4000),
            configFingerprint: fingerprint)
        harness.transport.answer(200, ScriptedTransport.grant(access: "a2", refresh: "r2", expiresIn: 3600))
        let token = try TokenService(context: context).freshToken(.standard)
        XCTAssertEqual(token.accessToken, "a2")
        XCTAssertEqual(harness.store.loads, 1)
        XCTAssertEqual(harness.store.session?.refreshToken, "r2")
        XCTAssertEqual(context.broker.runtimeCache.read(profile: "default", configFingerprint: fingerprint)?.accessToken, "a2")
    }

    func testAnotherProcessesTokenThatFallsShortOfAnExplicitPromiseIsRefreshed() throws {
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 4000, lifetime: 3600), now: now, cache: false)
        let service = TokenService(context: harness.context())
        let clock = harness.clock
        // Another process got a 3600 s token 100 s ago (after this one started waiting); the
        // caller asks for 3550 s, which a refresh can give.
        harness.clock.advance(100)
        harness.store.beforeLoad = { number, store in
            if number == 2 { store.put(CoreHarness.session(refresh: "r2", access: "a2", obtained: clock.now() - 100, lifetime: 3600)) }
        }
        harness.transport.answer(200, ScriptedTransport.grant(access: "a3", refresh: "r3", expiresIn: 3600))
        let token = try service.freshToken(.atLeast(3550))
        XCTAssertEqual(token.accessToken, "a3")
        XCTAssertEqual(harness.transport.sent.first.flatMap(refreshHeader), "r2", "the refresh spends the newest refresh token")
    }

    func testAnExplicitMinTTLBeyondTheCachedTokensRemainingTimeRefreshes() throws {
        // The issue's case: a server of 100 s tokens; 12 s after login, --min-ttl 95.
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 12, lifetime: 100), now: now)
        harness.transport.answer(200, ScriptedTransport.grant(access: "a2", refresh: "r2", expiresIn: 100))
        let token = try TokenService(context: harness.context()).freshToken(.atLeast(95))
        XCTAssertEqual(token.accessToken, "a2")
        XCTAssertGreaterThanOrEqual(token.expiresAt - now, 95)
    }

    func testTheDefaultMarginDoesNotRefreshAShortLivedTokenOnEveryCall() throws {
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 12, lifetime: 100), now: now)
        let token = try TokenService(context: harness.context()).freshToken(.standard)
        XCTAssertEqual(token.accessToken, "a1")
        XCTAssertEqual(harness.transport.sent.count, 0)
    }

    func testAPromiseNoTokenCanKeepRefreshesOnceAndHandsOutTheFreshToken() throws {
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 12, lifetime: 100), now: now)
        harness.transport.answer(200, ScriptedTransport.grant(access: "a2", refresh: "r2", expiresIn: 100))
        let token = try TokenService(context: harness.context()).freshToken(.atLeast(999_999))
        XCTAssertEqual(token.accessToken, "a2", "the fresh token, not a loop")
        XCTAssertEqual(harness.transport.sent.count, 1)
    }

    func testConcurrentCallersOfAnUnkeepablePromiseShareOneRefresh() throws {
        // The second caller waited on the lock while the first refreshed: a token the server has
        // just issued cannot be bettered, so it is used.
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 200, lifetime: 100), now: now, cache: false)
        let service = TokenService(context: harness.context())
        let clock = harness.clock
        harness.store.beforeLoad = { number, store in
            if number == 2 { store.put(CoreHarness.session(refresh: "r2", access: "a2", obtained: clock.now(), lifetime: 100)) }
        }
        let token = try service.freshToken(.atLeast(300))
        XCTAssertEqual(token.accessToken, "a2")
        XCTAssertEqual(harness.transport.sent.count, 0)
    }

    func testRejectedButRotatedMeanwhileUsesTheNewPairAndDeletesNothing() throws {
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 4000, lifetime: 3600), now: now)
        let store = harness.store
        let clock = harness.clock
        // While the refresh is in flight, a login in another terminal stores a new pair; the
        // server then rejects r1 (spent elsewhere).
        harness.transport.onSend = { _ in
            store.put(CoreHarness.session(refresh: "login-r", access: "login-a", obtained: clock.now(), lifetime: 3600))
        }
        harness.transport.answer(401, #"{"detail":"invalid refresh token"}"#)
        let token = try TokenService(context: harness.context()).freshToken(.standard)
        XCTAssertEqual(token.accessToken, "login-a")
        XCTAssertEqual(harness.store.deletes, 0)
        XCTAssertEqual(harness.store.session?.refreshToken, "login-r")
        XCTAssertEqual(harness.transport.sent.count, 1)
    }

    func testRejectedAndUnchangedRemovesTheSessionAndExits77() throws {
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 4000, lifetime: 3600), now: now)
        harness.transport.answer(401, #"{"detail":"invalid refresh token"}"#)
        XCTAssertThrowsError(try TokenService(context: harness.context()).freshToken(.standard)) { error in
            let error = error as! AuthError
            XCTAssertEqual(error.exitCode, 77)
            XCTAssertTrue(error.message.contains("the session was removed"), error.message)
            XCTAssertTrue(error.message.contains("authhelper login"), error.message)
            XCTAssertFalse(error.message.contains("r1"), "the refresh token is not in the message")
        }
        XCTAssertNil(harness.store.session)
    }

    func testRejectedAndUnchangedIsKeptWhenItHoldsAClientSecret() throws {
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 4000, lifetime: 3600, clientSecret: "cs"), now: now)
        harness.transport.answer(401, #"{"detail":"invalid refresh token"}"#)
        XCTAssertThrowsError(try TokenService(context: harness.context()).freshToken(.standard)) { error in
            XCTAssertEqual((error as! AuthError).exitCode, 77)
            XCTAssertFalse((error as! AuthError).message.contains("removed"))
        }
        XCTAssertEqual(harness.store.session?.clientSecret, "cs")
        XCTAssertEqual(harness.store.deletes, 0)
    }

    func testRejectedAtATerminalLogsInAgainWithTheStoredClientSecret() throws {
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 4000, lifetime: 3600, clientSecret: "cs"), now: now)
        harness.transport.answer(401, #"{"detail":"invalid refresh token"}"#)
        harness.transport.answer(200, ScriptedTransport.grant(access: "a9", refresh: "r9", expiresIn: 3600))
        let token = try TokenService(context: harness.context(prompter: ScriptedPerson(["pw"]))).freshToken(.standard)
        XCTAssertEqual(token.accessToken, "a9")
        XCTAssertEqual(harness.store.session?.refreshToken, "r9")
        XCTAssertEqual(harness.store.session?.clientSecret, "cs")
        let login = String(decoding: harness.transport.sent[1].body, as: UTF8.self)
        XCTAssertTrue(login.contains("client_secret=cs") && login.contains("password=pw"), login)
    }

    func testAStoreThatFailsAfterTheServerRotatedExits77() throws {
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 4000, lifetime: 3600), now: now)
        harness.transport.answer(200, ScriptedTransport.grant(access: "a2", refresh: "r2", expiresIn: 3600))
        harness.store.failSaves(with: .unavailable("The keyring went away."))
        XCTAssertThrowsError(try TokenService(context: harness.context()).freshToken(.standard)) { error in
            let error = error as! AuthError
            XCTAssertEqual(error.exitCode, 77)
            XCTAssertTrue(error.message.contains("could not be stored"), error.message)
            XCTAssertFalse(error.message.contains("r2") || error.message.contains("a2"), "no token in the message")
        }
    }

    func testAServerErrorExits75AndChangesNothing() throws {
        let before = CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 4000, lifetime: 3600)
        let harness = try CoreHarness(session: before, now: now)
        harness.transport.answer(503, "down")
        XCTAssertThrowsError(try TokenService(context: harness.context()).freshToken(.standard)) { error in
            XCTAssertEqual((error as! AuthError).exitCode, 75)
        }
        XCTAssertEqual(harness.store.session, before)
        XCTAssertEqual(harness.store.deletes, 0)
        XCTAssertEqual(harness.store.saves.count, 0)
    }

    func testNotLoggedInExits77WithoutARequest() throws {
        let harness = try CoreHarness(session: nil, now: now)
        XCTAssertThrowsError(try TokenService(context: harness.context()).freshToken(.standard)) { error in
            XCTAssertEqual((error as! AuthError).exitCode, 77)
        }
        XCTAssertEqual(harness.transport.sent.count, 0)
    }

    func testAForcedRefreshAfterA401UsesAReplacementAnotherProcessStored() throws {
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r2", access: "a2", obtained: now - 5, lifetime: 3600), now: now)
        let token = try TokenService(context: harness.context()).forceRefresh(rejected: "a1")
        XCTAssertEqual(token.accessToken, "a2")
        XCTAssertEqual(harness.transport.sent.count, 0)
    }

    func testAForcedRefreshSpendsTheTokenWhateverItsAge() throws {
        let harness = try CoreHarness(
            session: CoreHarness.session(refresh: "r1", access: "a1", obtained: now - 5, lifetime: 3600), now: now)
        harness.transport.answer(200, ScriptedTransport.grant(access: "a2", refresh: "r2", expiresIn: 3600))
        let token = try TokenService(context: harness.context()).forceRefresh()
        XCTAssertEqual(token.accessToken, "a2")
        XCTAssertEqual(harness.store.session?.refreshToken, "r2")
    }

    /// A request authhelper signs itself needs the token and the DPoP key: one read of the store
    /// gives both, whether the token comes from the store or the runtime cache.
    func testTheTokenAndTheDPoPKeyComeFromOneReadOfTheStore() throws {
        var session = CoreHarness.session(refresh: "r1", access: "a1", obtained: 1_000_000 - 10, lifetime: 3600)
        session.dpopKey = try DPoPKey.generate().stored
        for cache in [false, true] {
            let harness = try CoreHarness(session: session, cache: cache, profileLines: "dpop = true")
            let (token, key) = try TokenService(context: harness.context()).tokenAndKey(.standard)
            XCTAssertEqual(token.accessToken, "a1")
            XCTAssertNotNil(key)
            XCTAssertEqual(harness.store.loads, 1, "cache \(cache): one read for both")
        }
        let plain = try CoreHarness(session: CoreHarness.session(refresh: "r1", access: "a1", obtained: 1_000_000 - 10, lifetime: 3600))
        let (_, none) = try TokenService(context: plain.context()).tokenAndKey(.standard)
        XCTAssertNil(none, "a bearer profile has no key to sign with")
    }
}
