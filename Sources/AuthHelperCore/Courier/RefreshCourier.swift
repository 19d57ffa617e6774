#if canImport(Glibc)
    import Glibc
#endif

/// The process that carries a refresh request to the server and keeps the answer, so that a
/// caller killed while its request is at the server (SIGKILL, the OOM killer: signals that can be
/// held are held) does not lose the session. The server spends the old refresh token the moment
/// it reads the request; the new pair then exists only in its answer, and an answer dies with
/// the process that would have read it. The courier is another process, in its own session:
/// killing its caller does not kill it. It receives the answer, puts it in the refresh journal
/// (sealed in the kernel keyring) and only then hands it over; the caller stores the pair, and
/// if the caller is gone the next refresh of the profile does (TokenService).
///
/// It holds the caller's profile lock (inherited as descriptor 3) until it ends, so no other
/// refresh reads the store before the answer is kept. It reads nothing of the config and writes
/// only the journal and its answer; anything incomplete on its input (a caller killed while
/// writing it) is never sent.
public enum RefreshCourier {
    /// How authhelper-full is started as a courier (CourierTransport); never typed by a person.
    public static let argument = "--refresh-courier"
    /// Where the caller's profile lock arrives.
    static let lockDescriptor: Int32 = 3

    /// Reads the request on stdin, sends it, keeps a successful answer to a POST in the journal,
    /// writes the answer on stdout. Returns the exit status.
    public static func serve(clock: any TimeSource = SystemTime()) -> Int32 {
        // The caller may be gone by the time the answer is written: the journal has it then.
        signal(SIGPIPE, SIG_IGN)
        guard let input = FileDescriptorIO.readAll(0, limit: 1 << 20), let order = CourierMessage.order(from: input) else {
            return AuthError.usage("").exitCode
        }
        let result: Result<HTTPResponse, AuthError>
        do {
            let response = try HTTPClient(options: order.options).send(order.request)
            if order.request.method == .post, (200..<300).contains(response.status) {
                let answer = JournaledAnswer(
                    status: response.status, body: response.body, receivedAt: clock.now(), profileDefault: order.profileDefault)
                RefreshJournal(description: order.journal).record(answer, replaces: order.replaces)
            }
            result = .success(response)
        } catch {
            result = .failure(error)
        }
        _ = FileDescriptorIO.writeAll(1, CourierMessage.answer(result))
        return 0
    }
}
