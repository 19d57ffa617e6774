import AuthHelperCore

#if canImport(Glibc)
import Glibc
#endif

/// `authhelper header` and `authhelper token` with a valid cached token, answered without
/// ArgumentParser, TOML, libsecret, libcurl or a lock: the call that runs thousands of times a day.
///
/// It accepts only the plain forms (`--profile`, `--config`, `--min-ttl`, each as `--x v` or
/// `--x=v`). With a private cache entry that was written for this very config file (see
/// RuntimeCache) and lives long enough, it prints it. Otherwise (cache off, missing or stale) it
/// runs the command's own service, still without ArgumentParser, whose parsing costs ~1.8 ms a
/// call. Anything else returns nil and the full parser runs, which gives a proper usage error.
enum FastPath {
    static func run(_ arguments: [String]) -> Int32? {
        guard arguments.count >= 2 else { return nil }
        let product: TokenProduct
        switch arguments[1] {
        case "header": product = .header
        case "token": product = .bare
        default: return nil
        }
        var profileFlag: String?
        var configFlag: String?
        var minTTL: Int64 = Header.defaultMinTTL
        var index = 2
        while index < arguments.count {
            let argument = arguments[index]
            let name: Substring
            let value: String
            if let eq = argument.firstIndex(of: "=") {
                name = argument[..<eq]
                value = String(argument[argument.index(after: eq)...])
                index += 1
            } else {
                guard index + 1 < arguments.count else { return nil }
                name = argument[...]
                value = arguments[index + 1]
                index += 2
            }
            switch name {
            case "--profile": profileFlag = value
            case "--config": configFlag = value
            case "--min-ttl":
                guard let seconds = Int64(value), seconds >= 0 else { return nil }
                minTTL = seconds
            default: return nil
            }
        }
        // A malformed profile name gets ArgumentParser's usage error.
        if let profileFlag, (try? Profile.validateName(profileFlag)) == nil { return nil }
        let environment = ProcessEnvironment.current()
        if !environment.flag("AUTHHELPER_NO_CACHE"),
           let token = cachedToken(environment: environment, profileFlag: profileFlag, configFlag: configFlag, minTTL: minTTL) {
            return FileDescriptorIO.writeAll(1, Array(product.line(for: token.accessToken).utf8)) ? 0 : 1
        }
        let context = AuthContext(environment: environment, configFlag: configFlag, profileFlag: profileFlag, verbose: false)
        return product.serve(context: context, minTTL: minTTL)
    }

    private static func cachedToken(environment: ProcessEnvironment, profileFlag: String?, configFlag: String?,
                                    minTTL: Int64) -> CachedToken? {
        let paths = Paths(environment: environment, configOverride: configFlag)
        let cache = RuntimeCache(paths: paths)
        let fingerprint = SecureFiles.fingerprint(paths.configFile)
        guard let profile = profileFlag ?? environment["AUTHHELPER_PROFILE"]
                ?? cache.recordedDefaultProfile(configFingerprint: fingerprint),
              (try? Profile.validateName(profile)) != nil,
              let token = cache.read(profile: profile, configFingerprint: fingerprint),
              token.isFresh(minTTL: minTTL, now: Clock.now()) else { return nil }
        return token
    }
}
