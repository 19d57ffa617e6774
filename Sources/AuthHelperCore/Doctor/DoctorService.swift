#if canImport(Glibc)
    import Glibc
#endif

/// `authhelper doctor`: looks at the whole setup of a profile, part by part in the order a call
/// depends on them — config, profile, store, runtime folder, server and TLS, clock, discovery,
/// session, and the tools pointed at authhelper — and says for each ✓ or ✗ with the one fix.
///
/// It changes nothing and spends nothing: no refresh, no login, no file written; the server is
/// asked one GET of its origin (and its metadata, for an issuer).
public struct DoctorService {
    let context: AuthContext

    public init(context: AuthContext) { self.context = context }

    /// A clock further off than this makes tokens look expired or not yet valid.
    public static let clockToleranceSeconds: Int64 = 60

    /// The checks of the selected profile (every profile with `all`), in order. A check that
    /// fails stops the checks that depend on it. `refresh`: also spend the refresh token once, to
    /// show that a refresh works (the only check that changes anything: the stored pair).
    public func run(all: Bool, refresh: Bool = false) -> [DoctorCheck] {
        var checks: [DoctorCheck] = []
        // 1. The config parses.
        let config: Config
        do {
            config = try context.broker.loadConfig()
            checks.append(.pass("config", "\(context.paths.configFile) reads"))
        } catch {
            checks.append(.fail("config", error.message, fix: "Correct the line it names.", status: error.exitCode))
            return checks
        }
        // 2. The profile (or every profile) exists.
        let profiles: [Profile]
        if all {
            profiles = config.profiles
            if profiles.isEmpty {
                checks.append(.fail("profile", "no profiles in \(context.paths.configFile)", fix: "Run `authhelper login`.", status: 77))
            }
        } else {
            let name = (try? context.broker.profileName(in: config)) ?? ProfileSelection.fallback
            if config.profile(named: name) == nil, let agent = agentSocket(answeringFor: name) {
                // Not this machine's profile: the laptop's, through the forwarded agent (or not).
                checks.append(agent)
                return checks
            }
            guard let profile = config.profile(named: name) else {
                checks.append(
                    .fail("profile", "there is no profile '\(name)'", fix: "Run `authhelper login --profile \(name)`.", status: 77))
                return checks
            }
            profiles = [profile]
        }
        checks.append(runtimeFolder())
        for profile in profiles { checks += self.checks(of: profile, refresh: refresh) }
        checks += gitHostsNobodyClaims(config)
        checks.append(kubectl(config: config))
        return checks
    }

    /// The parts of one profile's setup.
    private func checks(of profile: Profile, refresh: Bool) -> [DoctorCheck] {
        let prefix = "\(profile.name): "
        var checks: [DoctorCheck] = [
            .pass(prefix + "profile", "\(profile.server), user \(profile.username.isEmpty ? "(none)" : profile.username)")
        ]
        let session = store(of: profile, prefix: prefix, into: &checks)
        let probe = server(of: profile, prefix: prefix, into: &checks)
        if let probe { checks.append(clock(probe, prefix: prefix)) }
        if probe != nil, let issuer = profile.issuer { checks.append(discovery(issuer, of: profile, prefix: prefix)) }
        if let session { checks.append(token(session, prefix: prefix)) }
        if case .some(.some(let stored)) = session, let disagreement = BindingDisagreement(profile: profile, session: stored) {
            checks.append(
                .fail(prefix + "token binding", disagreement.detail, fix: disagreement.fix, status: AuthError.configuration("").exitCode))
        }
        if refresh, case .some(.some) = session { checks.append(refreshWorks(profile, prefix: prefix)) }
        checks.append(git(for: profile, prefix: prefix))
        checks += profile.registries.map { registryHelper(for: $0, prefix: prefix) }
        return checks
    }

    // MARK: Checks

    /// The store the profile records: reachable, and what it holds.
    private func store(of profile: Profile, prefix: String, into checks: inout [DoctorCheck]) -> StoredSession?? {
        do {
            let store = try context.broker.store(for: profile)
            let session = try store.load()
            checks.append(.pass(prefix + "store", "\(store.location) answers" + (session == nil ? ", and holds no session" : "")))
            if case .kernel = (try? context.broker.storeKind(for: profile)) ?? profile.store { checks.append(kernelQuota(prefix: prefix)) }
            return .some(session)
        } catch {
            checks.append(.fail(prefix + "store", error.message, fix: storeFix(for: profile, error: error), status: error.exitCode))
            return nil
        }
    }

