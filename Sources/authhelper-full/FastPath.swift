import AuthHelperCore

#if canImport(Glibc)
    import Glibc
#endif

/// `authhelper header` and `authhelper token` with a valid cached token, answered without
/// ArgumentParser, TOML, libsecret, libcurl or a lock: the call that runs thousands of times a day.
///
/// It accepts the global options (GlobalOptionTable, already moved after the command name by
/// CommandLineLayout) and `--min-ttl`. With a private cache entry that was written for this very
/// config file (see RuntimeCache) and meets the freshness asked for, it prints it. Otherwise
/// (cache off, missing or stale) it runs the command's own service, still without ArgumentParser,
/// whose parsing is the larger part of a cold call (README, "Why the code is shaped this way"),
/// handing it what it read. Anything else (`--help`, a bad
/// value, an unknown option) returns nil and the full parser runs, which gives a proper usage error.
enum FastPath {
    /// What the command line asked for.
    struct Request {
        var profileFlag: String?
        var configFlag: String?
        var verbose = false
        var noPrompt = false
        var timeout: Int?
        var minTTL: Int64?
    }

    static func run(_ arguments: [String]) -> Int32? {
        guard arguments.count >= 2, let product = TokenProduct(command: arguments[1]),
            let request = parse(Array(arguments.dropFirst(2)))
        else { return nil }
        let environment = ProcessEnvironment.current()
        let freshness = Freshness(minTTL: request.minTTL)
        let lookup = environment.flag("AUTHHELPER_NO_CACHE") ? nil : cacheLookup(request, environment: environment)
        if let lookup, let token = lookup.token, freshness.isMet(by: token, now: Clock.now()) {
            if request.verbose {
                Diagnostics(verbose: true).debug(
                    "profile \(lookup.profile): access token from the runtime cache, valid until \(Clock.rfc3339(token.expiresAt))")
            }
            return writeProduct(product.line(for: token.accessToken)) ? 0 : TokenProduct.outputFailedStatus
        }
        let context = AuthContext(
            environment: environment, configFlag: request.configFlag, profileFlag: request.profileFlag,
            verbose: request.verbose, timeoutOverride: request.timeout, promptAllowed: !request.noPrompt)
        return product.serve(context: context, freshness: freshness, lookup: lookup)
    }

    /// The options `header` and `token` take.
    static let accepted = GlobalOptionTable.entries + [MinTTLOption.spec]

    /// The plain forms only; nil hands the command line to ArgumentParser.
    static func parse(_ arguments: [String]) -> Request? {
        var request = Request()
        var index = 0
        while index < arguments.count {
            guard let occurrence = accepted.occurrence(in: arguments, at: index) else { return nil }
            index += occurrence.width
            let value = occurrence.value ?? ""
            switch occurrence.spec {
            case GlobalOptionTable.profile:
                // A malformed name gets ArgumentParser's usage error.
                guard (try? Profile.validateName(value)) != nil else { return nil }
                request.profileFlag = value
            case GlobalOptionTable.config: request.configFlag = value
            case GlobalOptionTable.verbose: request.verbose = true
            case GlobalOptionTable.noPrompt: request.noPrompt = true
            case GlobalOptionTable.timeout:
                guard let seconds = Int(value), GlobalOptions.timeoutRange.contains(seconds) else { return nil }
                request.timeout = seconds
            case MinTTLOption.spec:
                guard let seconds = Int64(value), seconds >= 0 else { return nil }
                request.minTTL = seconds
            default: return nil
            }
        }
        return request
    }

    /// The config's fingerprint and the cache entry of the profile the call is for, when that
    /// profile can be known without TOML: named by flag or environment, or the config's default
    /// as recorded for this very config file.
    private static func cacheLookup(_ request: Request, environment: ProcessEnvironment) -> CacheLookup? {
        let paths = Paths(environment: environment, configOverride: request.configFlag)
        let cache = RuntimeCache(paths: paths)
        let fingerprint = SecureFiles.fingerprint(paths.configFile)
        guard
            let profile = ProfileSelection.explicitName(flag: request.profileFlag, environment: environment)
                ?? cache.recordedDefaultProfile(configFingerprint: fingerprint),
            (try? Profile.validateName(profile)) != nil
        else { return nil }
        return CacheLookup(
            profile: profile, configFingerprint: fingerprint,
            token: cache.read(profile: profile, configFingerprint: fingerprint))
    }
}
