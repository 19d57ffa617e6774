import AuthHelperCore
import Foundation
import Synchronization

/// A secret store in memory. `beforeLoad` runs before each load with its 1-based number, so a
/// test can play another process that writes between this process's reads.
/// The refresh journal in memory: what a killed refresh would leave, and what was recorded.
final class InMemoryJournal: RefreshJournaling, @unchecked Sendable {
    private let state = Mutex<(entry: RefreshJournalEntry?, recorded: Int, refuses: Bool)>((nil, 0, false))
    var entry: RefreshJournalEntry? { state.withLock { $0.entry } }
    var recorded: Int { state.withLock { $0.recorded } }
    /// As a full key quota: nothing can be recorded.
    func refuseRecords() { state.withLock { $0.refuses = true } }
    /// What a refresh killed after its record, before its store, leaves.
    func leave(_ session: StoredSession, rotatedFrom spent: StoredSession) {
        let replaces = RefreshJournalEntry.fingerprint(of: spent.refreshToken)!
        state.withLock { $0.entry = RefreshJournalEntry(replaces: replaces, session: session) }
    }

    /// What a refresh killed while its courier had the request at the server leaves.
    func leave(_ answer: JournaledAnswer, rotatedFrom spent: StoredSession) {
        let replaces = RefreshJournalEntry.fingerprint(of: spent.refreshToken)!
        state.withLock { $0.entry = RefreshJournalEntry(replaces: replaces, answer: answer) }
    }

    func record(_ session: StoredSession, rotatedFrom spent: StoredSession) -> Bool {
        guard !state.withLock({ $0.refuses }) else { return false }
        leave(session, rotatedFrom: spent)
        state.withLock { $0.recorded += 1 }
        return true
    }
    func pending() -> RefreshJournalEntry? { entry }
    func clear() { state.withLock { $0.entry = nil } }
}

final class InMemoryStore: SecretStore, @unchecked Sendable {
    private let state = Mutex<State>(State())
    struct State {
        var session: StoredSession?
        var loads = 0
        var saves: [StoredSession] = []
        var deletes = 0
        var failSave: AuthError?
    }
    var beforeLoad: (@Sendable (Int, InMemoryStore) -> Void)?

    init(_ session: StoredSession?) { state.withLock { $0.session = session } }

    var location: String { "memory" }
    var session: StoredSession? { state.withLock { $0.session } }
    var loads: Int { state.withLock { $0.loads } }
    var saves: [StoredSession] { state.withLock { $0.saves } }
    var deletes: Int { state.withLock { $0.deletes } }

    /// Writes as another process would: no counting.
    func put(_ session: StoredSession?) { state.withLock { $0.session = session } }
    func failSaves(with error: AuthError?) { state.withLock { $0.failSave = error } }

    func probe() throws(AuthError) -> StoredSession? { try load() }

    func load() throws(AuthError) -> StoredSession? {
        let number = state.withLock {
            $0.loads += 1
            return $0.loads
        }
        beforeLoad?(number, self)
        return session
    }

    func save(_ session: StoredSession) throws(AuthError) {
        if let error = state.withLock({ $0.failSave }) { throw error }
        state.withLock {
            $0.session = session
            $0.saves.append(session)
        }
    }

    @discardableResult
    func delete() throws(AuthError) -> Bool {
        state.withLock { state in
            state.deletes += 1
            defer { state.session = nil }
            return state.session != nil
        }
    }
}

/// Answers requests from a script, in order, and records what was sent. `onSend` runs as the
/// request reaches the "server" (a test plays another process there).
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    private let state = Mutex<(answers: [Result<HTTPResponse, AuthError>], sent: [HTTPRequest])>(([], []))
    var onSend: (@Sendable (Int) -> Void)?

    func answer(_ status: Int, _ body: String) {
        state.withLock { $0.answers.append(.success(HTTPResponse(status: status, body: Array(body.utf8)))) }
    }
    /// An answer with the headers a DPoP refusal carries.
    func answer(_ status: Int, _ body: String, dpopNonce: String?, authenticate: String?) {
        var response = HTTPResponse(status: status, body: Array(body.utf8), dpopNonce: dpopNonce)
        response.authenticate = authenticate
        state.withLock { $0.answers.append(.success(response)) }
    }
    func fail(_ error: AuthError) { state.withLock { $0.answers.append(.failure(error)) } }
    var sent: [HTTPRequest] { state.withLock { $0.sent } }

    func send(_ request: HTTPRequest, onResponse: () -> Void) throws(AuthError) -> HTTPResponse {
        let (number, next) = state.withLock { state -> (Int, Result<HTTPResponse, AuthError>?) in
            state.sent.append(request)
            return (state.sent.count, state.answers.isEmpty ? nil : state.answers.removeFirst())
        }
        onSend?(number)
        onResponse()
        guard let next else { throw .failure("The test's script has no answer for request \(number) to \(request.url).") }
        return try next.get()
    }

    /// A seed refresh answer.
    static func grant(access: String, refresh: String, expiresIn: Int) -> String {
        #"{"access_token":"\#(access)","refresh_token":"\#(refresh)","token_type":"bearer","expires_in":\#(expiresIn)}"#
    }
}

/// A clock that moves only when told.
final class FixedClock: TimeSource, @unchecked Sendable {
    private let seconds: Mutex<Int64>
    init(_ now: Int64) { seconds = Mutex(now) }
    func now() -> Int64 { seconds.withLock { $0 } }
    func advance(_ delta: Int64) { seconds.withLock { $0 += delta } }
    /// Waiting moves the clock on at once, and is recorded.
    func sleep(seconds delta: Int) {
        slept.withLock { $0.append(delta) }
        advance(Int64(delta))
    }
    let slept = Mutex<[Int]>([])
}

