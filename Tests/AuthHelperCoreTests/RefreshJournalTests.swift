import Foundation
import XCTest

@testable import AuthHelperCore

/// A refresh a crash cannot lose: the rotated pair goes to the journal before the store, and the
/// next refresh under the lock finishes what a killed one left — never replaying an old entry.
final class RefreshJournalTests: XCTestCase {
    let now: Int64 = 1_000_000

    func session(_ refresh: String, _ access: String, obtained: Int64) -> StoredSession {
        CoreHarness.session(refresh: refresh, access: access, obtained: obtained, lifetime: 3600)
    }

    func testEveryRotatedPairIsJournaledBeforeTheStoreAndRemovedOnceStored() throws {
        let harness = try CoreHarness(session: session("r1", "a1", obtained: now - 4000), now: now)
        harness.transport.answer(200, ScriptedTransport.grant(access: "a2", refresh: "r2", expiresIn: 3600))
        XCTAssertEqual(try TokenService(context: harness.context()).freshToken(.standard).accessToken, "a2")
        XCTAssertEqual(harness.journal.recorded, 1, "the pair was journaled")
        XCTAssertNil(harness.journal.entry, "and removed once the store had it")
        XCTAssertEqual(harness.store.session?.refreshToken, "r2")
    }

    func testAPairAKilledRefreshLeftIsStoredAndTheSpentTokenNeverSentAgain() throws {
        let spent = session("r1", "a1", obtained: now - 4000)
        let harness = try CoreHarness(session: spent, now: now)
        harness.journal.leave(session("r2", "a2", obtained: now - 5), rotatedFrom: spent)
        let token = try TokenService(context: harness.context()).freshToken(.standard)
        XCTAssertEqual(token.accessToken, "a2", "the killed refresh's token")
        XCTAssertEqual(harness.transport.sent.count, 0, "r1 is spent at the server: never presented again")
        XCTAssertEqual(harness.store.session?.refreshToken, "r2")
        XCTAssertNil(harness.journal.entry)
    }

    func testAnAnswerAKilledRefreshsCourierKeptIsStoredAndTheSpentTokenNeverSentAgain() throws {
        let spent = session("r1", "a1", obtained: now - 4000)
        let harness = try CoreHarness(session: spent, now: now)
        let body = Array(ScriptedTransport.grant(access: "a2", refresh: "r2", expiresIn: 3600).utf8)
        harness.journal.leave(JournaledAnswer(status: 200, body: body, receivedAt: now - 5, profileDefault: true), rotatedFrom: spent)
        let token = try TokenService(context: harness.context()).freshToken(.standard)
        XCTAssertEqual(token.accessToken, "a2", "the token of the answer the courier kept")
        XCTAssertEqual(token.expiresAt, now - 5 + 3600, "its lifetime counted from when the answer came")
        XCTAssertEqual(harness.transport.sent.count, 0, "r1 is spent at the server: never presented again")
        XCTAssertEqual(harness.store.session?.refreshToken, "r2")
        XCTAssertNil(harness.journal.entry)
    }

    func testAnotherAudiencesAnswerACourierKeptGivesTheSessionOnlyItsRefreshToken() throws {
        let spent = session("r1", "a1", obtained: now - 100)
        let harness = try CoreHarness(session: spent, now: now)
        let body = Array(ScriptedTransport.grant(access: "other", refresh: "r2", expiresIn: 3600).utf8)
        harness.journal.leave(JournaledAnswer(status: 200, body: body, receivedAt: now - 5, profileDefault: false), rotatedFrom: spent)
        XCTAssertEqual(try TokenService(context: harness.context()).freshToken(.standard).accessToken, "a1", "the session's own token")
        XCTAssertEqual(harness.store.session?.refreshToken, "r2", "the newest refresh token, which the next refresh spends")
        XCTAssertEqual(harness.store.session?.accessToken, "a1")
        XCTAssertNil(harness.journal.entry)
    }

    func testAKeptAnswerThatGrantsNothingIsDroppedAndTheStoredSessionUsed() throws {
        let spent = session("r1", "a1", obtained: now - 4000)
        let harness = try CoreHarness(session: spent, now: now)
        harness.journal.leave(
            JournaledAnswer(status: 200, body: Array("<html>".utf8), receivedAt: now - 5, profileDefault: true), rotatedFrom: spent)
        harness.transport.answer(200, ScriptedTransport.grant(access: "a3", refresh: "r3", expiresIn: 3600))
        XCTAssertEqual(try TokenService(context: harness.context()).freshToken(.standard).accessToken, "a3")
        XCTAssertEqual(harness.store.session?.refreshToken, "r3")
        XCTAssertNil(harness.journal.entry)
    }

