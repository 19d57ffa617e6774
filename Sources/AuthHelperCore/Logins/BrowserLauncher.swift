#if canImport(Glibc)
    import Glibc
#endif

/// Opens an address in the person's browser: each command of `$BROWSER` in turn (colon-separated,
/// `%s` standing for the address, else it is appended), then `xdg-open`.
///
/// The browser is started in a session of its own with /dev/null for its standard streams: it
/// outlives this process, must never write into stdout (the product), and a Ctrl-C at the
/// terminal is for authhelper, not for the browser. A browser that needs the terminal (w3m,
/// lynx) therefore cannot be used; `--no-browser` prints the address instead. The address goes
/// in the browser's argv, where any local user could read it: it holds nothing secret (the PKCE
/// challenge and `state` only).
public enum BrowserLauncher {
    /// What opening the address came to.
    public enum Launch: Equatable, Sendable {
        /// This command was started and is running, or ended well.
        case started(String)
        /// No command could be started, or each ended at once with a failure: the last one and
        /// how it ended ("exit 3": xdg-open with nothing to open the address with).
        case failed(command: String, how: String)
    }

    /// Starts each command in turn until one runs: one that ends within `settleMilliseconds` with
    /// a failure did not open the address (xdg-open exits 3 where no browser is set up), so the
    /// next is tried and the person told.
    public static func open(_ url: String, environment: ProcessEnvironment, settleMilliseconds: Double = 1000) -> Launch {
        var last = Launch.failed(command: "xdg-open", how: "not started")
        for command in commands(for: url, browserVariable: environment["BROWSER"]) {
            guard let pid = spawnDetached(command) else {
                last = .failed(command: command[0], how: "not found or not startable")
                continue
            }
            if let failure = failureSoon(of: pid, within: settleMilliseconds) {
                last = .failed(command: command[0], how: failure)
                continue
            }
            return .started(command[0])
        }
        return last
    }

    /// How `pid` ended, if it ended with a failure within `milliseconds`; nil while it runs or
    /// when it ended well (a browser that hands the address to one already open).
    private static func failureSoon(of pid: pid_t, within milliseconds: Double) -> String? {
        let deadline = Clock.monotonicMilliseconds() + milliseconds
        var status: Int32 = 0
        while Clock.monotonicMilliseconds() < deadline {
            let ended = waitpid(pid, &status, WNOHANG)
            if ended == pid {
                let signal = status & 0x7f
                if signal != 0 { return "killed by signal \(signal)" }
                let code = (status >> 8) & 0xff
                return code == 0 ? nil : "exit \(code)"
            }
            if ended < 0, errno != EINTR { return nil }
            usleep(20_000)
        }
        return nil
    }

    /// The argument lists to try, in order.
    static func commands(for url: String, browserVariable: String?) -> [[String]] {
        var commands: [[String]] = []
        for entry in (browserVariable ?? "").split(separator: ":") {
            var words = entry.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard !words.isEmpty else { continue }
            if words.contains(where: { $0.contains("%s") }) {
                words = words.map { $0.replacing("%s", with: url) }
            } else {
                words.append(url)
            }
            commands.append(words)
        }
        commands.append(["xdg-open", url])
        return commands
    }

    private static func spawnDetached(_ command: [String]) -> pid_t? {
        var browser = Subprocess(command)
        defer { browser.release() }
        browser.searchesPath = true
        browser.descriptors = [(0, .null(writable: false)), (1, .null(writable: true)), (2, .null(writable: true))]
        browser.newSession = true
        return try? browser.start().get()
    }
}
