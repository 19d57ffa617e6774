import Foundation

/// A real pseudo-terminal: a shell in a private tmux server that a test types into and reads.
final class TmuxSession {
    let server = "ah\(UUID().uuidString.prefix(6))"

    /// Starts `command` (a shell line) in a 200x40 window with exactly `environment`.
    init(command: String, environment: [String: String]) throws {
        let exports = environment.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        _ = try tmux("new-session -d -x 200 -y 40 \"env -i \(exports) \(command)\" >/dev/null")
    }

    /// Through bash with every descriptor above 2 closed: the tmux server outlives the call, and
    /// would otherwise hold the descriptor through which Foundation's Process notices the exit.
    @discardableResult
    func tmux(_ arguments: String) throws -> ProcessResult {
        try ProcessRunner.run(
            "/bin/bash",
            [
                "-c",
                """
                for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ \"$fd\" -gt 2 ] && eval \"exec $fd>&-\"; done; exec tmux -L \(server) \
                \(arguments) </dev/null 2>/dev/null
                """,
            ],
            environment: ["PATH": "/usr/bin:/bin"])
    }

    /// Types `text` (single-quoted for tmux) followed by the given keys.
    func type(_ text: String, keys: String = "") throws {
        try tmux("send-keys '\(text)' \(keys)")
    }

    func screen() throws -> String { try tmux("capture-pane -p").stdout }

    /// Waits until the screen shows `text`; returns the screen.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 10) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var current = ""
        while Date() < deadline {
            current = try screen()
            if current.contains(text) { return current }
            usleep(100_000)
        }
        return current
    }

    deinit { _ = try? tmux("kill-server >/dev/null") }
}
