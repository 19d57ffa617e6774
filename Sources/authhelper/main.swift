// authhelper — the front. This is where a warm `header`, `token` and `exec` are answered.
//
// Those calls run thousands of times a day and need nothing but one private file: the runtime
// cache's entry for the profile. Starting authhelper-full for them (ArgumentParser, libcurl's and
// libsecret's loaders, a 20 MB binary's relocations) costs more than everything they do. So this
// small Swift program — WarmPath and the standard library, no Foundation, linked statically —
// answers them, and hands every other command line, unchanged, to authhelper-full with execv:
// same process, same arguments, same environment, so its exit status and signals are the caller's.
//
// Every decision here is WarmPath's, which authhelper-full makes through the same code: the
// grammar (WarmRequest), the entry and its freshness (WarmLookup), the product (TokenProduct), the
// exec environment (ExecEnvironment). The front answers only when it is sure and hands over on
// any doubt (-v, --help, --token-file, an option twice, a missing, stale or foreign entry), so it
// can be slower than it might be but never answer differently.
//
// authhelper-full is looked for beside this program (the build folder) and then in
// ../libexec/authhelper/ (an installed tree: /usr/bin/authhelper, /usr/libexec/authhelper/).
//
// Built in Embedded Swift (Package.swift says why): WarmPath's sources are compiled into this
// module through the `WarmPath` link beside this file — the same files, not a copy — against
// CPosix instead of Glibc.
import CPosix

/// What the front does with its command line.
enum Front {
    static func main() -> Int32 {
        // 1. A link's name stands for a command: git's helper is never warm; the container
        // tools', Terraform's and pip's `keyring` are warm for `get`.
        let arguments = ProcessArguments.strings
        let implied = ProgramName.impliedCommand(invokedAs: arguments.first ?? "")
        // Every link that names a warm command (docker's, Terraform's, `keyring`) is warm for it.
        guard implied.map({ WarmRequest.Command(rawValue: $0) != nil }) ?? true,
            // 2. A plain warm command line that the front answers itself…
            let request = WarmRequest.parse((implied.map { [$0] } ?? []) + arguments.dropFirst()), !request.verbose, !request.tokenFile
        else { return handOver() }
        if request.command == .dockerCredential { return answerRegistry(request) }
        if request.command == .terraformCredentials || request.command == .keyring {
            guard let reply = WarmLookup(environment: .current()).toolReply(for: request) else { return handOver() }
            return FileDescriptorIO.writeAll(1, Array(reply.utf8)) ? 0 : TokenProduct.outputFailedStatus
        }

        // 3. …and a cached token fresh enough for it.
        guard let (_, token) = WarmLookup(environment: .current()).freshToken(for: request) else { return handOver() }

        // 4. The product, or the program with the token in its environment.
        if let product = request.product {
            return product.write(for: token.accessToken) ? 0 : TokenProduct.outputFailedStatus
        }
        let failed = ExecEnvironment.replaceProcess(
            with: request.program, tokenVariable: request.tokenVariable ?? ExecEnvironment.defaultTokenVariable,
            headerVariable: request.headerVariable, accessToken: token.accessToken)
        StandardError.error(failed.message)
        return failed.status
    }

    /// `docker-credential get`: the registry on stdin, answered from the cache when its profile's
    /// token is fresh enough; else authhelper-full gets the same stdin, through a pipe.
    static func answerRegistry(_ request: WarmRequest) -> Int32 {
        let limit = DockerCredentialReply.requestLimit
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count <= limit {
            let n = chunk.withUnsafeMutableBufferPointer { read(0, $0.baseAddress, min($0.count, limit + 1 - bytes.count)) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        if bytes.count <= limit,
            let reply = WarmLookup(environment: .current()).registryReply(for: request, requestText: String(decoding: bytes, as: UTF8.self))
        {
            return FileDescriptorIO.writeAll(1, Array(reply.utf8)) ? 0 : DockerCredentialReply.failureStatus
        }
        return handOver(replaying: bytes)
    }

    /// Replaces this process with authhelper-full, the same arguments and environment; with
    /// `replaying`, what the front read of stdin is stdin again (a pipe holds it: at most 60 KiB).
    static func handOver(replaying consumed: [UInt8]? = nil) -> Int32 {
        if let consumed {
            var ends: [Int32] = [0, 0]
            guard pipe(&ends) == 0, FileDescriptorIO.writeAll(ends[1], consumed) else {
                StandardError.error("cannot hand the request on to \(ProgramName.full): \(SecureFiles.errnoText()).")
                return 69
            }
            close(ends[1])
            dup2(ends[0], 0)
            close(ends[0])
        }
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else {
            StandardError.error("cannot find where authhelper is installed (/proc/self/exe: \(SecureFiles.errnoText())).")
            return 69
        }
        let folder = SecureFiles.parentOf(String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self))
        let candidates = ["\(folder)/\(ProgramName.full)", "\(folder)/../libexec/authhelper/\(ProgramName.full)"]
        var firstError: Int32 = 0
        for candidate in candidates {
            execv(candidate, ProcessArguments.vector)
            if errno != ENOENT || firstError == 0 { firstError = errno }
        }
        StandardError.error(
            """
            cannot run \(ProgramName.full), which runs every command but the warm calls (looked for \
            \(candidates[0]) and \(candidates[1]): \(String(cString: strerror(firstError)))).
            """)
        return 69
    }
}

exit(Front.main())