    func testAnEntryTheStoreHasMovedPastIsDroppedNeverReplayed() throws {
        let harness = try CoreHarness(session: session("r3", "a3", obtained: now - 4000), now: now)
        // Left by a refresh of r1, long since stored and refreshed again by others.
        harness.journal.leave(session("r2", "a2", obtained: now - 5), rotatedFrom: session("r1", "a1", obtained: now - 9000))
        harness.transport.answer(200, ScriptedTransport.grant(access: "a4", refresh: "r4", expiresIn: 3600))
        XCTAssertEqual(try TokenService(context: harness.context()).freshToken(.standard).accessToken, "a4")
        XCTAssertFalse(harness.store.saves.contains { $0.refreshToken == "r2" }, "the old entry never replaced a newer session")
        XCTAssertEqual(harness.store.session?.refreshToken, "r4")
        XCTAssertNil(harness.journal.entry)
    }

    func testAnEntryTheStoreAlreadyHoldsIsDropped() throws {
        let stored = session("r2", "a2", obtained: now - 4000)
        let harness = try CoreHarness(session: stored, now: now)
        // Killed after the store had the pair, before the journal entry was removed.
        harness.journal.leave(stored, rotatedFrom: session("r1", "a1", obtained: now - 9000))
        harness.transport.answer(200, ScriptedTransport.grant(access: "a3", refresh: "r3", expiresIn: 3600))
        XCTAssertEqual(try TokenService(context: harness.context()).freshToken(.standard).accessToken, "a3")
        XCTAssertEqual(harness.transport.sent.first?.headers.first { $0.0 == "refresh-token" }?.1, "r2", "the stored token was spent")
        XCTAssertEqual(harness.store.session?.refreshToken, "r3")
        XCTAssertNil(harness.journal.entry)
    }

    func testAStoreThatFailsLeavesThePairInTheJournalAndTheNextCallStoresIt() throws {
        let harness = try CoreHarness(session: session("r1", "a1", obtained: now - 4000), now: now)
        harness.transport.answer(200, ScriptedTransport.grant(access: "a2", refresh: "r2", expiresIn: 3600))
        harness.store.failSaves(with: .unavailable("The keyring went away."))
        XCTAssertThrowsError(try TokenService(context: harness.context()).freshToken(.standard)) { error in
            let error = error as! AuthError
            XCTAssertEqual(error.exitCode, 77)
            XCTAssertTrue(error.message.contains("kept in the kernel keyring until the store works again"), error.message)
            XCTAssertFalse(error.message.contains("r2") || error.message.contains("a2"), "no token in the message")
        }
        XCTAssertEqual(harness.journal.entry?.session?.refreshToken, "r2")
        harness.store.failSaves(with: nil)
        XCTAssertEqual(try TokenService(context: harness.context()).freshToken(.standard).accessToken, "a2")
        XCTAssertEqual(harness.transport.sent.count, 1, "r1 was presented once, r2 not yet")
        XCTAssertEqual(harness.store.session?.refreshToken, "r2")
    }

    /// No kernel keyring, or the key quota full: the refresh goes on as before.
    func testARefreshNeverFailsForWantOfAJournal() throws {
        let harness = try CoreHarness(session: session("r1", "a1", obtained: now - 4000), now: now)
        harness.journal.refuseRecords()
        harness.transport.answer(200, ScriptedTransport.grant(access: "a2", refresh: "r2", expiresIn: 3600))
        XCTAssertEqual(try TokenService(context: harness.context()).freshToken(.standard).accessToken, "a2")
        XCTAssertEqual(harness.store.session?.refreshToken, "r2")
    }

    func testAnEntryResolvesOnlyAgainstTheSessionItWasRotatedFrom() throws {
        let spent = session("r1", "a1", obtained: now - 4000)
        let rotated = session("r2", "a2", obtained: now)
        let entry = RefreshJournalEntry(replaces: try XCTUnwrap(RefreshJournalEntry.fingerprint(of: "r1")), session: rotated)
        XCTAssertEqual(entry.resolve(against: spent), .finish(rotated))
        XCTAssertEqual(entry.resolve(against: rotated), .drop, "already stored")
        XCTAssertEqual(entry.resolve(against: session("r9", "a9", obtained: now)), .drop, "another session")
        XCTAssertEqual(entry.resolve(against: nil), .drop, "logged out meanwhile")
        XCTAssertFalse(entry.replaces.contains("r1"), "the spent token itself is not kept")
    }
}