    private func storeFix(for profile: Profile, error: AuthError) -> String {
        switch (try? context.broker.storeKind(for: profile)) ?? profile.store {
        case .keyring where error.message.contains(SecretServiceStore.lockedFix): SecretServiceStore.lockedFix
        case .keyring: SecretServiceStore.unreachableFix(profile: profile.name, environment: context.environment)
        case .kernel: "Free kernel key quota (see /proc/key-users), or log in again: `authhelper login --profile \(profile.name)`."
        case .file, .auto: "Check the file it names, or log in again: `authhelper login --profile \(profile.name)`."
        }
    }

    /// The user's kernel key quota (/proc/key-users), shared with every program of the user: a
    /// session costs a key of about a hundred bytes (the pair is sealed in a file), and a full
    /// quota refuses the next login's.
    private func kernelQuota(prefix: String) -> DoctorCheck {
        guard let quota = KernelKeyQuota.current() else { return .pass(prefix + "kernel quota", "/proc/key-users not readable") }
        guard quota.bytesLeft >= KernelKeyQuota.enoughForALogin else {
            return .fail(
                prefix + "kernel quota",
                "\(quota.bytesLeft) of \(quota.maxBytes) bytes of your kernel key quota left: the next login's key does not fit",
                fix: "Free some: `keyctl show @u` lists your keys; `authhelper logout --profile NAME` frees a profile you no longer use.",
                status: 69)
        }
        return .pass(prefix + "kernel quota", "\(quota.bytesLeft) of \(quota.maxBytes) bytes left")
    }

    /// For a profile that is not this machine's: the forwarded agent answers for it.
    private func agentSocket(answeringFor name: String) -> DoctorCheck? {
        guard let socket = AgentClient.socket(environment: context.environment, paths: context.paths) else { return nil }
        do {
            let profile = try AgentClient(socketPath: socket, diagnostics: context.diagnostics).describe(
                profile: context.broker.profileChosenExplicitly ? name : nil)
            return .pass("agent", "\(socket) answers for the laptop's profile '\(profile.name)' (\(profile.server))")
        } catch {
            return .fail(
                "agent", "\(socket): \(error.message)",
                fix:
                    """
                    Connect with `authhelper ssh HOST` from the laptop, where `authhelper agent` runs: the socket lives as long as \
                    that connection.
                    """,
                status: error.exitCode)
        }
    }

    /// With `--refresh`: one refresh, as the next expired call would make it.
    private func refreshWorks(_ profile: Profile, prefix: String) -> DoctorCheck {
        do {
            let token = try CredentialBroker(context: context).tokens(for: profile, attendance: .terminal).forceRefresh()
            return .pass(prefix + "refresh", "a refresh works: the new access token is valid until \(Clock.rfc3339(token.expiresAt))")
        } catch {
            return .fail(
                prefix + "refresh", error.message, fix: "Log in again: `authhelper login --profile \(profile.name)`.",
                status: error.exitCode)
        }
    }

