#if canImport(Glibc)
    import Glibc
#endif

/// Runs the system `curl` with a bearer header that is in no process's argv.
///
/// The header travels in a curl config read from a pipe on file descriptor 3 (`curl -K
/// /dev/fd/3`): argv shows only that path. The same config asks curl to dump the response
/// headers to a private file, from which the status line is read — stdout and stderr stay curl's.
/// `-q` comes first, always: curl then reads no `.curlrc` (`$CURL_HOME`, `$XDG_CONFIG_HOME`,
/// `~`), which could name URLs of its own that CurlTokenScope never saw.
public struct CurlRunner: Sendable {
    public let curlPath: String
    /// Where the header dump goes (RuntimeFolder's scratch file).
    public let folder: RuntimeFolder

    public init(environment: ProcessEnvironment, folder: RuntimeFolder) {
        self.curlPath = CurlRunner.find("curl", in: environment["PATH"] ?? "/usr/bin:/bin") ?? "/usr/bin/curl"
        self.folder = folder
    }

    static func find(_ name: String, in path: String) -> String? {
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// Quotes a value for a curl config file line by curl's own rules (a double-quoted string
    /// with backslash escapes for `\\`, `"`, tab, newline, carriage return and vertical tab), so
    /// no value can end its line and add an option of its own. Any other control character is
    /// refused: curl's config syntax has no escape for it.
    public static func configQuoted(_ value: String) throws(AuthError) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\u{0B}": out += "\\v"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                throw .failure(
                    "A value for curl's config holds a control character ('\(printable(value))'); authhelper does not pass it on.")
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    public struct Outcome: Sendable {
        public let exitStatus: Int32
        /// The first response (after any 1xx), when curl got one. After a redirect (`-L`) the
        /// last response may come from another host: only the first is the server's.
        public let firstResponse: ResponseHead?

        public init(exitStatus: Int32, firstResponse: ResponseHead?) {
            self.exitStatus = exitStatus
            self.firstResponse = firstResponse
        }
    }

    /// Runs curl once. With `captureOutput`, stdout and stderr go to private files that the
    /// caller replays with `replay`; otherwise they are the caller's own.
    public func run(arguments: [String], authorization: RequestAuthorization, capture: CapturedOutput?, quietProgress: Bool)
        throws(AuthError)
        -> Outcome
    {
        let dump = RuntimeFolder.File.scratch("curl-headers.\(getpid())")
        let headerDump = folder.location(of: dump) ?? ""
        try? folder.remove(dump)
        defer { try? folder.remove(dump) }
        // Created 0600 before curl opens it, so the response headers are never readable by others.
        try folder.write(dump, [])
        let config =
            (try authorization.headerLines.map { line throws(AuthError) in "header = \(try CurlRunner.configQuoted(line))\n" }.joined())
            + "dump-header = \(try CurlRunner.configQuoted(headerDump))\n"
            + (quietProgress ? "no-progress-meter\n" : "")

        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else { throw .failure("Cannot create a pipe: \(SecureFiles.errnoText()).") }
        for fd in pipeFDs { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        // The config is a few hundred bytes: it fits the pipe buffer, so writing before the
        // spawn cannot block.
        FileDescriptorIO.writeAll(pipeFDs[1], Array(config.utf8))
        close(pipeFDs[1])
        defer { close(pipeFDs[0]) }

        // Capture first: a capture file may itself sit on descriptor 3, which the pipe then takes.
        var descriptors: [(Int32, Subprocess.Source)] = []
        if let capture { descriptors = [(1, .descriptor(capture.stdoutFD)), (2, .descriptor(capture.stderrFD))] }
        descriptors.append((3, .descriptor(pipeFDs[0])))
        let exitStatus = try runCurl(["-q", "-K", "/dev/fd/3"] + arguments, descriptors: descriptors)
        return Outcome(exitStatus: exitStatus, firstResponse: CurlRunner.firstResponse(headerDump))
    }

    /// curl's exit status (128 + N for a signal).
    private func runCurl(_ arguments: [String], descriptors: [(Int32, Subprocess.Source)] = []) throws(AuthError) -> Int32 {
        var curl = Subprocess([curlPath] + arguments)
        defer { curl.release() }
        curl.descriptors = descriptors
        switch curl.start() {
        case .success(let pid): return Subprocess.wait(pid) ?? 128
        case .failure(let failure): throw .unavailable("Cannot run \(curlPath): \(failure.text). Install curl.")
        }
    }

    /// Runs curl without any token, for `--help`, `--manual` and `--version` (CurlArguments.printsOnly).
    public func runWithoutToken(arguments: [String]) throws(AuthError) -> Int32 {
        try runCurl(["-q"] + arguments)
    }

    /// The first final response in the header dump at `path`.
    static func firstResponse(_ path: String) -> ResponseHead? {
        guard case .contents(let bytes) = SecureFiles.read(path, limit: 4 << 20, requirePrivate: true) else { return nil }
        return ResponseHead.first(inHeaderDump: bytes)
    }
}

/// A first attempt's stdout and stderr, held in private unlinked files until it is known
/// whether they are shown (anything but a 401) or dropped (a 401 that is retried).
public final class CapturedOutput {
    let stdoutFD: Int32
    let stderrFD: Int32

    public init(folder: RuntimeFolder) throws(AuthError) {
        stdoutFD = try folder.openAnonymous("curl-output")
        stderrFD = try folder.openAnonymous("curl-output")
    }

    /// Copies what curl wrote to this process's stdout and stderr, byte for byte.
    public func replay() {
        for (source, target) in [(stdoutFD, Int32(1)), (stderrFD, Int32(2))] {
            lseek(source, 0, SEEK_SET)
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                FileDescriptorIO.writeAll(target, Array(buffer[0..<n]))
            }
        }
    }

    deinit {
        close(stdoutFD)
        close(stderrFD)
    }
}

/// What CurlService needs of curl (CurlRunner; unit tests script their own).
public protocol CurlRunning: Sendable {
    /// curl's help or version: no token at all.
    func runWithoutToken(arguments: [String]) throws(AuthError) -> Int32
    /// Runs curl once with `authorization`; with `capture`, its output is held back for `replay`.
    func run(arguments: [String], authorization: RequestAuthorization, capture: CapturedOutput?, quietProgress: Bool) throws(AuthError)
        -> CurlRunner.Outcome
}

extension CurlRunner: CurlRunning {}
