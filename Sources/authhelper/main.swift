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
import WarmPath

#if canImport(Glibc)
    import Glibc
#endif

/// What the front does with its command line.
enum Front {
    static func main() -> Int32 {
        // 1. A link's name (git-credential-authhelper) stands for a command that is never warm.
        let arguments = CommandLine.arguments
        guard ProgramName.impliedCommand(invokedAs: arguments.first ?? "") == nil,
            // 2. A plain warm command line that the front answers itself…
            let request = WarmRequest.parse(Array(arguments.dropFirst())), !request.verbose, !request.tokenFile,
            // 3. …and a cached token fresh enough for it.
            let (_, token) = WarmLookup(environment: .current()).freshToken(for: request)
        else { return handOver() }

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

    /// Replaces this process with authhelper-full, the same arguments and environment.
    static func handOver() -> Int32 {
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
            execv(candidate, CommandLine.unsafeArgv)
            if errno != ENOENT || firstError == 0 { firstError = errno }
        }
        StandardError.error(
            """
            cannot run \(ProgramName.full), which runs every command but a warm header, token or exec (looked for \
            \(candidates[0]) and \(candidates[1]): \(String(cString: strerror(firstError)))).
            """)
        return 69
    }
}

exit(Front.main())
