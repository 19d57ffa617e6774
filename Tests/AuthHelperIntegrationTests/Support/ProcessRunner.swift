import Foundation

/// What a finished process left behind.
struct ProcessResult {
    let status: Int32
    let stdout: String
    let stderr: String

    var stdoutLine: String { stdout.trimmingCharacters(in: .newlines) }
}

/// Runs real processes with an exact environment; output goes through files, so any amount of it
/// and any number of concurrent processes work without pipe deadlocks.
enum ProcessRunner {
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String],
        stdin: String? = nil, workingDirectory: String? = nil
    ) throws -> ProcessResult {
        let process = try start(executable, arguments, environment: environment, stdin: stdin, workingDirectory: workingDirectory)
        return process.wait()
    }

    static func start(
        _ executable: String, _ arguments: [String], environment: [String: String],
        stdin: String? = nil, workingDirectory: String? = nil
    ) throws -> RunningProcess {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ah-proc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let outURL = scratch.appendingPathComponent("out")
        let errURL = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        if let stdin {
            let inURL = scratch.appendingPathComponent("in")
            _ = FileManager.default.createFile(atPath: inURL.path, contents: Data(stdin.utf8))
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        }
        try process.run()
        return RunningProcess(process: process, scratch: scratch)
    }
}

final class RunningProcess {
    let process: Process
    let scratch: URL

    init(process: Process, scratch: URL) {
        self.process = process
        self.scratch = scratch
    }

    func wait() -> ProcessResult {
        process.waitUntilExit()
        closeHandles()
        let out = (try? String(contentsOf: scratch.appendingPathComponent("out"), encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: scratch.appendingPathComponent("err"), encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: scratch)
        return ProcessResult(status: process.terminationStatus, stdout: out, stderr: err)
    }

    /// Output so far, for processes that keep running (the development server).
    func stdoutSoFar() -> String {
        (try? String(contentsOf: scratch.appendingPathComponent("out"), encoding: .utf8)) ?? ""
    }

    func stderrSoFar() -> String {
        (try? String(contentsOf: scratch.appendingPathComponent("err"), encoding: .utf8)) ?? ""
    }

    /// The address a test server prints as its first line, `listening on URL`, once it appears;
    /// throws naming `what` (with the end of its stderr) when it exits or `seconds` pass first,
    /// and stops the server.
    func listeningURL(_ what: String, seconds: Double = 10) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let line = stdoutSoFar().split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }) {
                return String(line.dropFirst("listening on ".count))
            }
            if !process.isRunning { break }
            usleep(25_000)
        }
        let log = stderrSoFar()
        terminate()
        throw NSError(domain: "TestServer", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(what) did not start: \(log.suffix(2000))"])
    }

    /// The first line of stderr that holds `marker` (trimmed), once it appears; nil when the
    /// process ends or 20 seconds pass without it.
    func stderrLine(containing marker: String) -> String? {
        for _ in 0..<400 {
            if let line = stderrSoFar().split(separator: "\n").first(where: { $0.contains(marker) }) {
                return line.trimmingCharacters(in: .whitespaces)
            }
            if !process.isRunning { return nil }
            usleep(50_000)
        }
        return nil
    }

    func terminate() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        closeHandles()
        try? FileManager.default.removeItem(at: scratch)
    }

    /// The parent's copies of the child's stdin, stdout and stderr files: Process keeps them open
    /// for as long as it lives, and a suite of hundreds of processes would otherwise run out of
    /// descriptors under an ordinary user's limit (1024).
    private func closeHandles() {
        for handle in [process.standardInput, process.standardOutput, process.standardError] {
            try? (handle as? FileHandle)?.close()
        }
    }
}

/// The built products of this package (`swift build` puts them beside the test bundle).
enum Products {
    static var directory: String {
        if let override = ProcessInfo.processInfo.environment["AUTHHELPER_BUILD_DIR"] { return override }
        // .build/<triple>/debug/authhelperPackageTests.xctest → .build/<triple>/debug
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = bundle.deletingLastPathComponent()
        if dir.lastPathComponent.hasSuffix(".xctest") { dir = dir.deletingLastPathComponent() }
        return dir.path
    }

    static var authhelper: String { directory + "/authhelper" }
    static var devserver: String { directory + "/authhelper-devserver" }
}

/// The repository root, from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path