    /// kubectl's users that get their token from authhelper, and whether their profile exists.
    private func kubectl(config: Config) -> DoctorCheck {
        guard let view = CommandOutput.run(["kubectl", "config", "view", "-o", "json"]) else {
            return .pass("kubectl", "kubectl is not installed")
        }
        let users = (try? JSONValue.parse(Array(view.stdout.utf8)))?["users"]?.arrayValue ?? []
        var ours: [String] = []
        for user in users {
            guard let exec = user["user"]?["exec"], let command = exec["command"]?.stringValue, command.hasSuffix("authhelper") else {
                continue
            }
            let arguments = exec["args"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let name = user["name"]?.stringValue ?? "?"
            let profile = arguments.firstIndex(of: "--profile").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
            if let profile, config.profile(named: profile) == nil {
                return .fail(
                    "kubectl",
                    "kubectl's user '\(printable(name))' asks authhelper for the profile '\(printable(profile))', which does not exist",
                    fix: "Log in to it: `authhelper login --profile \(printable(profile))`, or change the user's --profile.", status: 77)
            }
            ours.append(name)
        }
        guard !ours.isEmpty else {
            return .pass("kubectl", "no kubectl user gets its token from authhelper (optional: see authhelper-kube-credential(1))")
        }
        return .pass(
            "kubectl",
            """
            kubectl's user\(ours.count == 1 ? "" : "s") \(ours.map { "'\(printable($0))'" }.joined(separator: ", ")) \
            get\(ours.count == 1 ? "s" : "") tokens from authhelper
            """
        )
    }

    /// `$XDG_RUNTIME_DIR/authhelper`: the warm path's cache lives there.
    private func runtimeFolder() -> DoctorCheck {
        guard let folder = context.paths.runtimeDirectory else {
            // Only advice that works when followed: an exported path that does not exist would
            // only move the failure (logind makes /run/user/UID, nobody else should).
            let why = context.paths.runtimeDirectoryProblem ?? "$XDG_RUNTIME_DIR is not set (or not absolute)"
            if context.paths.runtimeDirectoryIsUntrusted {
                return .fail(
                    "runtime folder", "\(why): the fast path is off, every call reads the store",
                    fix: "Remove it; the next call makes it again, private.", status: 1)
            }
            return .fail(
                "runtime folder", "\(why): the fast path is off, every call reads the store",
                fix: """
                    `loginctl enable-linger $USER` makes /run/user/$(id -u) at boot and keeps it, and a login session through \
                    PAM then sets $XDG_RUNTIME_DIR to it; until then authhelper works from the store, only slower.
                    """, status: 1)
        }
        var st = stat()
        guard lstat(folder, &st) == 0 else { return .pass("runtime folder", "\(folder) (made by the first call)") }
        guard (st.st_mode & S_IFMT) == S_IFDIR, st.st_uid == getuid(), st.st_mode & 0o077 == 0 else {
            return .fail(
                "runtime folder", "\(folder) is not a private folder of yours", fix: "Remove it; the next call makes it again.", status: 1)
        }
        return .pass("runtime folder", "\(folder), private")
    }

    /// One GET of the server's origin through TLS as the profile verifies it: any HTTP answer
    /// means it is there and its certificate is trusted.
    private func server(of profile: Profile, prefix: String, into checks: inout [DoctorCheck]) -> ServerProbe? {
        let url = (profile.issuer ?? profile.server).description
        let ca = profile.caFile.map { "the profile's ca_file \($0)" } ?? "the system's CAs"
        let probe = ServerProbe.get(url, caFile: profile.caFile, timeout: context.timeoutOverride ?? min(profile.timeout, 10))
        switch probe.outcome {
        case .answered(let status):
            let tls = url.hasPrefix("https://") ? ", TLS verified with \(ca)" : ""
            // Any HTTP answer shows the server is there (its root may well be a 404).
            checks.append(.pass(prefix + "server", "\(url) answers\(tls) (HTTP \(status) there: any answer will do)"))
            return probe
        case .failed(let reason):
            checks.append(
                .fail(
                    prefix + "server", "\(url): \(reason)",
                    fix: probe.tlsFailed
                        ? "If the server uses a private CA, give it: `authhelper login --profile \(profile.name) --ca-file PATH`."
                        : "Check the URL, your network and proxy settings; is the server running?", status: 69))
            return nil
        }
    }

    /// The server's `Date` against this machine's clock.
    private func clock(_ probe: ServerProbe, prefix: String) -> DoctorCheck {
        let serverTime: Int64
        switch probe.date {
        case .absent: return .pass(prefix + "clock", "the server sent no Date to compare with")
        case .unreadable(let text):
            return .fail(
                prefix + "clock", "the server's Date header is not an HTTP date: '\(printable(text))'",
                fix: "The clock cannot be compared; ask the server's operator about its Date header.", status: 65)
        case .seconds(let seconds): serverTime = seconds
        }
        // Both times are within years 1-9999 (HTTPDate), so neither the difference nor abs traps.
        let skew = Clock.now() - serverTime
        guard abs(skew) <= Self.clockToleranceSeconds else {
            return .fail(
                prefix + "clock", "this machine's clock is \(abs(skew)) s \(skew > 0 ? "ahead of" : "behind") the server's",
                fix: "Set the clock right (timedatectl set-ntp true): tokens would look expired or not yet valid.", status: 1)
        }
        return .pass(prefix + "clock", "within \(abs(skew)) s of the server's")
    }

    /// An issuer still names the token endpoint the profile recorded.
    private func discovery(_ issuer: ServerURL, of profile: Profile, prefix: String) -> DoctorCheck {
        do {
            let metadata = try context.broker.discovery(for: profile).discover(issuer, allowInsecureHTTP: profile.allowInsecureHTTP)
            guard profile.tokenURL == nil || metadata.tokenEndpoint == profile.tokenURL else {
                return .fail(
                    prefix + "discovery", "the issuer now names \(metadata.tokenEndpoint), not the recorded \(profile.tokenURL!)",
                    fix: "Log in again to record it: `authhelper login --profile \(profile.name)`.", status: 78)
            }
            return .pass(prefix + "discovery", "\(issuer) still names \(metadata.tokenEndpoint)")
        } catch {
            return .fail(prefix + "discovery", error.message, fix: "Check the issuer URL in the profile.", status: error.exitCode)
        }
    }

    /// The session: logged in, and when its access token expires.
    private func token(_ session: StoredSession?, prefix: String) -> DoctorCheck {
        guard let session else {
            return .fail(prefix + "session", "not logged in", fix: "Run `authhelper login`.", status: 77)
        }
        let refresh = session.refreshToken != nil ? "a refresh token is held" : "no refresh token (the session ends with its access token)"
        guard let access = session.access else { return .pass(prefix + "session", "logged in; \(refresh)") }
        let now = Clock.now()
        let state = access.expiresAt > now ? "valid until \(Clock.rfc3339(access.expiresAt))" : "expired (the next call refreshes it)"
        if access.expiresAt <= now, session.refreshToken == nil, session.password == nil {
            return .fail(
                prefix + "session", "the access token has expired and there is no refresh token", fix: "Run `authhelper login`.", status: 77
            )
        }
        return .pass(prefix + "session", "access token \(state); \(refresh)")
    }

    /// git's credential helper for the profile's server.
    private func git(for profile: Profile, prefix: String) -> DoctorCheck {
        let result = CommandOutput.run(["git", "config", "--get-urlmatch", "credential.helper", profile.server.description])
        let helper = result?.stdout.trimmingSpaceAndNewlines ?? ""
        guard result != nil else { return .pass(prefix + "git", "git is not installed") }
        if helper.isEmpty {
            return .pass(
                prefix + "git",
                "no credential helper for \(profile.server) (optional: git config --global credential.\(profile.server).helper authhelper)")
        }
        guard helper.contains("authhelper") else {
            return .fail(
                prefix + "git", "git asks '\(printable(helper))' for \(profile.server), not authhelper",
                fix: "git config --global credential.\(profile.server).helper authhelper", status: 1)
        }
        return .pass(prefix + "git", "git asks authhelper for \(profile.server)")
    }

    /// Every URL git asks authhelper for (`credential.<url>.helper`) that no profile claims: git
    /// would get nothing there ("terminal prompts disabled"), with no word why (#41).
    private func gitHostsNobodyClaims(_ config: Config) -> [DoctorCheck] {
        guard let result = CommandOutput.run(["git", "config", "--get-regexp", #"^credential\..+\.helper$"#]) else { return [] }
        return result.stdout.split(separator: "\n").compactMap { line -> DoctorCheck? in
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[1].contains("authhelper") else { return nil }
            let url = String(parts[0].dropFirst("credential.".count).dropLast(".helper".count))
            guard let request = RequestURL(url), request.scheme == "https" || request.scheme == "http" else { return nil }
            // Without a path, any claim on its origin (the path git sends decides among them).
            let onOrigin = config.profiles.contains { profile in URLClaim.claims(of: profile).contains { $0.0.sameOrigin(as: request) } }
            guard !onOrigin else { return nil }
            return .fail(
                "git \(printable(url))", "git asks authhelper for \(printable(url)), which no profile claims: git gets nothing there",
                fix: """
                    Add it to the also_for of the profile whose tokens it takes (also_for = ["\(printable(url))"]), or log in a profile \
                    for it: `authhelper login --profile NAME --server \(printable(url)) --issuer ISSUER …`.
                    """, status: 1)
        }
    }

    /// docker's, podman's or buildah's config names authhelper for a registry the profile claims.
    private func registryHelper(for registry: RegistryName, prefix: String) -> DoctorCheck {
        let home = context.environment.home
        let files = [
            context.environment["DOCKER_CONFIG"].map { $0 + "/config.json" } ?? home + "/.docker/config.json",
            context.environment["REGISTRY_AUTH_FILE"]
                ?? (context.paths.runtimeDirectory.map { SecureFiles.parentOf($0) + "/containers/auth.json" } ?? ""),
            context.environment.xdg("XDG_CONFIG_HOME", default: ".config") + "/containers/auth.json",
        ]
        for file in files where !file.isEmpty {
            guard case .contents(let bytes) = SecureFiles.read(file, limit: 1 << 20, requirePrivate: false, followSymlink: true),
                let json = try? JSONValue.parse(bytes), let helper = json["credHelpers"]?[registry.description]?.stringValue
            else { continue }
            guard helper == "authhelper" else {
                return .fail(
                    prefix + "registry \(registry)", "\(file) names the helper '\(printable(helper))' for it",
                    fix: "Set \"credHelpers\": {\"\(registry)\": \"authhelper\"} in \(file).", status: 1)
            }
            return .pass(prefix + "registry \(registry)", "\(file) names authhelper")
        }
        return .fail(
            prefix + "registry \(registry)", "no docker or containers auth file names a helper for it",
            fix: "Add \"credHelpers\": {\"\(registry)\": \"authhelper\"} to ~/.docker/config.json (or your auth.json).", status: 1)
    }
}