/// No terminal: nobody is asked anything.
struct NoTerminal: Prompter {
    var isInteractive: Bool { false }
    func ask(_ prompt: String, secret: Bool) throws(AuthError) -> String { throw .usage("no terminal in a unit test") }
    func tell(_ text: String) {}
}

/// A person at a terminal who types `answers` in turn.
final class ScriptedPerson: Prompter, @unchecked Sendable {
    private let answers: Mutex<[String]>
    init(_ answers: [String]) { self.answers = Mutex(answers) }
    var isInteractive: Bool { true }
    func ask(_ prompt: String, secret: Bool) throws(AuthError) -> String {
        try answers.withLock { answers throws(AuthError) in
            guard !answers.isEmpty else { throw .usage("the scripted person has nothing more to type") }
            return answers.removeFirst()
        }
    }
    /// What the person was shown.
    let told = Mutex<[String]>([])
    func tell(_ text: String) { told.withLock { $0.append(text) } }
}

/// stderr, recorded: what a command told the person.
final class RecordedMessages: MessageSink, @unchecked Sendable {
    private let text = Mutex("")
    func write(_ text: String) { self.text.withLock { $0 += text } }
    var all: String { text.withLock { $0 } }
}

/// One profile in a throwaway config, runtime and state folder, with in-memory world.
final class CoreHarness {
    let directory: String
    let store: InMemoryStore
    let transport = ScriptedTransport()
    let clock: FixedClock
    let journal: InMemoryJournal
    /// What the commands of this harness wrote to stderr.
    let messages = RecordedMessages()

    /// - Parameter profileLines: more keys for the profile table (`grant = "device"`, say).
    init(session: StoredSession?, now: Int64 = 1_000_000, cache: Bool = true, profileLines: String = "") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("ah-core-\(UUID().uuidString.prefix(8))").path
        for folder in ["config/authhelper", "run", "state"] {
            try FileManager.default.createDirectory(
                atPath: "\(directory)/\(folder)", withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        }
        try """
        [profiles.default]
        server = "http://127.0.0.1:9"
        username = "demo"
        cache = \(cache)
        \(profileLines)
        """.write(toFile: "\(directory)/config/authhelper/config.toml", atomically: true, encoding: .utf8)
        store = InMemoryStore(session)
        clock = FixedClock(now)
        journal = InMemoryJournal()
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func context(
        prompter: any Prompter = NoTerminal(), curl: ScriptedCurl = ScriptedCurl([]), input: String = "", verbose: Bool = false
    ) -> AuthContext {
        let store = self.store
        let transport = self.transport
        let journal = self.journal
        let world = OutsideWorld(
            makeStore: { _, _, _, _ in store }, makeTransport: { _ in transport }, clock: clock, makeCurlRunner: { _, _ in curl },
            makeJournal: { _ in journal })
        let environment = ProcessEnvironment(variables: [
            "HOME": directory, "XDG_CONFIG_HOME": "\(directory)/config", "XDG_RUNTIME_DIR": "\(directory)/run",
            "XDG_STATE_HOME": "\(directory)/state",
        ])
        return AuthContext(
            environment: environment, configFlag: nil, profileFlag: nil, verbose: verbose,
            prompter: prompter, input: ScriptedInput(input), world: world, stderr: messages)
    }

    /// A session whose access token was obtained at `obtained` and lives `lifetime` seconds.
    static func session(refresh: String, access: String, obtained: Int64, lifetime: Int64, clientSecret: String? = nil) -> StoredSession {
        StoredSession(
            refreshToken: refresh, clientSecret: clientSecret, accessToken: access,
            accessExpiresAt: obtained + lifetime, accessObtainedAt: obtained)
    }
}

/// curl, scripted: each run answers the next HTTP status (nil: no response) and records the token
/// it was given.
final class ScriptedCurl: CurlRunning, @unchecked Sendable {
    private let state: Mutex<(statuses: [Int?], tokens: [String?])>

    init(_ statuses: [Int?]) { state = Mutex((statuses, [])) }

    /// The token of each run, in order (nil: a run without a token).
    var tokens: [String?] { state.withLock { $0.tokens } }

    func runWithoutToken(arguments: [String]) throws(AuthError) -> Int32 {
        state.withLock { $0.tokens.append(nil) }
        return 0
    }

    func run(arguments: [String], authorization: RequestAuthorization, capture: CapturedOutput?, quietProgress: Bool) throws(AuthError)
        -> CurlRunner.Outcome
    {
        let status: Int? = state.withLock { state in
            state.tokens.append(authorization.token)
            return state.statuses.isEmpty ? 200 : state.statuses.removeFirst()
        }
        return CurlRunner.Outcome(exitStatus: status == 401 ? 22 : 0, firstResponse: status.map { ResponseHead(status: $0) })
    }
}

/// Standard input, scripted: lines are read one at a time, the rest at once.
final class ScriptedInput: StandardInput, @unchecked Sendable {
    private let remaining: Mutex<[UInt8]>

    init(_ text: String) { remaining = Mutex(Array(text.utf8)) }

    func readLine() -> String? {
        remaining.withLock { bytes in
            guard !bytes.isEmpty else { return nil }
            let end = bytes.firstIndex(of: 0x0A) ?? bytes.count
            let line = String(decoding: bytes[..<end], as: UTF8.self)
            bytes.removeFirst(min(end + 1, bytes.count))
            return line
        }
    }

    func readAll(limit: Int) -> [UInt8]? {
        remaining.withLock { bytes in
            defer { bytes = [] }
            return bytes.count > limit ? nil : bytes
        }
    }
}
