"""The mutants as a table: each breaks one rule of the contract (docs/security.md, the man pages,
docs/integrations.md) in the sources, by text, and names the tests that must then fail.
scripts/check-mutants applies them one at a time in its worktree and
runs their tests; `scripts/check-mutants --check` (run by scripts/test) asserts that each edit's
`old` text occurs exactly once in its file and that each named test exists, so a refactor that
moves a rule's code shows here at once, and no generated file needs regenerating.

    python3 scripts/mutants/table.py list [WORD...]    the mutants (NN-name) whose name contains a WORD
    python3 scripts/mutants/table.py check [WORD...]   every edit applies once, every test exists
    python3 scripts/mutants/table.py apply NAME        applies NAME's edits to the tree
    python3 scripts/mutants/table.py rule NAME | tests NAME

When `check` says an `old` text is not found, the sources moved on: fix that text here.
"""
import os
import re
import sys

os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
M = []
def mutant(name, rule, tests, edits):
    M.append((name, rule, tests, edits))

mutant("argv-token", "A password or token never appears in argv.",
  ["CurlWrapperTests/testSecretsAreInNoProcessArgvAndNotInCurlsEnvironment"],
  [("Sources/AuthHelperCore/Integrations/CurlRunner.swift",
    'let exitStatus = try runCurl(["-q", "-K", "/dev/fd/3"] + arguments',
    'let exitStatus = try runCurl(["-q", "-K", "/dev/fd/3", "-H", "Authorization: Bearer \\(authorization.token)"] + arguments')])
mutant("child-environment-token", "A token never leaves the process except on stdout: not in a child's environment.",
  ["CurlWrapperTests/testSecretsAreInNoProcessArgvAndNotInCurlsEnvironment"],
  [("Sources/AuthHelperCore/Integrations/CurlRunner.swift",
    '        let exitStatus = try runCurl(',
    '        setenv("AUTHHELPER_ACCESS_TOKEN", authorization.token, 1)\n        let exitStatus = try runCurl(')])
mutant("verbose-output", "A password or token never appears in verbose output.",
  ["HeaderTests/testVerboseOutputNeverShowsASecret", "SecurityTests/testSecretsAppearOnlyWhereTheContractPutsThem"],
  [("Sources/AuthHelperCore/Context/Diagnostics.swift",
    '            var text = message\n', '            let text = message\n'),
   ("Sources/AuthHelperCore/Context/Diagnostics.swift",
    '''            for secret in secrets where text.contains(secret) {
                text = text.replacing(secret, with: "[redacted]")
            }
''', ''),
   ("Sources/AuthHelperCore/Servers/SeedServer.swift",
    'diagnostics.debug("refresh answered HTTP \\(response.status), \\(response.body.count) bytes")',
    'diagnostics.debug("refresh answered HTTP \\(response.status): \\(String(decoding: response.body, as: UTF8.self))")')])
mutant("error-message", "A password or token never appears in an error message (a failing refresh does not echo the token it sent).",
  ["RefreshTests/testRejectedRefreshTokenExits77WithAdvice"],
  [("Sources/AuthHelperCore/Context/Diagnostics.swift",
    '            var text = message\n', '            let text = message\n'),
   ("Sources/AuthHelperCore/Context/Diagnostics.swift",
    '''            for secret in secrets where text.contains(secret) {
                text = text.replacing(secret, with: "[redacted]")
            }
''', ''),
   ("Sources/AuthHelperCore/Refresh/TokenService.swift",
    "The server rejected the refresh token of profile '\\(profile.name)' (\\(detail))",
    "The server rejected the refresh token \\(spent.refreshToken) of profile '\\(profile.name)' (\\(detail))")])
mutant("config-holds-secret", "A password or token never appears in the config file.",
  ["LoginTests/testClientIDScopeAndClientSecretAreSent"],
  [("Sources/AuthHelperCore/Logins/LoginService.swift",
    '        try ConfigFile.save(config, to: context.paths.configFile)\n',
    '''        try ConfigFile.save(config, to: context.paths.configFile)
        if case .contents(let bytes) = SecureFiles.read(context.paths.configFile, requirePrivate: false) {
            try SecureFiles.writeAtomically(context.paths.configFile, bytes + Array("# client secret: \\(clientSecret ?? "")\\n".utf8), durable: false)
        }
''')])
mutant("plain-http", "http:// servers are refused unless the host is loopback or the profile allows it.",
  ["LoginTests/testMalformedAndInsecureServerURLsExit64BeforeAnyNetworkUse"],
  [("Sources/AuthHelperCore/Profiles/ServerURL.swift",
    'if scheme == "http", !isLoopback, !allowInsecureHTTP {',
    'if scheme == "http", !isLoopback, !allowInsecureHTTP, false {')])
mutant("tls-verification-off", "TLS verification is always on; a profile may name a ca_file.",
  ["TLSTests/testSelfSignedServerIsRefusedWithoutCAFileAndAcceptedWithIt"],
  [("Sources/AuthHelperCore/HTTP/HTTPClient.swift", 'CURLOPT_SSL_VERIFYPEER, 1)', 'CURLOPT_SSL_VERIFYPEER, 0)'),
   ("Sources/AuthHelperCore/HTTP/HTTPClient.swift", 'CURLOPT_SSL_VERIFYHOST, 2)', 'CURLOPT_SSL_VERIFYHOST, 0)')])
mutant("redirect-followed", "Redirects are not followed on login or refresh.",
  ["FaultTests/testRefreshFaultsMapToExitCodesAndKeepTheSession"],
  [("Sources/AuthHelperCore/HTTP/HTTPClient.swift", 'CURLOPT_FOLLOWLOCATION, 0)', 'CURLOPT_FOLLOWLOCATION, 1)')])
mutant("file-mode", "Files the tool creates are 0600.",
  ["LoginTests/testLoginStoresRefreshTokenInKeyringAndProfileInConfig", "StoreTests/testFileStoreWorksWithoutAKeyringAndWarns",
   "SecureFilesTests/testAFileIsWrittenPrivateAndAtomicallyAndItsFingerprintIsTheFileRead"],
  [("Sources/WarmPath/Files/SecureFiles.swift",
    'let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)',
    'let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)')])
mutant("folder-mode", "Folders the tool creates are 0700 (and its runtime folder is kept so).",
  ["LoginTests/testLoginStoresRefreshTokenInKeyringAndProfileInConfig", "SecurityTests/testRuntimeFolderIsTightenedAndAPlantedLinkRefused",
   "SecureFilesTests/testAFileIsWrittenPrivateAndAtomicallyAndItsFingerprintIsTheFileRead"],
  [("Sources/WarmPath/Files/SecureFiles.swift", '            if mkdir(path, 0o700) != 0, errno != EEXIST {', '            if mkdir(path, 0o755) != 0, errno != EEXIST {'),
   ("Sources/WarmPath/Files/SecureFiles.swift", '        if st.st_mode & 0o077 != 0, chmod(path, 0o700) != 0 {', '        if false, chmod(path, 0o700) != 0 {')])
mutant("refresh-token-in-a-file", "The keyring is the only place the refresh token lives.",
  ["SecurityTests/testSecretsAppearOnlyWhereTheContractPutsThem"],
  [("Sources/AuthHelperCore/Logins/LoginService.swift",
    '        try store.save(session)\n',
    '''        try store.save(session)
        try SecureFiles.ensurePrivateDirectory(context.paths.stateDirectory)
        try SecureFiles.writeAtomically(context.paths.stateDirectory + "/session-backup", Array(session.serialized.utf8), durable: false)
''')])
mutant("cache-mode-unchecked", "The runtime cache is ignored when its owner or mode is wrong.",
  ["SecurityTests/testCacheFileWithWrongModeIsIgnored", "SecureFilesTests/testAFileOthersMayReadOrThatIsNoRegularFileIsNotRead"],
  [("Sources/WarmPath/Files/SecureFiles.swift",
    '            guard st.st_mode & 0o077 == 0 else { return .untrusted("\\(path) is readable by others") }\n', '')])
mutant("cache-symlink-followed", "A symlink planted where the runtime cache should be is not followed.",
  ["SecurityTests/testSymlinkPlantedAsRuntimeCacheIsNotFollowed", "SecureFilesTests/testALinkIsNeitherWrittenThroughNorFollowed"],
  [("Sources/WarmPath/Files/SecureFiles.swift",
    'let flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (followSymlink ? 0 : O_NOFOLLOW)', 'let flags = O_RDONLY | O_CLOEXEC')])
mutant("silent-file-fallback", "No Secret Service: a clear failure, never a silent fallback to a file.",
  ["StoreTests/testHeaderWithoutSecretServiceExits69AndDeletesNothing"],
  [("Sources/AuthHelperCore/Context/OutsideWorld.swift",
    '            case .keyring: SecretServiceStore(profile: profile, mayPrompt: mayPrompt)\n',
    '''            case .keyring:
            { () -> Bool in do { _ = try SecretServiceStore(profile: profile, mayPrompt: false).probe(); return true } catch { return false } }()
                ? SecretServiceStore(profile: profile, mayPrompt: false) : FileSecretStore(profile: profile, paths: paths)
''')])
mutant("failure-deletes-session", "A failure never deletes a refresh token that might still be good.",
  ["RefreshTests/testServerErrorOnRefreshExits75AndKeepsTheSession"],
  [("Sources/AuthHelperCore/Refresh/TokenService.swift",
    '''            let result = try broker.tokenServer(for: target.profile, rediscovery: rediscovery, courier: courier).refresh(
                spent, for: target.audience)
''',
    '''            let result: RefreshResult
            do { result = try broker.tokenServer(for: target.profile, rediscovery: rediscovery, courier: courier).refresh(spent, for: target.audience) } catch { _ = try? store.delete(); throw error }
''')])
mutant("changed-session-deleted", "A rejected refresh token is re-checked: nothing that changed under it is deleted.",
  ["RotatedMeanwhileTests/testAPairStoredByALoginMeanwhileIsUsedNotDeleted"],
  [("Sources/AuthHelperCore/Refresh/TokenService.swift",
    '        let stored = try store.load()\n',
    '        let stored = try store.load()\n        if let stored { _ = retire(rejected: stored, profile: profile, store: store) }\n')])
mutant("no-reread-under-lock", "Two processes never spend the same refresh token: re-read the store under the lock.",
  ["RefreshTests/testFiftyConcurrentHeadersOnAnExpiringTokenMakeOneRefresh"],
  [("Sources/AuthHelperCore/Refresh/TokenService.swift",
    '        guard let token = current, token.expiresAt > now else { return nil }\n',
    '        guard false, let token = current, token.expiresAt > now else { return nil }\n')])
mutant("config-warning-dropped", "An existing config readable by others draws a warning.",
  ["SecurityTests/testConfigReadableByOthersDrawsAWarning"],
  [("Sources/AuthHelperCore/Profiles/ConfigFile.swift",
    '                warnings.append(\n                    """\n                    \\(path) can be read by other users',
    '                if false { warnings.append("") }; _ = (\n                    """\n                    \\(path) can be read by other users')])
mutant("user-agent", "The User-Agent names authhelper and its version.",
  ["SecurityTests/testUserAgentNamesAuthhelperAndItsVersion"],
  [("Sources/AuthHelperCore/HTTP/HTTPClient.swift",
    'userAgent: String = "authhelper/\\(AuthHelperVersion.current)"', 'userAgent: String = "curl/7.88.1"')])
# (Not /tmp itself: the folder is made private, and a mutant run as root would close /tmp to everyone.)
mutant("lock-in-shared-tmp", "The lock lives in a per-user 0700 folder, not a shared temp folder.",
  ["LockTests/testAWaiterGivesUpAfterABoundedTimeAndChangesNothing"],
  [("Sources/WarmPath/Files/Paths.swift",
    'RuntimeFolder(path: runtimeDirectory, work: runtimeDirectory ?? stateDirectory)',
    'RuntimeFolder(path: runtimeDirectory, work: "/tmp/authhelper-shared")')])
mutant("lock-owner-unchecked", "The lock is a regular file of this user, opened without following links.",
  ["SecurityTests/testLockThatIsNotARegularFileOfYoursIsRefused"],
  [("Sources/WarmPath/Cache/RuntimeFolder.swift",
    'guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_uid == getuid() else {',
    'guard fstat(fd, &st) == 0 else {')])
mutant("signals-not-held", "SIGINT/SIGTERM between the refresh answer and the store wait for the store.",
  ["SignalTests/testSIGTERMWhileTheNewPairIsStoredWaitsForTheStore"],
  [("Sources/CSignals/csignals.c", '        if (sigaction(held_signals[i], &hold, NULL) == 0) installed[i] = 1;\n', '')])
mutant("secret-in-keyring-label", "Nothing secret in the keyring item's label or attributes (libsecret treats them as public).",
  ["LoginTests/testKeyringItemHasReadableLabelAndPublicAttributesOnly"],
  [("Sources/AuthHelperCore/Storage/SecretServiceStore.swift",
    'ah_secret_store(attributes, item, label, session.serialized,',
    'ah_secret_store(attributes, item, label + " " + (session.refreshToken ?? ""), session.serialized,')])
mutant("unlock-dialog-without-terminal", "A locked keyring asks to unlock only when interactive and fails cleanly when not.",
  ["KeyringFaultTests/testLockedKeyringAsksToUnlockOnlyWhenSomeoneIsAtATerminal"],
  [("Sources/AuthHelperCore/Context/OutsideWorld.swift",
    'SecretServiceStore(profile: profile, mayPrompt: mayPrompt)',
    'SecretServiceStore(profile: profile, mayPrompt: true)')])
mutant("signals-masked-per-thread", "SIGINT/SIGTERM between the refresh answer and the store wait for the store (in every thread).",
  ["SignalTests/testSIGTERMWhileTheNewPairIsStoredWaitsForTheStore"],
  [("Sources/CSignals/csignals.c",
    '        if (sigaction(held_signals[i], &hold, NULL) == 0) installed[i] = 1;\n',
    '        sigset_t one;\n        sigemptyset(&one);\n        sigaddset(&one, held_signals[i]);\n        if (pthread_sigmask(SIG_BLOCK, &one, NULL) == 0) installed[i] = 0;\n'),
   ("Sources/CSignals/csignals.c",
    '#include <unistd.h>\n', '#include <unistd.h>\n#include <pthread.h>\n')])

# Issue 11: --min-ttl keeps its promise; the command line has one layout.
mutant("min-ttl-capped", "An explicit --min-ttl is a promise: never capped at half the token's lifetime.",
  ["MinTTLTests/testAnExplicitMinTTLWithinTheLifetimeIsKeptByARefresh", "TokenServiceTests/testAnExplicitMinTTLBeyondTheCachedTokensRemainingTimeRefreshes"],
  [("Sources/WarmPath/Cache/Freshness.swift",
    '        case .atLeast(let seconds): seconds\n',
    '        case .atLeast(let seconds): min(seconds, token.lifetime / 2)\n')])
mutant("min-ttl-silent", "When even a fresh token cannot keep an explicit --min-ttl, one warning names the server's lifetime.",
  ["MinTTLTests/testAPromiseBeyondTheLifetimePrintsAFreshTokenWithOneWarningOnEveryPath"],
  [("Sources/AuthHelperCore/Refresh/TokenService.swift",
    '        guard remaining < seconds else { return }\n',
    '        guard remaining < seconds, false else { return }\n')])
mutant("global-options-not-moved", "Global options work before the command name.",
  ["CommandLineTests/testGlobalOptionsWorkBeforeAndAfterTheCommandOnTheFastPath", "CommandLineTests/testCurlTakesEveryGlobalOptionAsItsOwnAndHandsTheRestToCurl"],
  [("Sources/authhelper-full/AuthHelper.swift",
    '            arguments = try CommandLineLayout.normalized(arguments)\n',
    '            _ = try CommandLineLayout.normalized(arguments)\n')])
mutant("conflicting-options-accepted", "An option given twice with different values is a usage error (64).",
  ["CommandLineTests/testAnOptionGivenTwiceWithDifferentValuesIsAUsageError"],
  [("Sources/authhelper-full/CommandLineLayout.swift",
    '            if let earlier = seen[occurrence.spec.key], earlier != value {\n',
    '            if let earlier = seen[occurrence.spec.key], earlier != value, false {\n')])

# Issue 12: hostile inputs, round two.
mutant("curl-token-to-any-url", "authhelper curl sends the token only to the profile's server and its also_for origins.",
  ["CurlTokenScopeIntegrationTests/testAURLOutsideTheProfilesOriginsIsRefusedBeforeAnythingRuns", "CurlTokenScopeTests/testOnlyTheProfilesOriginsGetTheToken"],
  [("Sources/AuthHelperCore/Integrations/CurlTokenScope.swift",
    '            guard let url = RequestURL(text), admits(url) else {\n',
    '            guard let url = RequestURL(text), admits(url) || true else {\n')])
mutant("curl-retry-after-redirect", "authhelper curl retries only when the first response is a 401 from the profile's server.",
  ["CurlTokenScopeIntegrationTests/testA401AfterARedirectIsNotRetried",
   "ResponseHeadTests/testTheFirstFinalResponseCountsNotAnInterimOneOrARedirectsTarget"],
  [("Sources/AuthHelperCore/HTTP/ResponseHead.swift",
    '            } else if status != nil, line.isEmpty {\n                break  // the end of the first final response\'s headers\n',
    '            } else if status != nil, line.isEmpty {\n')])
mutant("curl-replays-stdin", "A body that cannot be read twice (stdin by any name, a FIFO) turns the retry off.",
  ["CurlTokenScopeIntegrationTests/testBodiesReadFromStdinByAnyNameAreNotReplayed", "CurlArgumentsTests/testStdinByAnyNameIsNotReplayable"],
  [("Sources/AuthHelperCore/Integrations/CurlArguments.swift",
    '            guard path != "-", path != ".", !Self.namesADescriptor(path) else { return false }\n',
    '            guard path != "-" else { return false }\n')])
mutant("signals-free-in-flight", "Signals are held from the moment a refresh request is handed to libcurl, not only from its answer.",
  ["SignalTests/testSIGINTWhileTheRequestIsInFlightIsHeldUntilThePairIsStored", "SignalTests/testSIGTERMWhileTheRequestIsInFlightIsHeldUntilThePairIsStored"],
  [("Sources/AuthHelperCore/Refresh/TokenService.swift",
    '            signals.begin()\n            let result',
    '            let result'),
   ("Sources/AuthHelperCore/Refresh/TokenService.swift",
    '            signals.answered()\n',
    '            signals.begin()\n            signals.answered()\n')])
mutant("second-signal-ignored", "A second Ctrl-C during a held refresh abandons at once and says the session may be lost.",
  ["SignalTests/testASecondSIGINTAbandonsAtOnceAndSaysTheSessionMayBeLost"],
  [("Sources/CSignals/csignals.c",
    '        if (arrivals == 1) {\n',
    '        if (arrivals >= 1) {\n')])
mutant("fifo-opened-blocking", "Every file authhelper reads is opened without blocking and checked before a byte is read.",
  ["HostileFileTests/testAFIFOPlantedAsTheRuntimeCacheIsRefusedNotWaitedOn", "HostileFileTests/testAFIFOGivenAsTheConfigFileExits78"],
  [("Sources/WarmPath/Files/SecureFiles.swift",
    'let flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (followSymlink ? 0 : O_NOFOLLOW)',
    'let flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | (followSymlink ? 0 : O_NOFOLLOW)')])
mutant("jwt-exp-unbounded", "A JWT exp obeys the same bound as expires_in (at most 366 days ahead).",
  ["JWTExpiryTests/testAnExpInMillisecondsIsIgnoredSoEveryConsumerRefreshes", "TokenResponseTests/testAJWTExpBeyondAYearIsIgnoredAsIfAbsent"],
  [("Sources/AuthHelperCore/Servers/TokenResponse.swift",
    'let exp = JWT.expiry(of: access), exp - receivedAt <= Int64(maxLifetime) {',
    'let exp = JWT.expiry(of: access) {')])
mutant("git-path-dot-segments", "Paths from git are normalised before the prefix match; a path that climbs out gets no answer.",
  ["GitCredentialTests/testPathPrefixMustMatchWhenGitSendsAPath", "URLPathTests/testPrefixHoldsOnlyPathsThatStayUnderIt"],
  [("Sources/AuthHelperCore/Integrations/URLPath.swift",
    '        let normal = normalized(path)\n',
    '        let normal = path\n')])
mutant("redaction-of-words", "Redaction replaces only tokens: an ordinary word (a password equal to the user name) is never masked.",
  ["LoginTests/testAPasswordThatIsAnOrdinaryWordIsNotGivenAwayByRedaction", "DiagnosticsTests/testTokensAreRedactedButOrdinaryWordsNever"],
  [("Sources/AuthHelperCore/Context/Diagnostics.swift",
    '        value.unicodeScalars.count >= 16 && Set(value.unicodeScalars).count >= 8\n',
    '        value.unicodeScalars.count >= 4\n'),
   ("Sources/AuthHelperCore/Servers/SeedServer.swift",
    '        var fields = [("grant_type", "password"), ("username", profile.username), ("password", password)]\n',
    '        diagnostics.registerToken(password)\n        var fields = [("grant_type", "password"), ("username", profile.username), ("password", password)]\n')])
mutant("c1-and-bidi-shown", "One printable filter: C0, DEL, C1 and bidirectional controls are escaped in everything shown.",
  ["HostileServerTextTests/testC1AndBidirectionalControlsFromTheServerAreEscaped", "PrintableTests/testC1ControlsAreEscaped", "PrintableTests/testBidirectionalControlsAreEscaped"],
  [("Sources/WarmPath/Text/Printable.swift",
    '        case 0x00...0x1F, 0x7F...0x9F: true\n        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true\n',
    '        case 0x00...0x1F, 0x7F: true\n')])
mutant("config-error-raw", "Config errors quote the offending bytes through the printable filter, cut to a short excerpt.",
  ["HostileFileTests/testAnEnvironmentReadAsAConfigIsNotEchoed", "HostileFileTests/testConfigErrorsShowNoRawControlCharacters"],
  [("Sources/AuthHelperCore/ConfigSyntax/TOMLDocument.swift",
    '    static func excerpt(_ text: String) -> String { printable(text, limit: 24) }\n',
    '    static func excerpt(_ text: String) -> String { text }\n')])
mutant("curl-config-unquoted", "Values written into curl's config are quoted by curl's rules; a control character never ends a line.",
  ["CurlTokenScopeIntegrationTests/testANewlineInTheRuntimeFolderAddsNoCurlOption"],
  [("Sources/AuthHelperCore/Integrations/CurlRunner.swift",
    '            case "\\n": out += "\\\\n"\n',
    '            case "\\n": out += "\\n"\n'),
   ("Sources/WarmPath/Files/Paths.swift",
    '            !runtime.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })\n',
    '            true\n')])

# Issue 13: any OAuth 2.0 server.
mutant("issuer-unchecked", "Discovery uses a metadata document only when its issuer is the one asked for.",
  ["DjangoOAuthToolkitPasswordLoginTests/testAnIssuerThatIsNotTheOneAskedForIsRefused", "DiscoveryTests/testTheIssuerMustBeTheOneAskedFor"],
  [("Sources/AuthHelperCore/Servers/Discovery.swift",
    '        guard Self.sameIssuer(issuer, expectedIssuer.description) else {\n',
    '        guard Self.sameIssuer(issuer, expectedIssuer.description) || true else {\n')])
mutant("non-rotating-refresh-lost", "A refresh answer without a refresh token keeps the old one (servers that do not rotate).",
  ["DjangoOAuthToolkitPasswordLoginTests/testANonRotatingServerKeepsTheRefreshTokenAcrossManyRefreshes", "OAuth2ServerUnitTests/testAnAnswerWithoutARefreshTokenKeepsTheOldOne"],
  [("Sources/AuthHelperCore/Storage/StoredSession.swift",
    '            refreshToken: grant.refreshToken ?? previous?.refreshToken, clientSecret: clientSecret,\n',
    '            refreshToken: grant.refreshToken, clientSecret: clientSecret,\n')])
mutant("logout-does-not-revoke", "Logout revokes the refresh token, then the access token, where the server has a revocation endpoint.",
  ["DjangoOAuthToolkitPasswordLoginTests/testLogoutRevokesSoTheRefreshTokenNoLongerRefreshes"],
  [("Sources/AuthHelperCore/Accounts/AccountService.swift",
    '        guard server.canRevoke else {',
    '        guard server.canRevoke, false else {')])
mutant("logout-local-revokes", "logout --local sends nothing to the server.",
  ["DjangoOAuthToolkitPasswordLoginTests/testLogoutLocalSendsNothingAndAReplacedSessionIsRevoked"],
  [("Sources/AuthHelperCore/Accounts/AccountService.swift",
    '        guard !local else { return .notAsked }\n', '')])
mutant("invalid-client-ends-session", "invalid_client/unauthorized_client is 77 naming the client ID, and the session is kept.",
  ["OAuth2ServerUnitTests/testErrorAnswersMapOntoTheContract"],
  [("Sources/AuthHelperCore/Servers/OAuth2Server.swift",
    '            case "invalid_client", "unauthorized_client": throw OAuthError.clientRefused(profile.clientID, error, stored: true)\n',
    '            case "invalid_client", "unauthorized_client": return .rejected(detail: error.summary)\n')])
mutant("client-secret-in-the-body-by-default", "With a client secret, client_secret_basic is the default; the form body only when that is all the server supports.",
  ["OAuth2ServerUnitTests/testTheRefreshGrantWithHTTPBasicByDefault", "DjangoOAuthToolkitPasswordLoginTests/testPasswordLoginWithEachClientAuthenticationMethod"],
  [("Sources/AuthHelperCore/Servers/ClientAuthentication.swift",
    '        let basicOK = supported.isEmpty || supported.contains("client_secret_basic")\n',
    '        let basicOK = supported.isEmpty\n')])
mutant("no-refresh-token-dead-at-once", "A session without a refresh token serves its access token until it expires.",
  ["FastAPIUsersTests/testALoginWithoutARefreshTokenServesUntilTheTokenExpiresThenAsksForALogin"],
  [("Sources/AuthHelperCore/Refresh/TokenService.swift",
    '        if let token = session.access, token.expiresAt > context.clock.now() {\n',
    '        if let token = session.access, token.expiresAt > context.clock.now(), false {\n')])
mutant("remembered-password-unused", "With remember_password, an ended session logs in again by itself.",
  ["FastAPIUsersTests/testRememberPasswordLogsInAgainByItselfWhenTheSessionEnds"],
  [("Sources/AuthHelperCore/Refresh/TokenService.swift",
    '        if let remembered = session.password {\n',
    '        if let remembered = session.password, false {\n')])

# Issue 14: every kind of Linux machine, any program.
mutant("kernel-key-readable-by-all", "The kernel key is for its possessor and this user only.",
  ["KernelKeyringTests/testWithoutASecretServiceTheSessionGoesToTheKernelKeyringAndWorks"],
  [("Sources/CKeyring/ckeyring.c", '#define AH_KEY_PERMISSIONS 0x3f3f0000\n', '#define AH_KEY_PERMISSIONS 0x3f3f3f3f\n')])
mutant("locked-keyring-falls-back", "A locked Secret Service is not an absent one: 69, never a fallback to the kernel keyring.",
  ["KernelKeyringTests/testALockedSecretServiceNeverFallsBackToTheKernel"],
  [("Sources/AuthHelperCore/Storage/SecretServiceStore.swift",
    '        return status != AH_SECRET_UNAVAILABLE && status != AH_SECRET_NO_LIBRARY\n',
    '        return status != AH_SECRET_UNAVAILABLE && status != AH_SECRET_NO_LIBRARY && status != AH_SECRET_LOCKED\n'),
   ("Sources/CLibSecret/clibsecret.c",
    '            if (p_secret_collection_get_locked(collection)) status = AH_SECRET_LOCKED;\n',
    '')])
mutant("seccomp-refusal-unexplained", "Where the kernel refuses keyctl, the error names that cause and the choices left.",
  ["KernelKeyringTests/testAKernelThatRefusesKeyctlIsNamedWithTheChoicesLeft"],
  [("Sources/AuthHelperCore/Storage/KernelKeyringStore.swift",
    '        if code == EPERM || code == ENOSYS || code == EACCES {\n',
    '        if false {\n')])
mutant("exec-token-in-argv", "authhelper exec never puts the token in argv.",
  ["ExecTests/testTheTokenIsInTheEnvironmentAndTheStatusIsTheProgramsOwn"],
  [("Sources/WarmPath/Replies/ExecEnvironment.swift",
    '        var argv = ProcessArguments.cStrings(for: command)\n',
    '        var argv = ProcessArguments.cStrings(for: command)\n        argv.insert(strdup(accessToken), at: argv.count - 1)\n')])
mutant("exec-token-file-left-behind", "The token file is removed when the program ends.",
  ["ExecTests/testTheTokenFileStaysValidForLongerThanTwoTokenLifetimes", "ExecTests/testSignalsToTheParentReachTheProgramAndTheFileIsRemoved"],
  [("Sources/AuthHelperCore/Integrations/TokenFileKeeper.swift", '        defer { try? folder.remove(tokenFile) }\n', '')])
mutant("exec-signals-not-forwarded", "Signals sent to authhelper exec --token-file reach the program.",
  ["ExecTests/testSignalsToTheParentReachTheProgramAndTheFileIsRemoved"],
  [("Sources/AuthHelperCore/Integrations/TokenFileKeeper.swift", '        ah_signals_forward_to(child)\n', '')])

mutant("keepassxc-replace-item", "An existing keyring item gets its new secret through Item.SetSecret, not CreateItem(replace) (KeePassXC's hidden dialog).",
  ["KeePassXCTests/testLoginHeaderRefreshStatusAndLogoutWork"],
  [("Sources/CLibSecret/clibsecret.c",
    '    const char *path = item_path_for(item, attributes);\n',
    '    const char *path = NULL;\n'),
   ("Sources/CLibSecret/clibsecret.c",
    '        if (path) {\n            stored = replace_secret_with_libsecret(',
    '        if (path && 0) {\n            stored = replace_secret_with_libsecret(')])

# Logins in a browser: device code (RFC 8628) and authorization code with PKCE (RFC 7636, 8252).
mutant("device-prompt-on-stdout", "A device login's instructions never go to stdout (the product).",
  ["DeviceLoginIntegrationTests/testADeviceLoginShowsTheAddressOnStderrPollsAndKeepsARefreshableSession"],
  [("Sources/AuthHelperCore/Logins/DeviceLogin.swift",
    '        context.tell(instructions(for: authorization))\n',
    '        print(instructions(for: authorization))\n')])
mutant("device-slow-down-ignored", "After slow_down the device login polls 5 seconds less often (RFC 8628 §3.5).",
  ["DeviceLoginTests/testPendingKeepsWaitingSlowDownAddsFiveSecondsAndTheGrantIsStored",
   "DeviceLoginIntegrationTests/testAuthorizationPendingKeepsWaitingAndSlowDownAddsFiveSeconds"],
  [("Sources/AuthHelperCore/Logins/DeviceLogin.swift", '                interval += 5\n', '                interval += 0\n')])
mutant("device-expiry-ignored", "A device login stops when its code expires (75).",
  ["DeviceLoginTests/testTheLoopStopsAtExpiresInWith75", "DeviceLoginIntegrationTests/testTheClientStopsAtExpiresInWhenNobodyAnswers"],
  [("Sources/AuthHelperCore/Logins/DeviceLogin.swift",
    '            guard context.clock.now() < deadline else { throw expired(authorization) }\n', '')])
mutant("device-denied-not-77", "A declined device login exits 77.",
  ["DeviceLoginTests/testAccessDeniedIs77AndTheDefaultIntervalIsFive", "DeviceLoginIntegrationTests/testAccessDeniedExits77AndStoresNothing"],
  [("Sources/AuthHelperCore/Logins/DeviceLogin.swift",
    '                throw .notPermitted("The login was declined in the browser (access_denied); nothing was stored.")',
    '                throw .temporary("The login was declined in the browser (access_denied); nothing was stored.")')])
mutant("browser-state-unchecked", "A browser login's answer must carry this login's state.",
  ["BrowserLoginTests/testAnAnswerWithAnotherLoginsStateIsNeverRedeemedAndTheLoginWaitsOn", "BrowserLoginTests/testForgedCallbacksDoNotEndTheLogin"],
  [("Sources/AuthHelperCore/Logins/BrowserLogin.swift",
    '        fields.last(where: { $0.0 == "state" })?.1 == state\n', '        true\n')])
mutant("browser-iss-unchecked", "A browser login's answer from another issuer is refused (RFC 9207).",
  ["BrowserLoginTests/testAnAnswerFromAnotherIssuerIsRefused"],
  [("Sources/AuthHelperCore/Logins/BrowserLogin.swift",
    '        if let iss = field("iss"), let issuer = server.profile.issuer, !ServerMetadata.sameIssuer(iss, issuer.description) {',
    '        if let iss = field("iss"), let issuer = server.profile.issuer, iss.isEmpty, !ServerMetadata.sameIssuer(iss, issuer.description) {')])
mutant("browser-pkce-plain", "The browser login sends the S256 challenge, never the verifier itself.",
  ["BrowserLoginTests/testABrowserLoginThroughBROWSERKeepsARefreshableSessionAndLeaksNoSecret",
   "DjangoOAuthToolkitDeviceAndBrowserLoginTests/testTheNoBrowserAddressFollowedAndConsentedRedirectsToTheListener"],
  [("Sources/AuthHelperCore/Logins/BrowserLogin.swift",
    'redirectURI: redirectURI, state: state, challenge: pkce.challenge, nonce: nonce)',
    'redirectURI: redirectURI, state: state, challenge: pkce.verifier, nonce: nonce)')])
mutant("browser-listener-all-interfaces", "The redirect listener is on 127.0.0.1 only (RFC 8252 §8.3).",
  ["BrowserLoginTests/testTheListenerIsBoundToLoopbackOnly"],
  [("Sources/AuthHelperCore/Logins/LoopbackListener.swift",
    '        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian\n', '        address.sin_addr.s_addr = 0\n')])
mutant("browser-secrets-in-verbose", "The authorization code and the PKCE verifier never appear in -v output.",
  ["BrowserLoginTests/testABrowserLoginThroughBROWSERKeepsARefreshableSessionAndLeaksNoSecret"],
  [("Sources/AuthHelperCore/Logins/BrowserLogin.swift",
    '        return try server.redeem(code: code, verifier: pkce.verifier, redirectURI: redirectURI, clientSecret: clientSecret, nonce: nonce)\n',
    '        StandardError.write("code \\(code) verifier \\(pkce.verifier)\\n")\n        return try server.redeem(code: code, verifier: pkce.verifier, redirectURI: redirectURI, clientSecret: clientSecret, nonce: nonce)\n')])
mutant("relogin-asks-password", "An ended session is renewed with the grant the profile logged in with, not a password prompt.",
  ["BrowserLoginTests/testAnEndedSessionAtATerminalLogsInAgainInTheBrowser",
   "DeviceLoginTests/testPendingKeepsWaitingSlowDownAddsFiveSecondsAndTheGrantIsStored"],
  [("Sources/AuthHelperCore/Refresh/TokenService.swift", '        } else if profile.grant.usesAuthorizationServer {\n', '        } else if false {\n')])
mutant("kube-device-needs-terminal", "kube-credential with interactive: true runs the device login with its prompt on stderr, terminal or not.",
  ["DeviceLoginIntegrationTests/testKubeCredentialRunsTheDeviceGrantWithItsPromptOnStderrWhenInteractive"],
  [("Sources/AuthHelperCore/Context/AuthContext.swift",
    '        case .device: promptAllowed && (noticesOnStderr || prompter.isInteractive)\n',
    '        case .device: mayPrompt\n')])
mutant("keyring-clear-keeps-item-path", "After a session is removed, a re-login stores a new keyring item (not onto the removed item's path).",
  ["DeviceLoginIntegrationTests/testKubeCredentialRunsTheDeviceGrantWithItsPromptOnStderrWhenInteractive",
   "BrowserLoginTests/testAnEndedSessionAtATerminalLogsInAgainInTheBrowser"],
  [("Sources/AuthHelperCore/Storage/SecretServiceStore.swift", '        readItem.replace(with: nil)\n', '')])

# Issue 14, row 3: the cache-off read speaks the Secret Service directly, encrypted as libsecret does.
mutant("keyring-read-through-libsecret", "With the cache off, header reads the keyring in four D-Bus messages (Hello, OpenSession, SearchItems, GetSecret), not through libsecret's proxy.",
  ["SecretBusTests/testACacheOffHeaderIsFourMessagesAndTheSecretCrossesTheBusEncrypted"],
  [("Sources/CLibSecret/secret_bus.c",
    '    *item_path = NULL;\n    if (open_session(',
    '    *item_path = NULL;\n    return BUS_UNSETTLED;\n    if (open_session(')])
mutant("keyring-secret-in-the-clear", "The secret crosses the bus encrypted (dh-ietf1024-sha256-aes128-cbc-pkcs7), never in a plain session.",
  ["SecretBusTests/testACacheOffHeaderIsFourMessagesAndTheSecretCrossesTheBusEncrypted"],
  [("Sources/CLibSecret/secret_bus.c",
    'transport_algorithm = "dh-ietf1024-sha256-aes128-cbc-pkcs7";',
    'transport_algorithm = "plain";'),
   ("Sources/CLibSecret/secret_bus.c",
    '    GVariant *input = p_g_variant_new_fixed_array(BUS_TYPE("y"), public_key, public_length, 1);\n',
    '    GVariant *input = p_g_variant_new("s", "");\n'),
   ("Sources/CLibSecret/secret_bus.c",
    '    bus_outcome outcome = BUS_UNSETTLED;\n    if (p_g_variant_is_of_type(output, BUS_TYPE("ay"))) {\n',
    '    bus_outcome outcome = (session_path = strdup(path)) ? BUS_DONE : BUS_UNSETTLED;\n    if (0) {\n'),
   ("Sources/CLibSecret/secret_bus.c",
    '        if (transport_decrypt(session_key, iv, iv_length, cipher, cipher_length, &secret, &plain_length) == TRANSPORT_OK\n',
    '        if ((secret = strndup((const char *) cipher, cipher_length)) && (plain_length = cipher_length)\n')])
mutant("refresh-store-new-session", "The store after a refresh is one Item.SetSecret through the session the read opened.",
  ["SecretBusTests/testTheRefreshStoresWithOneSetSecretThatLibsecretReadsBack"],
  [("Sources/CLibSecret/secret_bus.c",
    '    if (!session_path) return BUS_UNSETTLED;\n',
    '    return BUS_UNSETTLED;\n')])
mutant("dh-leading-zero-accepted", "A shared value whose first byte is zero is refused (its key differs between implementations).",
  ["TransportSessionTests/testASharedValueWithALeadingZeroIsRefused"],
  [("Sources/CCrypto/transport_session.c",
    'if (mpi_to_bytes(shared, shared_bytes, sizeof shared_bytes) == 0 && shared_bytes[0] != 0\n',
    'if (mpi_to_bytes(shared, shared_bytes, sizeof shared_bytes) == 0\n')])
mutant("dh-peer-value-unchecked", "The service's public value must lie in 2 … p−2.",
  ["TransportSessionTests/testAPublicValueOutsideTheGroupIsRefused"],
  [("Sources/CCrypto/transport_session.c",
    '    if (peer_value && p_gcry_mpi_cmp_ui(peer_value, 1) > 0 && p_gcry_mpi_cmp(peer_value, largest) <= 0) {\n',
    '    if (peer_value) {\n')])
mutant("secret-iv-reused", "Every secret sent is encrypted under a fresh random IV.",
  ["TransportSessionTests/testEncryptionPadsUnderAFreshIVAndDecryptsBack"],
  [("Sources/CCrypto/transport_session.c",
    '    if (ah_gcrypt_ready() != 0 || getrandom(iv, TRANSPORT_IV_SIZE, 0) != TRANSPORT_IV_SIZE) return TRANSPORT_REFUSED;\n',
    '    if (ah_gcrypt_ready() != 0) return TRANSPORT_REFUSED;\n    memset(iv, 0, TRANSPORT_IV_SIZE);\n')])
mutant("keyring-error-before-libsecret-crashes", "A keyring failure is reported (exit code and message) even when only the direct calls ran.",
  ["SignalTests/testStoreFailingAfterTheServerRotatedKeepsThePairForTheNextCall"],
  [("Sources/CLibSecret/clibsecret.c",
    '    } else if (p_secret_error_get_quark  // NULL while only the direct calls have run (libsecret not loaded)\n               && error->domain',
    '    } else if (error->domain')])

# Hostile inputs, round three.
mutant("curl-abbreviation-read-as-flag", "authhelper curl refuses an abbreviated or unknown curl option instead of guessing what curl reads.",
  ["CurlArgumentsTests/testUnknownOptionsAbbreviationsAndGluedValuesAreRefusedNamingTheOption",
   "CurlTokenScopeIntegrationTests/testArgumentsCurlReadsDifferentlyAreRefusedAndNothingReachesAnotherOrigin"],
  [("Sources/AuthHelperCore/Integrations/CurlArguments.swift",
    '        let expansions = CurlOptionTable.allNames.filter { $0.hasPrefix(lowered) }\n',
    '        if !lowered.isEmpty { return .flag }\n        let expansions = CurlOptionTable.allNames.filter { $0.hasPrefix(lowered) }\n')])
mutant("curl-proxy-read-as-flag", "Every option of the installed curl is classified as curl reads it (-x/--proxy takes a value).",
  ["CurlOptionTableTests/testEveryOptionOfTheInstalledCurlIsClassified",
   "CurlArgumentsTests/testValuedOptionsTakeTheNextArgumentSoAURLAfterThemIsChecked"],
  [("Sources/AuthHelperCore/Integrations/CurlOptionTable.swift",
    '"pass", "pinnedpubkey", "preproxy", "proto", "proto-default", "proto-redir", "proxy", "proxy-cacert",',
    '"pass", "pinnedpubkey", "preproxy", "proto", "proto-default", "proto-redir", "proxy-cacert",'),
   ("Sources/AuthHelperCore/Integrations/CurlOptionTable.swift",
    '"o": "output", "Z": "parallel", "#": "progress-bar", "x": "proxy",',
    '"o": "output", "Z": "parallel", "#": "progress-bar", "x": "proxytunnel",')])
mutant("curlrc-read", "curl runs with -q first: no .curlrc adds a URL authhelper never checked.",
  ["CurlTokenScopeIntegrationTests/testACurlrcCannotAddAURL"],
  [("Sources/AuthHelperCore/Integrations/CurlRunner.swift",
    'let exitStatus = try runCurl(["-q", "-K", "/dev/fd/3"] + arguments', 'let exitStatus = try runCurl(["-K", "/dev/fd/3"] + arguments')])
mutant("curl-help-with-token", "curl's --help, --manual and --version run without the token (and never skip a check of a request that sends it).",
  ["CurlTokenScopeIntegrationTests/testHelpAndVersionRunCurlWithoutTheToken", "CurlServiceTests/testAnotherOriginIsRefusedBeforeAnyTokenAndVersionNeedsNone"],
  [("Sources/AuthHelperCore/Integrations/CurlService.swift",
    '        if request.printsOnly, request.refusal == nil {',
    '        if false, request.printsOnly, request.refusal == nil {')])
mutant("curl-variable-allowed", "--variable and --expand-* are refused: they build URLs out of authhelper's sight.",
  ["CurlArgumentsTests/testVariablesExpansionsAndRedirectingOptionsAreRefused"],
  [("Sources/AuthHelperCore/Integrations/CurlOptionTable.swift",
    '    static func kind(of name: String) -> CurlOptionKind? {\n',
    '    static func kind(of name: String) -> CurlOptionKind? {\n        if name == "variable" || name.hasPrefix("expand-") { return .valued }\n')])
mutant("loopback-by-prefix", "Loopback is a 127.0.0.0/8 literal, [::1], localhost or *.localhost, never a prefix.",
  ["ServerURLTests/testLoopbackIsDecidedByTheWholeHostNotAPrefix", "HostileServerTextTests/testANameThatLooksLikeLoopbackIsNotLoopback"],
  [("Sources/WarmPath/Names/LoopbackHost.swift",
    'host == "localhost" || host.hasSuffix(".localhost") || host == "[::1]" || isIPv4Loopback(Array(host.utf8))',
    'host == "localhost" || host.hasSuffix(".localhost") || host == "[::1]" || host.hasPrefix("127.")')])
mutant("url-beyond-ascii", "Server and endpoint URLs are printable ASCII: no C1 control or bidirectional override gets in.",
  ["ServerURLTests/testURLsArePrintableASCII", "HostileServerTextTests/testAHostileEndpointInTheMetadataIsRefusedAndNeverPrintedRaw"],
  [("Sources/AuthHelperCore/Profiles/ServerURL.swift",
    'guard text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {',
    'guard text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else {')])
mutant("stderr-unfiltered", "Everything written to stderr or the terminal passes the one printable filter.",
  ["PrintableTests/testEverythingWrittenForAPersonIsEscapedLineByLine"],
  [("Sources/WarmPath/Text/Printable.swift",
    '    guard text.unicodeScalars.contains(where: { $0 != "\\n" && Printable.needsEscape($0) }) else { return text }\n',
    '    return text\n')])
mutant("forged-callback-ends-login", "A callback without this login's state cannot end the browser login.",
  ["BrowserLoginTests/testForgedCallbacksDoNotEndTheLogin", "BrowserLoginTests/testAnAnswerWithAnotherLoginsStateIsNeverRedeemedAndTheLoginWaitsOn"],
  [("Sources/AuthHelperCore/Logins/BrowserLogin.swift",
    '                LoopbackListener.respond(connection, status: "400 Bad Request", page: "This is not an answer to the login authhelper is waiting for.")\n',
    '                LoopbackListener.respond(connection, status: "400 Bad Request", page: "This is not an answer to the login authhelper is waiting for.")\n'
    + '                throw .notPermitted("The browser brought back an answer that is not for this login; nothing was stored.")\n')])
mutant("promised-iss-not-required", "A code without iss is refused when the server's metadata promises iss (RFC 9207).",
  ["BrowserLoginTests/testAnAnswerWithoutIssIsRefusedWhenTheServerPromisesIt"],
  [("Sources/AuthHelperCore/Logins/BrowserLogin.swift",
    'if field("iss") == nil, field("error") == nil, server.profile.requiresIssInAuthorizationResponse {',
    'if field("iss") == nil, field("error") == nil, server.profile.requiresIssInAuthorizationResponse, false {')])
mutant("redirect-port-not-reusable", "A fixed --redirect-port serves logins back to back (SO_REUSEADDR).",
  ["BrowserLoginTests/testAFixedRedirectPortServesThreeLoginsBackToBack"],
  [("Sources/AuthHelperCore/Logins/LoopbackListener.swift",
    '        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))\n', '')])
mutant("client-secret-to-new-issuer", "A stored client secret goes only to the token endpoint origin and client it was given for.",
  ["RepointedProfileTests/testALoginAtAnotherIssuerSendsItNothingOfTheOldSessionAndRevokesThatAtItsOwnServer"],
  [("Sources/AuthHelperCore/Logins/LoginService.swift",
    '        var reusableClientSecret: String? { staysWithTheSameIssuer ? session?.clientSecret : nil }\n',
    '        var reusableClientSecret: String? { session?.clientSecret }\n')])
mutant("replaced-session-revoked-at-new-server", "A replaced session is revoked at its own server, or not at all.",
  ["RepointedProfileTests/testALoginAtAnotherIssuerSendsItNothingOfTheOldSessionAndRevokesThatAtItsOwnServer"],
  [("Sources/AuthHelperCore/Logins/LoginService.swift",
    '            self.revocationProfile = asItWas ?? (staysWithTheSameIssuer ? profile : nil)\n',
    '            self.revocationProfile = profile\n')])
mutant("refresh-token-to-repointed-endpoint", "A session's refresh token is spent only at the token endpoint origin and client that issued it.",
  ["RepointedProfileTests/testAConfigEditedToAnotherTokenEndpointGetsNoRefreshTokenNorARevocation"],
  [("Sources/AuthHelperCore/Refresh/TokenService.swift",
    '        guard let binding = session.binding, !profile.owns(session) else { return }\n',
    '        guard let binding = session.binding, !profile.owns(session), false else { return }\n'),
   ("Sources/AuthHelperCore/Accounts/AccountService.swift",
    '        guard profile.owns(session) else {\n', '        guard true else {\n')])
mutant("exec-handlers-after-spawn", "exec --token-file handles signals from before the spawn: no orphaned program, no token file left.",
  ["ExecTests/testASignalDuringTheSpawnLeavesNoTokenFileAndNoOrphan"],
  [("Sources/AuthHelperCore/Integrations/TokenFileKeeper.swift",
    '        ah_signals_forward_begin()\n        var token = try renew()\n',
    '        var token = try renew()\n'),
   ("Sources/AuthHelperCore/Integrations/TokenFileKeeper.swift",
    '        let child = try spawn(command)\n        ah_signals_forward_to(child)\n',
    '        let child = try spawn(command)\n        ah_signals_forward_begin()\n        ah_signals_forward_to(child)\n')])
mutant("exec-terminal-signal-twice", "A terminal's Ctrl-C held during a refresh reaches the program once, from the terminal.",
  ["ExecTests/testACtrlCHeldDuringARefreshReachesTheProgramOnce"],
  [("Sources/CSignals/csignals.c",
    '        if (forward_child > 0 && only_from_terminal[i]) continue;\n', '')])
mutant("dh-exponent-kept", "The private exponent is wiped when its exchange ends or is abandoned.",
  ["TransportSessionTests/testThePrivateExponentDoesNotOutliveItsExchange"],
  [("Sources/CCrypto/transport_session.c",
    'void transport_abandon(void) {\n    release_wiped(private_exponent);\n    private_exponent = NULL;\n}\n',
    'void transport_abandon(void) {}\n')])
mutant("container-keyring-unexplained", "The kernel keyring's refusal in a container says why (keyrings are not namespaced) and recommends user-namespace remapping.",
  ["KernelKeyringTests/testAKernelThatRefusesKeyctlIsNamedWithTheChoicesLeft"],
  [("Sources/AuthHelperCore/Storage/KernelKeyringStore.swift",
    "do, because keyrings are not namespaced: without user-namespace remapping, a process with your UID in another \\\n                container or on the host reaches the same persistent keyring.",
    "do, for their own reasons.")])

# Identity providers as they are.
mutant("bare-login-refusal-malformed", "A login refused with 400/401/403 and no OAuth body is 77, naming the status.",
  ["ProviderQuirksTests/testARefusedLoginWithoutABodyExits77NamingTheStatusAndSuggestingAScope"],
  [("Sources/AuthHelperCore/Servers/TokenEndpointAnswer.swift",
    '        } else if [400, 401, 403].contains(status) {\n',
    '        } else if [400, 401, 403].contains(status), false {\n')])
mutant("bare-refresh-400-keeps-dead-session", "A refresh refused with 400/401 and no body ends the session (removed, 77).",
  ["ProviderQuirksTests/testARefreshRefusedWithoutABodyEndsTheSessionOn400AndKeepsItOn403"],
  [("Sources/AuthHelperCore/Servers/OAuth2Server.swift",
    '            return .rejected(detail: "HTTP \\(status), without an explanation")\n',
    '            throw .notPermitted("The server refused the refresh (HTTP \\(status)); the session was kept.")\n')])
mutant("ok-error-read-as-grant", "A body with an error member is an OAuth error whatever the status (HTTP 200 included).",
  ["ProviderQuirksTests/testAnOAuthErrorAnsweredWithHTTP200IsReadAsThatError"],
  [("Sources/AuthHelperCore/Servers/TokenEndpointAnswer.swift",
    '        if status == 200 || (400..<500).contains(status), status != 429, let error = OAuthError(response.body) {\n',
    '        if (400..<500).contains(status), status != 429, let error = OAuthError(response.body) {\n')])
mutant("expires-in-string-refused", "expires_in given as a string of digits is accepted.",
  ["ProviderQuirksTests/testExpiresInGivenAsAStringOfDigitsIsAccepted"],
  [("Sources/AuthHelperCore/Servers/TokenResponse.swift",
    '            let number = lifetime.numberValue ?? lifetime.stringValue.flatMap',
    '            let number = lifetime.numberValue ?? String?.none.flatMap')])
mutant("nonce-unchecked", "With openid in the scope a nonce is sent and the id_token's nonce must match.",
  ["ProviderQuirksTests/testANonceIsSentWithOpenIDAndTheIDTokensNonceChecked"],
  [("Sources/AuthHelperCore/Logins/OAuth2Server+InteractiveGrants.swift",
    '                if let nonce { try checkNonce(nonce, in: response.body) }\n', '')])
mutant("offline-access-unsaid", "A session without a refresh token says how to get one when the server offers offline_access.",
  ["ProviderQuirksTests/testASessionWithoutARefreshTokenSaysHowToGetOneWhenTheServerOffersOfflineAccess"],
  [("Sources/AuthHelperCore/Profiles/Profile.swift",
    '        guard offersOfflineAccess, !scopes.contains("offline_access") else { return nil }\n',
    '        guard offersOfflineAccess, !scopes.contains("offline_access"), false else { return nil }\n')])
mutant("client-auth-choice-ignored", "--client-auth chooses how a confidential client authenticates.",
  ["ProviderQuirksTests/testAClientRegisteredForTheBodyIsToldToUseClientAuthPost"],
  [("Sources/AuthHelperCore/Servers/OAuth2Server.swift",
    'ClientAuthentication(clientID: profile.clientID, secret: clientSecret, supported: profile.tokenAuthMethods, chosen: profile.clientAuth)',
    'ClientAuthentication(clientID: profile.clientID, secret: clientSecret, supported: profile.tokenAuthMethods, chosen: nil)')])
mutant("failed-revocation-unsaid", "logout says when the server did not revoke the session.",
  ["ProviderQuirksTests/testLogoutSaysWhenTheServerDidNotRevokeTheSession"],
  [("Sources/AuthHelperCore/Accounts/AccountService.swift",
    '        return session.refreshToken != nil && !revoked.contains("refresh token") ? .refused : .revoked(revoked)\n',
    '        return .revoked(revoked)\n')])
mutant("userinfo-unasked", "A login without a username learns it from the userinfo endpoint.",
  ["ProviderQuirksTests/testADeviceLoginLearnsTheUsersNameFromUserinfo", "OIDCProviderTests/testABrowserLoginOnTheRegisteredPortSendsANonceAndLearnsWhoLoggedIn"],
  [("Sources/AuthHelperCore/Logins/LoginService.swift",
    '        if profile.username.isEmpty, let userinfo = metadata?.userinfoEndpoint,',
    '        if profile.username.isEmpty, false, let userinfo = metadata?.userinfoEndpoint,')])
mutant("param-secret-accepted", "--param never carries a secret (secret-like and reserved names refused).",
  ["ProviderQuirksTests/testExtraParametersAreSentAndRecordedButNeverSecrets"],
  [("Sources/AuthHelperCore/Profiles/RequestParameter.swift",
    '        guard !Self.secretWords.contains(where: { lowered.contains($0) }) else {\n',
    '        guard true else {\n'),
   ("Sources/AuthHelperCore/Profiles/RequestParameter.swift",
    '        guard !Self.reserved.contains(lowered) else {\n',
    '        guard true else {\n')])

mutant("kernel-refresh-needs-quota", "A refresh in the kernel store needs no key quota: it reaches its key by the serial number the sealed file names.",
  ["KernelKeyringQuotaTests/testTenProfilesWithFourKilobyteTokensFitTheQuotaAndRefreshWhenItIsFull"],
  [("Sources/AuthHelperCore/Storage/KernelKeyringStore.swift",
    '        if let sealed = try? readSealedFile(), var key = try key(serial: sealed.serial) {\n            defer { SecretBytes.wipe(&key) }\n            try writeSealedFile(',
    '        if false, let sealed = try? readSealedFile(), var key = try key(serial: sealed.serial) {\n            defer { SecretBytes.wipe(&key) }\n            try writeSealedFile(')])
mutant("kernel-sealed-file-outlives-key", "A sealed session whose key is gone (a reboot) is removed: nothing that can never be opened is left on disk.",
  ["KernelKeyringTests/testANewSessionFindsItAndASimulatedRebootLosesIt"],
  [("Sources/AuthHelperCore/Storage/KernelKeyringStore.swift",
    '            try? SecureFiles.remove(sealedFile)\n            return nil\n', '            return nil\n')])
mutant("kernel-altered-session-removed", "Nothing stored is lost: a sealed session that does not open is left as it is.",
  ["KernelKeyringTests/testASealedFileThatWasAlteredIsRefusedAndLeftAsItIs"],
  [("Sources/AuthHelperCore/Storage/KernelKeyringStore.swift",
    '        guard var document = try Crypto.unseal(file.sealed, key: key, context: Array(description.utf8), for: "The kernel keyring store") else {\n',
    '        guard var document = try Crypto.unseal(file.sealed, key: key, context: Array(description.utf8), for: "The kernel keyring store") else {\n            try? SecureFiles.remove(sealedFile)\n')])

# Issue 23: the token agent forwarded over SSH.
mutant("agent-serves-unforwarded-profile", "The agent serves only profiles with forward = true.",
  ["AgentServiceTests/testOnlyAProfileThatOptedInIsServed", "AgentSSHTests/testRefusalsAreNamed"],
  [("Sources/AuthHelperCore/Broker/ForwardedCredential.swift",
    '        guard profile.forward else {\n', '        guard profile.forward || true else {\n')])
mutant("agent-answer-carries-more", "Only access tokens cross: an answer has no field for a refresh token, client secret or password.",
  ["AgentProtocolTests/testAnAnswerCarriesAnAccessTokenAndTheProfilesNameServerAndAlsoForOnly"],
  [("Sources/AuthHelperCore/Agent/AgentProtocol.swift",
    '                    ("obtained_at", .number(Double(token.obtainedAt))),\n',
    '                    ("obtained_at", .number(Double(token.obtainedAt))), ("refresh_token", .string("")),\n')])
mutant("agent-refresh-per-call", "A remote that asks too often is handed the token just obtained, not a refresh per call.",
  ["AgentServiceTests/testARemoteThatAsksTooOftenGetsTheTokenJustObtainedNotARefreshPerCall"],
  [("Sources/AuthHelperCore/Broker/ForwardedCredential.swift",
    '        let recent = context.clock.now() - current.obtainedAt < Self.forwardingRefreshInterval\n',
    '        let recent = false\n')])
mutant("agent-serves-inline", "A hostile or silent peer cannot hang the agent for others: each connection has a process of its own.",
  ["AgentSSHTests/testHostilePeersCannotHangTheAgentForOthers"],
  [("Sources/AuthHelperCore/Agent/AgentServer.swift",
    '            switch fork() {\n', '            serve(connection)\n            close(connection)\n            switch Int32(-1) {\n')])

mutant("curl-retry-without-refresh", "A 401 from the profile's server is retried once with a refreshed token, not the refused one.",
  ["CurlServiceTests/testA401FromTheProfilesServerRefreshesOnceAndRetriesWithTheNewToken",
   "ResourceLoginTests/testARefusedOrExpiredTokenIsRenewedWithoutTheClientNoticing"],
  [("Sources/AuthHelperCore/Broker/RequestAttempts.swift",
    'accessToken = try target.tokens.forceRefresh(rejected: accessToken, audience: target.audience).accessToken',
    '_ = try target.tokens.forceRefresh(rejected: accessToken, audience: target.audience).accessToken')])
mutant("git-erase-deletes-session", "git's erase drops the cached access token only, never the refresh token.",
  ["GitCredentialServiceTests/testEraseDropsTheAccessTokenOnlyAndStoreAndUnknownOperationsDoNothing"],
  [("Sources/AuthHelperCore/Integrations/GitCredentialService.swift",
    'try call.broker.forget(call.claim, matching: call.request.attributes["credential"] ?? call.request.attributes["password"])',
    'try call.broker.context.store(for: call.claim.profile).delete()')])

def locate(text, old):
    """Where `old` is in `text`: exactly, else with any layout (the formatter may wrap a line
    differently since the mutant was written: whitespace may differ between any two characters).
    Returns (start, end) of the one match, or the number of matches found."""
    if text.count(old) == 1:
        start = text.index(old)
        return start, start + len(old)
    if text.count(old) > 1:
        return text.count(old)
    import re
    core = re.sub(r"\s+", "", old)
    pattern = r"\s*".join(re.escape(c) for c in core)
    # Keep the leading indentation and the trailing newline of `old` out of the flexible part.
    matches = list(re.finditer(pattern, text))
    if len(matches) != 1:
        return len(matches)
    start, end = matches[0].span()
    if old.endswith("\n") and text[end:end + 1] == "\n":
        end += 1
    lead = len(old) - len(old.lstrip())
    if lead and text[start - lead:start] == old[:lead]:
        start -= lead
    return start, end

mutant("kernel-full-quota-after-password", "A first login into the kernel store learns of a full key quota before its password is sent.",
  ["KernelKeyringQuotaTests/testTenProfilesWithFourKilobyteTokensFitTheQuotaAndRefreshWhenItIsFull"],
  [("Sources/AuthHelperCore/Storage/KernelKeyringStore.swift",
    '        if session == nil {\n            var key = try sealingKey(in: try openKeyring())',
    '        if session == nil, false {\n            var key = try sealingKey(in: try openKeyring())')])

# Issue 24: the front answers warm calls with the same rules as authhelper-full, or not at all.
mutant("front-cache-mode-unchecked", "The runtime cache is ignored when its owner or mode is wrong (the front too).",
  ["SecurityTests/testCacheFileWithWrongModeIsIgnored", "FrontTests/testAnEntryTheFrontCannotTrustIsHandedOverAndAuthhelperFullDecides"],
  [("Sources/WarmPath/Files/SecureFiles.swift", "            guard st.st_mode & 0o077 == 0 else {", "            guard true else {")])
mutant("front-cache-symlink-followed", "A symlink planted where the runtime cache should be is not followed (the front too).",
  ["SecurityTests/testSymlinkPlantedAsRuntimeCacheIsNotFollowed", "FrontTests/testAnEntryTheFrontCannotTrustIsHandedOverAndAuthhelperFullDecides"],
  [("Sources/WarmPath/Files/SecureFiles.swift", "O_NOCTTY | (followSymlink ? 0 : O_NOFOLLOW)", "O_NOCTTY")])
mutant("front-fingerprint-unchecked", "An edited config invalidates the cache entry written for the config before it (the front too).",
  ["HeaderTests/testEditedConfigInvalidatesTheFastPath", "FrontTests/testAnEntryTheFrontCannotTrustIsHandedOverAndAuthhelperFullDecides"],
  [("Sources/WarmPath/Cache/RuntimeCache.swift", "return entry.fingerprint == configFingerprint ? .token(entry.token) : .writtenForAnotherConfig",
    "return .token(entry.token)")])
mutant("front-freshness-ignored", "An explicit --min-ttl is a promise; the default margin is kept (the front too).",
  ["RefreshTests/testAnExplicitMinTTLBeyondTheLifetimeRefreshesAndWarnsOnce", "FrontTests/testWhatTheFrontIsNotSureOfGoesToAuthhelperFull"],
  [("Sources/WarmPath/Cache/Freshness.swift", "return remaining > 0 && remaining >= requiredSeconds(of: token)", "return remaining > 0")])
mutant("front-exec-token-kept-from-program", "exec puts the token in the program's environment, replacing an earlier value (the front too).",
  ["ExecTests/testTheTokenIsInTheEnvironmentAndTheStatusIsTheProgramsOwn", "FrontTests/testAWarmHeaderTokenAndExecAreAnsweredByTheFrontAlone"],
  [("Sources/WarmPath/Replies/ExecEnvironment.swift", "        setenv(tokenVariable, accessToken, 1)\n", "        setenv(tokenVariable, accessToken, 0)\n")])
mutant("front-does-not-wait-for-the-refresh", "In a burst on an expired token, the front waits for the refresh under way and answers with its token.",
  ["FrontTests/testAStaleEntryWaitsForTheRefreshUnderWayAndAnswersWithItsToken"],
  [("Sources/WarmPath/Cache/WarmLookup.swift", "        guard let lock = paths.runtimeFolder.location(of: .lock(profile: profile)), waitForRefreshUnderWay(lockFile: lock),",
    "        guard false,")])
mutant("burst-waiters-read-the-store", "In a burst on an expired token, the processes that wait for the lock take the token the refresh cached, without a store round trip each.",
  ["TokenServiceTests/testAWaiterTakesTheTokenAnotherProcessCachedWithoutReadingTheStore"],
  [("Sources/AuthHelperCore/Refresh/TokenService.swift",
    "if target.cacheOn, let token = obtainedMeanwhile(runtimeCacheEntry(target), reason: reason) {",
    "if false, target.cacheOn, let token = obtainedMeanwhile(runtimeCacheEntry(target), reason: reason) {")])

# Issue 25: one login, a token for each API.
mutant("audience-refresh-replaces-own-token", "A token for another API never replaces the profile's own access token in the store.",
  ["AudienceTokenTests/testEachResourceGetsItsOwnCachedTokenFromTheOneSession"],
  [("Sources/AuthHelperCore/Refresh/TokenService.swift", "        if profileDefault {\n            return StoredSession(", "        if true {\n            return StoredSession(")])
mutant("audience-rotation-not-stored", "Every audience's refresh stores the rotated refresh token: N audiences never make the session fork.",
  ["AudienceTokenTests/testTwentyCallersOverThreeResourcesOnAnExpiredSessionMakeOneRefreshChain", "AudienceTokenTests/testEachResourceGetsItsOwnCachedTokenFromTheOneSession"],
  [("Sources/AuthHelperCore/Refresh/TokenService.swift", "        guard let refreshToken = grant.refreshToken else { return nil }\n        var rotated = spent", "        guard false, let refreshToken = grant.refreshToken else { return nil }\n        var rotated = spent")])
mutant("audiences-share-a-cache-entry", "Each (profile, resource, scope) has its own access token in the runtime cache.",
  ["AudienceTokenTests/testEachResourceGetsItsOwnCachedTokenFromTheOneSession", "AudienceTests/testTheSummaryIsTheSameForTheSameResourcesAndScopeWords"],
  [("Sources/WarmPath/Cache/Audience.swift", 'public var cacheSuffix: String { isProfileDefault ? "" : "+" + FNV1a.hex64(summary.utf8) }', 'public var cacheSuffix: String { "" }')])
mutant("invalid-target-ends-session", "A server that does not know a resource (invalid_target) or scope (invalid_scope): exit 64 naming it, nothing stored changes.",
  ["AudienceTokenTests/testAnUnknownResourceOrAWiderScopeIsRefusedAndTheSessionStays"],
  [("Sources/AuthHelperCore/Servers/OAuth2Server.swift", 'case "invalid_target" where !audience.resources.isEmpty, "invalid_scope" where audience.scope != nil:', 'case "invalid_target" where false:')])
mutant("curl-ignores-the-urls-resource", "authhelper curl asks for the token of the URL's origin among the profile's resources without being told.",
  ["AudienceTokenTests/testCurlGitExecAndKubectlUseTheTokenOfTheResourcesOrigin"],
  [("Sources/AuthHelperCore/Broker/RequestTarget.swift",
    "        audience = asked ?? urls.first.flatMap(RequestURL.init).map(profile.audience(for:)) ?? .profileDefault",
    "        audience = asked ?? .profileDefault")])
mutant("front-ignores-the-audience", "A warm call for an audience gets that audience's token, from the front too.",
  ["AudienceTokenTests/testAWarmTokenForAnAudienceIsAnsweredByTheFront"],
  [("Sources/WarmPath/CommandLine/WarmRequest.swift", "        request.audience = audience\n", "")])

# Issue 30: the warm path written once; the front and authhelper-full never answer one line differently.
mutant("front-own-freshness", "Freshness is decided once: an entry whose expiry makes no sense is never a fresh token, in either program.",
  ["FrontDifferentialTests/testTheFrontAndAuthhelperFullAnswerEveryRowAlike", "WarmRequestTests/testFreshnessNeverTrapsOnAbsurdTimes"],
  [("Sources/WarmPath/Cache/CachedToken.swift", "        return overflow ? 0 : max(0, difference)\n    }\n}", "        return overflow ? Int64.max : max(0, difference)\n    }\n}")])
mutant("front-skips-the-audience-check", "The warm grammar refuses what the commands refuse (a --resource with a space), and hands it over.",
  ["FrontDifferentialTests/testTheFrontAndAuthhelperFullAnswerEveryRowAlike", "WarmRequestTests/testWhatTheCommandsWouldRefuseOrReconcileIsLeftToArgumentParser"],
  [("Sources/WarmPath/CommandLine/WarmRequest.swift", "        guard let audience = try? Audience(resources: request.resources, scope: request.scope) else { return nil }",
    "        let audience = (try? Audience(resources: request.resources, scope: request.scope)) ?? .profileDefault")])
mutant("front-waits-on-a-signal", "The front's wait for a refresh under way is bounded whatever the caller's signal mask.",
  ["FrontDifferentialTests/testTheWaitForARefreshIsBoundedWhateverTheSignalMask"],
  [("Sources/WarmPath/Files/FileLockWait.swift", "            guard Clock.monotonicMilliseconds() < deadline else { return .timedOut }\n", "")])
mutant("front-exec-looks-up-the-old-path", "exec looks the program up on the PATH the program will see, in both programs.",
  ["FrontDifferentialTests/testTheFrontAndAuthhelperFullAnswerEveryRowAlike"],
  [("Sources/authhelper/main.swift", "        let failed = ExecEnvironment.replaceProcess(\n            with: request.program,",
    "        if request.tokenVariable == \"PATH\" { return 0 }\n        let failed = ExecEnvironment.replaceProcess(\n            with: request.program,")])

# Issue 31: hostile inputs, round four.
mutant("revocation-endpoint-unbound", "A stored refresh token and client secret go only to the endpoints of the session they were issued with: an edited revocation_url gets nothing.",
  ["RepointedProfileTests/testARevocationEndpointEditedAwayIsSentNothingAndLogoutStillRemovesTheSession"],
  [("Sources/AuthHelperCore/Accounts/AccountService.swift", '            try profile.requireBound("revocation_url", for: session)\n', '            try profile.requireBound("token_url", for: session)\n')])
mutant("device-endpoint-unbound", "A stored client secret goes to the device authorization endpoint it was bound to, no other.",
  ["RepointedProfileTests/testADeviceAuthorizationEndpointEditedAwayGetsNoClientSecret"],
  [("Sources/AuthHelperCore/Logins/LoginService.swift", '            try profile.requireEveryEndpointBound(for: previous)\n', '')])
mutant("refresh-rebinds-the-session", "A refresh keeps the binding of the session it spent: an edited endpoint is not adopted by a refresh.",
  ["RepointedProfileTests/testARevocationEndpointEditedAwayIsSentNothingAndLogoutStillRemovesTheSession"],
  [("Sources/AuthHelperCore/Refresh/TokenService.swift", 'binding: spent.binding ?? profile.sessionBinding', 'binding: profile.sessionBinding')])
mutant("plain-http-destinations-in-config", "The plain-http rule covers also_for and resources in the config and at login.",
  ["ConfigTests/testPlainHTTPToAnotherHostIsRefusedForEveryTokenDestination"],
  [("Sources/AuthHelperCore/Profiles/ProfileConsistency.swift", '        for (key, url) in destinations where !mayCarryTokens(to: url) {', '        for (key, url) in destinations where false && !mayCarryTokens(to: url) {')])
mutant("plain-http-at-use", "The plain-http rule holds at use: curl never sends a token over plain http to another host.",
  ["CurlTokenScopeTests/testPlainHTTPToAnotherHostIsRefusedAtUse"],
  [("Sources/AuthHelperCore/Integrations/CurlTokenScope.swift", '        return admitted && (url.scheme != "http" || ServerURL.isLoopback(host: url.host) || profile.allowInsecureHTTP)', '        return admitted')])
mutant("asked-resource-sent-elsewhere", "A token asked for with --resource A goes only to A.",
  ["CurlTokenScopeTests/testATokenForOneAPIIsNotSentToAnother"],
  [("Sources/AuthHelperCore/Integrations/CurlTokenScope.swift", '        if let asked, !asked.resources.isEmpty {', '        if let asked, !asked.resources.isEmpty, false {')])
mutant("one-curl-two-audiences", "One curl sends one token: never to a resource and an also_for origin at once.",
  ["CurlTokenScopeTests/testOneCurlSendsOneAudiencesToken"],
  [("Sources/AuthHelperCore/Integrations/CurlTokenScope.swift", '        let apis = Set(urls.map { profile.resource(for: $0.1) ?? "\\(profile.server) (the profile\'s own token)" })', '        let apis = Set(urls.compactMap { profile.resource(for: $0.1) })')])
mutant("nested-resources-first-wins", "Where resources nest, the longest matching prefix chooses.",
  ["CurlTokenScopeTests/testNestedResourcesTheLongestPrefixWins"],
  [("Sources/AuthHelperCore/Profiles/Profile.swift", '        return matching.max { $0.1 < $1.1 }?.0', '        return matching.first?.0')])
mutant("forwarded-stands-in-for-local", "A profile this machine has is always this machine's: the laptop's default never stands in for it.",
  ["AgentBoundaryTests/testAForwardedDefaultNeverStandsInForALocalProfile"],
  [("Sources/AuthHelperCore/Broker/ProfileResolution.swift", '        guard config.profile(named: forwarded.name) == nil else {', '        guard true else {')])
mutant("forwarded-cached-as-local", "Forwarded tokens are cached apart from local profiles.",
  ["AgentBoundaryTests/testForwardedTokensAreCachedApartAndStillAnsweredWarm"],
  [("Sources/AuthHelperCore/Profiles/Profile.swift", '        if forwardedBy != nil { return name + RuntimeCache.forwardedSuffix }\n', '')])
mutant("agent-folder-unchecked", "The agent client talks only to the user's own agent: a folder others may write is refused.",
  ["AgentBoundaryTests/testOnlyTheUsersOwnAgentIsAsked"],
  [("Sources/AuthHelperCore/Agent/AgentConnection.swift", '        guard folderStat.st_mode & 0o022 == 0 else {', '        guard true else {')])
mutant("agent-token-unchecked", "An agent's token is checked as a server's: not token-shaped is refused.",
  ["AgentBoundaryTests/testAnAgentsAnswerIsCheckedAsAServersIs"],
  [("Sources/AuthHelperCore/Agent/AgentProtocol.swift", '            guard TokenResponseParser.isTokenShaped(accessToken) else {', '            guard true else {')])
mutant("agent-username-raw", "Names an agent sends go through the printable filter before they are stored or shown.",
  ["AgentBoundaryTests/testAnAgentsAnswerIsCheckedAsAServersIs"],
  [("Sources/AuthHelperCore/Agent/AgentProtocol.swift", '            let username = printable(json["username"]?.stringValue ?? "", limit: 200)', '            let username = json["username"]?.stringValue ?? ""')])
mutant("agent-prompts", "The agent never prompts at the laptop's terminal.",
  ["AgentBoundaryTests/testTheAgentNeverPromptsAtTheLaptopsTerminal"],
  [("Sources/AuthHelperCore/Context/AuthContext.swift", '        context.promptAllowed = false\n        return context\n    }\n\n    /// Whether a person', '        return context\n    }\n\n    /// Whether a person')])
mutant("agent-busy-resets", "A busy agent answers 75 to every caller it refuses, not a dropped connection.",
  ["AgentBoundaryTests/testABusyAgentSaysSoToEveryCallerItRefuses"],
  [("Sources/AuthHelperCore/Agent/AgentServer.swift", '        UnixSocket.setSendTimeout(connection, seconds: 1)\n        _ = UnixSocket.readLine(connection, limit: AgentProtocol.maxRequest, deadline: Clock.monotonicMilliseconds() + 200)\n', '        UnixSocket.setSendTimeout(connection, seconds: 1)\n'),
   ("Sources/AuthHelperCore/Agent/AgentServer.swift", '        shutdown(connection, Int32(SHUT_WR))\n        // What the caller still sends (nothing, usually) is read until it closes, at most briefly.\n        _ = UnixSocket.readLine(connection, limit: AgentProtocol.maxRequest, deadline: Clock.monotonicMilliseconds() + 200)\n', '')])
mutant("param-steers-the-flow", "--param refuses request, request_uri, response_mode and resource, in any case.",
  ["ProviderQuirksTests/testExtraParametersAreSentAndRecordedButNeverSecrets"],
  [("Sources/AuthHelperCore/Profiles/RequestParameter.swift", '        guard !Self.steering.contains(lowered) else {', '        guard true else {')])
mutant("invalid-request-keeps-a-dead-session", "A refresh answered 400 invalid_request is an ended session.",
  ["ProviderQuirksTests/testARefreshAnsweredInvalidRequestEndsTheSessionAsAnEmpty400Does"],
  [("Sources/AuthHelperCore/Servers/OAuth2Server.swift", '            case "invalid_grant", "invalid_request": return .rejected(detail: error.summary)', '            case "invalid_grant": return .rejected(detail: error.summary)')])
mutant("logout-silent-without-revocation", "Without a revocation endpoint, logout says the refresh token stays valid at the server.",
  ["ProviderQuirksTests/testLogoutSaysWhenTheServerHasNoRevocationEndpoint"],
  [("Sources/authhelper-full/Commands/Logout.swift", '                case .noRevocationEndpoint:\n', '                case .noRevocationEndpoint where false:\n')])
mutant("unauthorized-client-misread", "unauthorized_client at a password login names --device and --browser.",
  ["ProviderQuirksTests/testUnauthorizedClientAtAPasswordLoginNamesTheDeviceAndBrowserLogins"],
  [("Sources/AuthHelperCore/Servers/OAuth2Server.swift", '            case .oauthError(let error) where error.code == "unauthorized_client":', '            case .oauthError(let error) where false:')])
mutant("userinfo-name-raw", "A userinfo name goes through the printable filter before it is stored or shown.",
  ["ProviderQuirksTests/testAUserinfoNameWithControlsIsFilteredBeforeItIsStoredOrShown"],
  [("Sources/AuthHelperCore/Servers/OAuth2Server.swift", '            let name = printable(raw, limit: 200)', '            let name = raw')])

# Issue 32: container registries.
mutant("registry-username-token", "The registry helper never answers <token> as the user name (docker would spend the refresh token itself).",
  ["DockerCredentialTests/testGetAnswersEveryFormTheToolsSendWithAFreshAccessToken"],
  [("Sources/AuthHelperCore/Broker/RegistryClaim.swift",
    '        let name = registryUsername ?? username\n        guard name != DockerCredentialReply.identityTokenUsername else {',
    '        let name = "<token>"\n        guard true else {')])
mutant("registry-not-found-words", "An unclaimed registry gets exactly 'credentials not found in native keychain', exit 1.",
  ["DockerCredentialTests/testGetAnswersEveryFormTheToolsSendWithAFreshAccessToken"],
  [("Sources/WarmPath/Replies/DockerCredentialReply.swift", 'public static let notFound = "credentials not found in native keychain"', 'public static let notFound = "no credentials for this registry"')])
mutant("registry-store-accepted", "store keeps nothing and says so (exit 1).",
  ["DockerCredentialTests/testStoreRefusesAndChangesNothing"],
  [("Sources/AuthHelperCore/Integrations/DockerCredentialService.swift",
    '"store": { _ in .failure(noStore) },', '"store": { _ in .reply("") },')])
mutant("registry-erase-keeps-the-token", "erase drops the cached access token so the next get refreshes.",
  ["DockerCredentialTests/testEraseDropsTheCachedTokenOnlyAndTheNextGetRefreshes"],
  [("Sources/AuthHelperCore/Broker/RegistryClaim.swift",
    'dropAccessToken(matching: nil, audience: claim.audience)', 'dropAccessToken(matching: "not-the-cached-token", audience: claim.audience)')])
mutant("registry-resource-ignored", "A registry on the origin of one of the profile's resources gets that resource's token.",
  ["DockerCredentialTests/testARegistryWithAResourceOnItsOriginGetsThatResourcesToken"],
  [("Sources/AuthHelperCore/Broker/RegistryClaim.swift",
    '    public var audience: Audience { Profile.audience(of: resource) }', '    public var audience: Audience { .profileDefault }')])
mutant("registry-freshness-standard", "A registry gets a token with at least 300 s left where the server grants more.",
  ["DockerCredentialTests/testATokenNearExpiryIsRefreshedAndAConcurrentBurstMakesOneRefresh"],
  [("Sources/AuthHelperCore/Integrations/DockerCredentialService.swift", 'freshness: .registry, attendance: .containerTool',
    'freshness: .standard, attendance: .containerTool'),
   ("Sources/WarmPath/Cache/WarmLookup.swift", '            Freshness.registry.isMet(by: token, now: now())', '            Freshness.standard.isMet(by: token, now: now())')])
mutant("registry-claimed-twice", "A registry claimed by two profiles is a configuration error naming both.",
  ["DockerCredentialTests/testARegistryClaimedByTwoProfilesIsAConfigurationError"],
  [("Sources/AuthHelperCore/Profiles/ConfigFile.swift", '        try checkOneProfilePerRegistry(config, file: name, document: document)\n', '')])
mutant("front-registry-stdin-lost", "What the front read of a get's stdin reaches authhelper-full when it hands over.",
  ["DockerCredentialTests/testATokenNearExpiryIsRefreshedAndAConcurrentBurstMakesOneRefresh"],
  [("Sources/authhelper/main.swift", '        return handOver(replaying: bytes)', '        return handOver()')])
mutant("front-registry-not-warm", "A warm get is answered from the runtime cache by the front.",
  ["DockerCredentialTests/testAWarmGetIsAnsweredByTheFront"],
  [("Sources/WarmPath/Cache/WarmLookup.swift", '        let serverURL = requestText.trimmingSpaceAndNewlines\n', '        let serverURL = requestText.trimmingSpaceAndNewlines\n        if !serverURL.isEmpty { return nil }\n')])

# Issue 34: a newcomer's first minutes.
mutant("status-all-stops-at-an-unreadable-store", "status --all lists every profile, one whose store is out of reach with the reason, and exits 0.",
  ["StatusTests/testStatusAllAndLogoutAllTakeEachProfileOnItsOwnWhenAStoreIsOutOfReach"],
  [("Sources/AuthHelperCore/Accounts/AccountService.swift", '                result.append(try status(of: profile, config: config))\n            } catch {', '                result.append(try status(of: profile, config: config))\n            } catch where false {')])
mutant("mistyped-command-unhelped", "A mistyped command gets 'Did you mean'.",
  ["CommandLineTests/testMistypedCommandsAndDockerLoginOptionsNameTheFix"],
  [("Sources/authhelper-full/AuthHelper.swift", '        if let advice = CommandLineAdvice.advice(for: arguments) {', '        if let advice = CommandLineAdvice.advice(for: arguments), false {')])
mutant("issuer-given-as-server-unexplained", "--server given an issuer says so and gives the --issuer line.",
  ["DjangoOAuthToolkitPasswordLoginTests/testAServerURLThatIsAnIssuerGetsTheIssuerLineToRun"],
  [("Sources/AuthHelperCore/Logins/LoginService.swift", '                throw whichServer(profile, otherwise: .malformedResponse(message))', '                throw .malformedResponse(message)')])
mutant("forget-keeps-the-profile", "logout --forget removes the profile from the config (and the default with it).",
  ["LogoutTests/testSetDefaultAndLogoutForgetManageTheProfiles"],
  [("Sources/AuthHelperCore/Profiles/ConfigFile.swift", '        profiles.removeAll { $0.name == name }\n', '')])
mutant("keyring-advice-unfitted", "The keyring-unreachable error names the profile and the one fix for the situation.",
  ["StoreTests/testHeaderWithoutSecretServiceExits69AndDeletesNothing"],
  [("Sources/AuthHelperCore/Storage/SecretServiceStore.swift", '            remote || !desktop\n', '            !desktop\n')])
mutant("doctor-ignores-the-clock", "doctor names a clock more than 60 s off the server's.",
  ["DoctorTests/testAServerWhoseClockIsTenMinutesOffIsNamed"],
  [("Sources/AuthHelperCore/Doctor/DoctorService.swift", '        guard abs(skew) <= Self.clockToleranceSeconds else {', '        guard abs(skew) <= Self.clockToleranceSeconds || true else {')])
mutant("doctor-exits-0-on-failure", "doctor exits with the status of the first failure.",
  ["DoctorTests/testEachBrokenPartIsNamedWithItsFixAndTheFirstFailuresStatus"],
  [("Sources/authhelper-full/Commands/Doctor.swift", '        if let failure = checks.first(where: { !$0.passed }) { throw ExitCode(failure.status) }', '')])

# Issue 33: DPoP, tokens a thief cannot use.
mutant("dpop-no-ath", "A proof at an API carries ath, the hash of the token it comes with.",
  ["DPoPTests/testADPoPProfileLogsInRefreshesAndCallsTheAPIWithProofsAndAStolenTokenIsUseless", "DPoPProofTests/testEveryFieldIsThereAndFreshForEachRequest",
   "GlewlwydTests/testABrowserLoginBindsTheTokenAndAStolenOrReplayedOneIsRefused"],
  [("Sources/AuthHelperCore/Proof/DPoPProof.swift", '        if let accessToken {\n', '        if let accessToken, false {\n')])
mutant("dpop-htu-with-query", "htu is the request URL without query and fragment.",
  ["DPoPProofTests/testEveryFieldIsThereAndFreshForEachRequest"],
  [("Sources/AuthHelperCore/Proof/DPoPProof.swift", '        String(url.prefix { $0 != "?" && $0 != "#" })', '        url')])
mutant("dpop-jti-reused", "Every proof has a fresh jti (a replayed one is refused).",
  ["DPoPProofTests/testEveryFieldIsThereAndFreshForEachRequest", "DPoPTests/testADPoPProfileLogsInRefreshesAndCallsTheAPIWithProofsAndAStolenTokenIsUseless",
   "GlewlwydTests/testABrowserLoginBindsTheTokenAndAStolenOrReplayedOneIsRefused", "DPoPTests/testEveryDevicePollCarriesAFreshProof"],
  [("Sources/AuthHelperCore/Proof/DPoPProof.swift", '("jti", .string(RandomText.urlSafe(bytes: 18)))', '("jti", .string("the-same-jti"))')])
mutant("dpop-nonce-not-retried", "use_dpop_nonce gets one retry with the server's nonce.",
  ["DPoPTests/testAServerNonceGetsOneRetryAndIsRemembered"],
  [("Sources/AuthHelperCore/Servers/OAuth2Server.swift", '            guard attempt == 1, asksForNonce(response),', '            guard attempt == 0, asksForNonce(response),')])
mutant("dpop-nonce-forgotten", "A nonce a server gave is remembered for its origin.",
  ["DPoPTests/testAServerNonceGetsOneRetryAndIsRemembered"],
  [("Sources/AuthHelperCore/Servers/OAuth2Server.swift",
    '            if let given = response.dpopNonce { nonces?.remember(given, for: origin) }\n', '')])
mutant("dpop-refresh-with-another-key", "A refresh proves the session's own key: the new token is bound to the same one.",
  ["DPoPTests/testADPoPProfileLogsInRefreshesAndCallsTheAPIWithProofsAndAStolenTokenIsUseless"],
  [("Sources/AuthHelperCore/Servers/OAuth2Server.swift", '        if session.key != profile.dpopKey { return try keyed(session.key).refresh(session, for: audience) }',
    '        if session.key != nil { return try keyed(try DPoPKey.generate()).refresh(StoredSession(refreshToken: session.refreshToken), for: audience) }')])
mutant("dpop-bare-token-handed-out", "Paths that can carry only a bare token refuse a DPoP profile.",
  ["DPoPTests/testEveryPathThatCarriesOnlyABareTokenRefuses", "DPoPTests/testTheAgentRefusesToForwardADPoPBoundToken"],
  [("Sources/AuthHelperCore/Refresh/TokenService.swift",
    '        var target = resolved\n        if case .bare(let what) = carrier { try target.profile.requireBearer(for: what) }\n',
    '        var target = resolved\n')])
mutant("dpop-token-cached-for-the-front", "The front never hands out a DPoP-bound token: it is cached apart.",
  ["DPoPTests/testEveryPathThatCarriesOnlyABareTokenRefuses"],
  [("Sources/AuthHelperCore/Profiles/Profile.swift", '        return dpop ? name + RuntimeCache.dpopSuffix : name', '        return name')])
mutant("dpop-bearer-answer-stored", "A token_type other than DPoP in answer to a DPoP request is refused, nothing stored.",
  ["DPoPTests/testServersThatCannotDoItAreRefusedAndNothingIsStored"],
  [("Sources/AuthHelperCore/Servers/TokenResponse.swift", 'text.lowercased() == tokenType else {', '["bearer", "dpop", "mac"].contains(text.lowercased()) else {')])
mutant("dpop-algorithms-unchecked", "A server whose metadata lists DPoP algorithms without ES256 is refused before the password is sent.",
  ["DPoPTests/testServersThatCannotDoItAreRefusedAndNothingIsStored"],
  [("Sources/AuthHelperCore/Logins/LoginService.swift", '!algorithms.isEmpty, !algorithms.contains("ES256") {', '!algorithms.isEmpty, false {')])

mutant("dpop-api-nonce-not-retried", "An API's 401 use_dpop_nonce gets exactly one retry of curl with the nonce it gave.",
  ["GlewlwydTests/testANonceDemandingServerGetsOneRetryAtTheTokenEndpointAndAtTheAPI"],
  [("Sources/AuthHelperCore/Broker/RequestAttempts.swift", 'if signer != nil, !answered.nonce, answer.asksForDPoPNonce, let given',
    'if signer != nil, !answered.nonce, false, let given')])
mutant("dpop-api-nonce-retried-forever", "The nonce retry is one retry, never a loop.",
  ["GlewlwydTests/testANonceDemandingServerGetsOneRetryAtTheTokenEndpointAndAtTheAPI"],
  [("Sources/AuthHelperCore/Broker/RequestAttempts.swift", '(nonce, answered.nonce) = (given, true)', '(nonce, answered.nonce) = (given, nonce != nil)'),
   ("Sources/AuthHelperCore/Proof/DPoPRequestSigner.swift", '        let nonce = given ?? Self.origin(of: url).flatMap(nonces.nonce(for:))', '        let nonce = given.map { _ in "stale" } ?? Self.origin(of: url).flatMap(nonces.nonce(for:))')])
mutant("dpop-api-nonce-forgotten", "A DPoP-Nonce an API's answer gives is remembered for its origin.",
  ["GlewlwydTests/testANonceDemandingServerGetsOneRetryAtTheTokenEndpointAndAtTheAPI"],
  [("Sources/AuthHelperCore/Broker/RequestAttempts.swift", 'if let signer, let given = answer.dpopNonce { signer.remember(nonce: given, from: url) }',
    'if let signer, let given = answer.dpopNonce, false { signer.remember(nonce: given, from: url) }')])
mutant("dpop-challenge-misread", "Only a 401 with a DPoP challenge whose error is use_dpop_nonce asks for a nonce.",
  ["ResponseHeadTests/testOnlyADPoPChallengeWithThatErrorAsksAndOnlyOnA401"],
  [("Sources/AuthHelperCore/HTTP/AuthenticationChallenge.swift", 'parse(header ?? "").contains { $0.scheme == "dpop" && $0["error"] == error }',
    'parse(header ?? "").contains { $0["error"] == error }')])

# Issue 34: a newcomer's first minutes.
mutant("docs-example-stale", "Every shell example in README and docs/ runs in a test: a stale one fails it.",
  ["DocsExamplesTests/testEveryExampleRunsHereOrInTheTestNamedForIt"],
  [("README.md", 'authhelper token --min-ttl 300\n', 'authhelper token --min-life 300\n')])

mutant("doctor-refresh-unasked", "doctor spends no refresh token unless --refresh is given.",
  ["DoctorTests/testRefreshIsSpentOnlyWhenAskedAndThenShownToWork", "DoctorTests/testAHealthySetupPassesEveryCheckAndChangesNothing"],
  [("Sources/AuthHelperCore/Doctor/DoctorService.swift", '        if refresh, case .some(.some) = session {', '        if case .some(.some) = session {')])
mutant("doctor-quota-unchecked", "doctor names a full kernel key quota, with the fix.",
  ["KernelKeyringQuotaTests/testTenProfilesWithFourKilobyteTokensFitTheQuotaAndRefreshWhenItIsFull"],
  [("Sources/AuthHelperCore/Doctor/DoctorService.swift", 'guard quota.bytesLeft >= KernelKeyQuota.enoughForALogin else {', 'guard quota.bytesLeft >= 0 else {')])
mutant("doctor-agent-unchecked", "doctor on a machine reached over SSH checks that the forwarded agent's socket answers.",
  ["DoctorTests/testAnAgentSocketThatIsNotForwardedIsNamed"],
  [("Sources/AuthHelperCore/Doctor/DoctorService.swift", '            if config.profile(named: name) == nil, let agent = agentSocket(answeringFor: name) {', '            if config.profile(named: name) == nil, false, let agent = agentSocket(answeringFor: name) {')])
mutant("doctor-locked-keyring-misadvised", "A locked keyring's fix is to unlock it, not to leave the desktop keyring.",
  ["DoctorTests/testALockedKeyringIsNamedWithTheFixForADesktop"],
  [("Sources/AuthHelperCore/Doctor/DoctorService.swift", '        case .keyring where error.message.contains(SecretServiceStore.lockedFix): SecretServiceStore.lockedFix\n', '')])
mutant("doctor-kubectl-missing-profile", "A kubectl user that asks authhelper for a profile that does not exist is a doctor failure.",
  ["DoctorTests/testKubectlUsersThatAskAuthhelperAreNamedAndOneForAMissingProfileFails"],
  [("Sources/AuthHelperCore/Doctor/DoctorService.swift", '            if let profile, config.profile(named: profile) == nil {', '            if let profile, false, config.profile(named: profile) == nil {')])

mutant("scope-hint-unnamed", "A login refusal a scope could fix names the scopes the server's metadata lists.",
  ["ScopeAdviceTests/testTheHintNamesTheListedScopesWithOpenIDFirst", "GlewlwydTests/testAPasswordLoginItRefusesForWantOfAScopeNamesTheScopesItLists"],
  [("Sources/AuthHelperCore/Servers/OAuthError.swift", '        guard !scopes.isEmpty, error.message.contains(scopeHint) else { return error }', '        guard false else { return error }')])

mutant("source-line-too-long", "No source line is over 140 columns, message strings included.",
  ["SourceLayoutTests/testNoSourceLineIsLongerThan140Columns"],
  [("Sources/AuthHelperCore/Servers/OAuthError.swift", '    static let scopeHint = "If the server needs a scope for this client, give --scope."',
    '    static let scopeHint = "If the server needs a scope for this client, give --scope."  // ' + 'x' * 80)])

mutant("login-issuer-not-offered", "The interactive login offers to log in to an issuer it is given as a server URL.",
  ["LoginTests/testTheInteractiveLoginOffersToLogInToAnIssuerItIsGiven"],
  [("Sources/AuthHelperCore/Logins/LoginService.swift",
    '        guard (try? context.broker.discovery(for: probe).discover(url, allowInsecureHTTP: probe.allowInsecureHTTP)) != nil else {',
    '        guard (try? context.broker.discovery(for: probe).discover(url, allowInsecureHTTP: probe.allowInsecureHTTP)) == nil else {')])
mutant("stderr-not-in-context", "Messages go to the context's stderr, which unit tests read.",
  ["CurlServiceTests/testA401FromTheProfilesServerRefreshesOnceAndRetriesWithTheNewToken"],
  [("Sources/AuthHelperCore/Context/Diagnostics.swift", '        sink.write("authhelper: " + redact(message()) + "\\n")', '        StandardError.write("authhelper: " + redact(message()) + "\\n")')])

mutant("doctor-moved-issuer-unnoticed", "doctor names an issuer whose metadata no longer names the recorded token endpoint.",
  ["DoctorTests/testAMovedIssuerIsNamedWithTheFix"],
  [("Sources/AuthHelperCore/Doctor/DoctorService.swift", 'guard profile.tokenURL == nil || metadata.tokenEndpoint == profile.tokenURL else {', 'guard true else {')])
mutant("doctor-ca-unnamed", "doctor names the CA it verified the server's certificate with.",
  ["DoctorTests/testAServerWithACertificateFromAnotherCAIsNamedWithTheCAInUse"],
  [("Sources/AuthHelperCore/Doctor/DoctorService.swift", 'let ca = profile.caFile.map { "the profile\'s ca_file \\($0)" } ?? "the system\'s CAs"', 'let ca = "the system\'s CAs"')])

mutant("front-not-embedded", "The front is the Embedded Swift build of WarmPath's own sources (docs/speed.md: half the start time and a quarter of the memory of full Swift).",
  ["FrontDifferentialTests/testTheFrontAndAuthhelperFullAnswerEveryRowAlike"],
  [("Package.swift", 'swiftSettings: [.enableExperimentalFeature("Embedded"), .unsafeFlags(["-wmo"])],', 'swiftSettings: [],'),
   ("Package.swift", '''            linkerSettings: [
                .unsafeFlags([
                    "-Xclang-linker", "-static", "-Xclang-linker", "-fuse-ld=lld",
                    "-Xclang-linker", "-Wno-unused-command-line-argument",
                ]),
                // Embedded Swift's Unicode tables (String comparison, case mapping, Characters),
                // found from the toolchain's own library folder, which SwiftPM puts on the path.
                .unsafeFlags(["-Xlinker", "-l:../embedded/\\(embeddedTriple)/libswiftUnicodeDataTables.a"]),
                .linkedLibrary("m"),
            ]''', '            linkerSettings: [.unsafeFlags(["-static-executable"])]'),
   ("Sources/authhelper/main.swift", "import CPosix\n", "import CPosix\nimport Glibc\n")])
mutant("toolchain-check", "A toolchain without the embedded standard library is named before the build, never a silent fallback to a slower front.",
  ["ToolchainCheckTests/testAToolchainWithoutTheEmbeddedStandardLibraryIsNamedBeforeTheBuild"],
  [("scripts/check-toolchain",
    '[[ -d "$resources/embedded/Swift.swiftmodule" ]] || missing+=("$resources/embedded/Swift.swiftmodule (the embedded standard library)")\n',
    '')])

mutant("journal-off", "A refresh a crash cannot lose: the rotated pair is journaled before the store is written, and the next refresh stores what a killed or failed one left.",
  ["RefreshJournalTests/testEveryRotatedPairIsJournaledBeforeTheStoreAndRemovedOnceStored",
   "RefreshJournalTests/testAStoreThatFailsLeavesThePairInTheJournalAndTheNextCallStoresIt",
   "CrashConsistencyTests/testAKillAfterTheServersAnswerLosesNothing",
   "SignalTests/testStoreFailingAfterTheServerRotatedKeepsThePairForTheNextCall"],
  [("Sources/AuthHelperCore/Refresh/TokenService.swift",
    'let journaled = journal.record(rotated, rotatedFrom: spent)', 'let journaled = false')])
mutant("journal-replayed-over-newer", "A journal entry older than the stored session, or already in it, is dropped, never replayed.",
  ["RefreshJournalTests/testAnEntryTheStoreHasMovedPastIsDroppedNeverReplayed",
   "RefreshJournalTests/testAnEntryResolvesOnlyAgainstTheSessionItWasRotatedFrom"],
  [("Sources/AuthHelperCore/Storage/RefreshJournal.swift",
    'let current = Self.fingerprint(of: stored.refreshToken), replaces == current else { return .drop }',
    'let current = Self.fingerprint(of: stored.refreshToken), !current.isEmpty else { return .drop }')])
mutant("courier-off", "A refresh a crash cannot lose: the request goes through a courier process that outlives its caller and keeps the server's answer.",
  ["CrashConsistencyTests/testAKillWhileTheRequestIsAtTheServerLosesNothing",
   "CrashConsistencyTests/testRandomKillsOfAFileStoreRefreshCorruptNothingAndPresentNoSpentTokenTwice"],
  [("Sources/AuthHelperCore/Courier/CourierTransport.swift",
    'guard let courier = Courier.start(holding: ticket.lockDescriptor) else',
    'guard let courier = Courier.start(holding: ticket.lockDescriptor), false else')])
mutant("courier-answer-not-kept", "The courier keeps the server's answer in the journal before it hands it over.",
  ["CrashConsistencyTests/testAKillWhileTheRequestIsAtTheServerLosesNothing"],
  [("Sources/AuthHelperCore/Courier/RefreshCourier.swift",
    'RefreshJournal(description: order.journal).record(answer, replaces: order.replaces)', '_ = answer')])
mutant("courier-without-the-lock", "The courier holds its caller's profile lock until it has kept the answer: no other refresh reads the store in between.",
  ["CrashConsistencyTests/testAKillWhileTheRequestIsAtTheServerLosesNothing",
   "CrashConsistencyTests/testTheCourierHoldsOnlyItsChannelAndTheLockInASessionOfItsOwn"],
  [("Sources/AuthHelperCore/Courier/CourierTransport.swift",
    '            (RefreshCourier.lockDescriptor, .descriptor(lock)),\n', '')])
mutant("courier-inherits-descriptors", "The courier keeps nothing of its caller's open but the lock, and runs in a session of its own.",
  ["CrashConsistencyTests/testTheCourierHoldsOnlyItsChannelAndTheLockInASessionOfItsOwn"],
  [("Sources/AuthHelperCore/Courier/CourierTransport.swift",
    'courier.closingFrom = RefreshCourier.lockDescriptor + 1', 'courier.closingFrom = 1024')])
mutant("courier-in-callers-session", "The courier keeps nothing of its caller's open but the lock, and runs in a session of its own.",
  ["CrashConsistencyTests/testTheCourierHoldsOnlyItsChannelAndTheLockInASessionOfItsOwn"],
  [("Sources/AuthHelperCore/Courier/CourierTransport.swift",
    '        courier.newSession = true\n', '')])
mutant("courier-answer-lost-on-read", "The courier's kept answer is read into the rotated pair by the next refresh, never dropped while it rotates the stored session.",
  ["RefreshJournalTests/testAnAnswerAKilledRefreshsCourierKeptIsStoredAndTheSpentTokenNeverSentAgain",
   "RefreshJournalTests/testAnotherAudiencesAnswerACourierKeptGivesTheSessionOnlyItsRefreshToken"],
  [("Sources/AuthHelperCore/Storage/RefreshJournal.swift",
    'case .answer(let answer): return .read(answer)', 'case .answer: return .drop')])
mutant("binding-from-config", "Whether a session is DPoP-bound comes from the session (its key), not the config's editable dpop line.",
  ["DPoPTests/testEveryPathThatCarriesOnlyABareTokenRefuses"],
  [("Sources/AuthHelperCore/Refresh/TokenService.swift",
    'guard session.key != nil, !profile.dpop else { return self }', 'guard session.key != nil, !profile.dpop, false else { return self }')])
mutant("curl-method-first-x", "A DPoP proof names the method curl sends: curl's argv is read once, the last -X wins, bundled or not.",
  ["CurlArgumentsTests/testTheMethodIsReadAsCurlReadsIt"],
  [("Sources/AuthHelperCore/Integrations/CurlArguments.swift",
    'if name == "request" { requestMethod = value }', 'if name == "request", requestMethod == nil { requestMethod = value }')])
mutant("curl-header-is-a-body", "A DPoP proof names the method curl sends: a header (-H) is no body, the request stays GET.",
  ["CurlArgumentsTests/testTheMethodIsReadAsCurlReadsIt"],
  [("Sources/AuthHelperCore/Integrations/CurlArguments.swift",
    '"data", "data-ascii", "data-binary", "json", "data-raw", "data-urlencode", "form", "form-string",',
    '"data", "data-ascii", "data-binary", "json", "data-raw", "data-urlencode", "form", "form-string", "header",')])
mutant("dpop-follows-redirects", "A DPoP proof never reaches another origin on a redirect: -L is refused for a DPoP profile.",
  ["DPoPTests/testADPoPProfileLogsInRefreshesAndCallsTheAPIWithProofsAndAStolenTokenIsUseless"],
  [("Sources/AuthHelperCore/Integrations/CurlArguments.swift", 'if followsRedirects {', 'if followsRedirects, false {')])
mutant("usage-echoes-secret", "No usage error repeats the value given to an option that takes none, nor the value of an option that carries a secret.",
  ["CommandLineTests/testUsageErrorsNeverRepeatAValueThatMayBeASecret"],
  [("Sources/authhelper-full/UsageMessage.swift",
    'for value in hiddenValues(in: message, arguments: arguments) where !value.isEmpty {',
    'for value in hiddenValues(in: message, arguments: arguments) where value.isEmpty {')])
mutant("one-pointer-only", "A usage error names every pointer at once (login -u NAME -p PASSWORD: both).",
  ["CommandLineTests/testMistypedCommandsAndDockerLoginOptionsNameTheFix"],
  [("Sources/authhelper-full/CommandLineAdvice.swift",
    'return pointers.isEmpty ? nil : pointers.joined(separator: " ")', 'return pointers.first')])
mutant("identity-token-username", "A registry never gets <token> as its user name (docker would spend the Secret itself as an identity token).",
  ["DockerCredentialTests/testDockersIdentityTokenMarkerIsNeverTheUserName",
   "OAuth2ServerUnitTests/testUserinfoNamesTheUserButNeverDockersIdentityTokenMarker"],
  [("Sources/AuthHelperCore/Profiles/ProfileField.swift",
    'guard text != DockerCredentialReply.identityTokenUsername else {', 'guard text != DockerCredentialReply.identityTokenUsername || true else {'),
   ("Sources/AuthHelperCore/Broker/RegistryClaim.swift",
    'guard name != DockerCredentialReply.identityTokenUsername else {', 'guard name != DockerCredentialReply.identityTokenUsername || true else {'),
   ("Sources/AuthHelperCore/Servers/OAuth2Server.swift",
    'guard (try? Profile.validateUsername(name)) != nil, name != DockerCredentialReply.identityTokenUsername else { continue }',
    'guard (try? Profile.validateUsername(name)) != nil else { continue }')])
mutant("userinfo-bearer-for-dpop", "A DPoP session's token goes to the userinfo endpoint with a proof of its key, never as a bare Bearer.",
  ["OAuth2ServerUnitTests/testADPoPLoginCallsUserinfoWithAProofAndOneNonceRetry"],
  [("Sources/AuthHelperCore/Servers/OAuth2Server.swift",
    '        let accept = ("Accept", "application/json")\n        guard let key = profile.dpopKey else {',
    '        let accept = ("Accept", "application/json")\n        guard let key = profile.dpopKey, false else {')])
mutant("http-date-unchecked", "doctor never traps on what it diagnoses: a server's Date is read only with every field in its range.",
  ["HTTPDateTests/testFieldsOutOfTheirRangesAreNoDate", "DoctorTests/testADateOutOfEveryRangeIsAFailedClockLineNotACrash"],
  [("Sources/AuthHelperCore/Doctor/HTTPDate.swift",
    'let year = Int32(fields[3]), (1...9999).contains(year)', 'let year = Int32(fields[3])')])
mutant("exec-arguments-repaired", "exec passes the program's arguments on byte for byte, UTF-8 or not.",
  ["ExecTests/testArgumentsThatAreNotUTF8ReachTheProgramByteForByte"],
  [("Sources/WarmPath/CommandLine/ProcessArguments.swift",
    'let fromArgv = first >= 0 &&', 'let fromArgv = first < -1 &&')])

mutant("logout-leaves-other-stores", "Logout removes the profile's session in every store it may be in, and says only what is true.",
  ["LogoutTests/testLogoutRemovesASessionAnEarlierLoginLeftInAnotherStore"],
  [("Sources/AuthHelperCore/Accounts/AccountService.swift",
    'let leftovers = sweepOtherStores(of: profile, besides: store, local: local)',
    'let leftovers: [(store: String, server: ServerSide)] = []')])
mutant("logout-leaves-dpop-entries", "Logout removes every runtime entry of the profile, whatever its kind (own, @agent, @dpop, audiences).",
  ["DPoPTests/testADPoPProfileLogsInRefreshesAndCallsTheAPIWithProofsAndAStolenTokenIsUseless",
   "RuntimeFolderTests/testEveryEntryOfAProfileIsFoundWhateverItsKindAndNoOtherProfiles"],
  [("Sources/WarmPath/Cache/RuntimeFolder.swift",
    'let kinds = [profile, profile + RuntimeCache.forwardedSuffix, profile + RuntimeCache.dpopSuffix]',
    'let kinds = [profile, profile + RuntimeCache.forwardedSuffix]')])

mutant("folder-not-synced", "What must survive a power cut (config, file store) is fsynced, renamed, and its folder fsynced.",
  ["StoreTests/testTheConfigAndTheFileStoreAreWrittenDurably"],
  [("Sources/WarmPath/Files/SecureFiles.swift", 'if durable { try syncFolder(of: path) }', 'if durable, false { try syncFolder(of: path) }')])

# The credential broker and the tools' adapters (cargo, Go, Terraform, pip and uv, MCP clients).
mutant("url-claim-first-not-longest", "A URL gets the token of the profile with the longest claim on it, whatever the claim is by.",
  ["URLClaimTests/testTheLongestClaimWinsWhateverItIsBy"],
  [("Sources/AuthHelperCore/Broker/URLClaim.swift",
    'let tied = claims.filter { $0.prefix.path.count == longest }', 'let tied = Array(claims.prefix(1))')])
mutant("url-claim-tie-guessed", "A tie between profiles not settled by the default profile's server is an error naming both, never a guess.",
  ["URLClaimTests/testATieGoesToTheDefaultProfileByItsServerAndAnyOtherTieIsAnError"],
  [("Sources/AuthHelperCore/Broker/URLClaim.swift",
    'if tied.count == 1 { return URLClaim(tied[0].profile, tied[0].prefix, tied[0].basis) }',
    'if tied.count >= 1 { return URLClaim(tied[0].profile, tied[0].prefix, tied[0].basis) }')])
mutant("url-claim-profile-widens", "--profile narrows the choice; it never sends a token where its profile has no claim.",
  ["URLClaimTests/testProfileNarrowsButNeverSendsATokenWhereItsProfileHasNoClaim", "ToolAdapterTests/testCargoAnswersGetWithTheWholeAuthorizationValueAndOthersWithItsErrors"],
  [("Sources/AuthHelperCore/Broker/URLClaim.swift",
    'let admitted = claims(of: profile).filter { claim, _ in claim.admits(url) }',
    'let admitted = claims(of: profile).filter { claim, _ in claim.admits(url) || claim.host != url.host }')])
mutant("url-claim-resource-token", "A URL on a profile's resource gets that resource's token, not the profile's own.",
  ["URLClaimTests/testTheLongestClaimWinsWhateverItIsBy"],
  [("Sources/AuthHelperCore/Broker/URLClaim.swift",
    'if case .resource(let text) = basis { resource = text } else { resource = nil }', 'resource = nil')])
mutant("broker-hands-bound-token", "No adapter hands a DPoP-bound token to a tool that can carry only a bare one.",
  ["CargoCredentialTests/testADPoPProfileIsRefusedWithTheReason", "KeyringCredentialTests/testADPoPProfileIsRefusedWithTheReason",
   "AIAgentTests/testADPoPProfileIsRefusedWithTheReason", "GoAuthTests/testADPoPProfileIsRefusedWithTheReason"],
  [("Sources/AuthHelperCore/Broker/CredentialBroker.swift",
    'freshToken(caller.freshness, audience: claim.audience, carrier: .bare(caller.protocolName))',
    'freshToken(caller.freshness, audience: claim.audience, carrier: .proof)'),
   ("Sources/AuthHelperCore/Broker/CredentialBroker.swift",
    '        try claim.profile.requireBearer(for: caller.protocolName)\n        let token = try tokens(for: claim.profile, attendance: caller.attendance).forceRefresh',
    '        let token = try tokens(for: claim.profile, attendance: caller.attendance).forceRefresh')])
mutant("broker-prompts", "A tool's helper never asks at the terminal: a tool runs it with pipes.",
  ["ToolAdapterTests/testAToolsHelperNeverPrompts"],
  [("Sources/AuthHelperCore/Broker/CredentialBroker.swift",
    'TokenService(context: context.selecting(profile.name).attended(by: attendance), profile: profile)',
    'TokenService(context: context.selecting(profile.name), profile: profile)')])
mutant("host-alone-guessed", "A lookup by host alone (pip's retry, git without a path) is answered only where its claims name one profile and token.",
  ["KeyringCredentialTests/testADPoPProfileIsRefusedWithTheReason", "URLClaimTests/testAHostAloneIsAnsweredOnlyWhereItsClaimsNameOneProfileAndOneToken",
   "GitCredentialTests/testTheProfileIsTheOneURLRulesWithAPathAndNobodysWhereOnlyThePathWouldChoose"],
  [("Sources/AuthHelperCore/Broker/URLClaim.swift", '        if tokens.count == 1 {', '        if tokens.count >= 1 {')])
mutant("git-own-profile-rule", "git asks the one rule from a URL to a profile: another profile's longer claim wins.",
  ["GitCredentialTests/testTheProfileIsTheOneURLRulesWithAPathAndNobodysWhereOnlyThePathWouldChoose"],
  [("Sources/AuthHelperCore/Integrations/GitCredentialService.swift",
    'broker.claim(of: url, pathless: request.path == nil)', 'broker.claim(of: url, pathless: true)')])
mutant("cargo-unclaimed-answered", "A registry no profile claims gets cargo's url-not-supported, so cargo asks its next provider.",
  ["CargoCredentialTests/testARegistryNoProfileClaimsFallsThroughToCargosOwnToken",
   "ToolAdapterTests/testCargoAnswersGetWithTheWholeAuthorizationValueAndOthersWithItsErrors"],
  [("Sources/AuthHelperCore/Integrations/CargoCredential.swift",
    'return (CargoReply.urlNotSupported, nil)', 'return (CargoReply.failure("no profile"), nil)')])
mutant("goauth-401-not-refreshed", "After a 401 the GOAUTH re-run replaces the refused token by one refresh.",
  ["GoAuthTests/testA401IsAnsweredWithOneRefreshAndGoRetries"],
  [("Sources/AuthHelperCore/Integrations/GoAuth.swift",
    '} else if response?.status == 401 {', '} else if response?.status == 999 {')])
mutant("terraform-unclaimed-not-empty", "A host no profile claims gets {} from the Terraform helper, so the tool's own credentials apply.",
  ["TerraformCredentialTests/testGetHandsOutATokenWithHalfAnHourLeftAndAnUnclaimedHostGetsAnEmptyObject",
   "ToolAdapterTests/testTerraformAnswersATokenOrAnEmptyObjectAndRefusesStore"],
  [("Sources/AuthHelperCore/Integrations/TerraformCredential.swift",
    'return operation == "get" ? "{}\\n" : ""', 'throw .notPermitted("no profile claims \\(host)")')])
mutant("terraform-short-token", "Terraform, which keeps the token for its whole run, gets half an hour or a fresh token.",
  ["FreshnessTests/testForAWholeRunHalfAnHourOrAFreshToken"],
  [("Sources/WarmPath/Cache/Freshness.swift",
    'case .forWholeRun(let seconds): token.lifetime > seconds ? seconds : token.lifetime - token.lifetime / 10',
    'case .forWholeRun(let seconds): token.lifetime > seconds ? seconds / 2 : token.lifetime / 2')])
mutant("mcp-unclaimed-empty", "An MCP server no profile claims is a failure with the reason, not a connection without a token.",
  ["AIAgentTests/testAnMCPServerNoProfileClaimsIsAFailureNotATokenlessConnection",
   "ToolAdapterTests/testMCPHeadersAreOneJSONObjectAndAnUnclaimedServerIsAnError"],
  [("Sources/AuthHelperCore/Integrations/MCPHeaders.swift",
    '        guard let claim = try broker.claim(of: url) else {\n', '        guard let claim = try broker.claim(of: url) else {\n            return "{}\\n"\n')])

mutant("front-tool-lookup-widened", "The front answers a tool only for the very lookup the broker answered (same tool, --profile and URL).",
  ["FrontTests/testAWarmTerraformAndKeyringGetIsAnsweredByTheFrontAlone"],
  [("Sources/WarmPath/Cache/ToolClaimRecord.swift",
    'self.tool == tool && self.profileFlag == profileFlag && self.lookup == lookup',
    'self.tool == tool && self.lookup == lookup')])
mutant("front-tool-record-any-config", "The front trusts a record in the runtime folder only for the config it was written from.",
  ["FrontTests/testAWarmTerraformAndKeyringGetIsAnsweredByTheFrontAlone"],
  [("Sources/WarmPath/Cache/StampedRecord.swift",
    'guard let first = lines.first, String(decoding: first, as: UTF8.self) == stamp else { return nil }',
    'guard lines.first != nil else { return nil }')])

mutant("default-profile-typo-as-login", "A default_profile that names no profile is the config's mistake (78, naming the profiles), not a login to run.",
  ["ConfigTests/testTyposNameTheFileTheKeyMeantAndTheProfilesThereAre"],
  [("Sources/AuthHelperCore/Broker/ProfileResolution.swift",
    'if !profileChosenExplicitly, let chosen = config.defaultProfile, !config.profiles.isEmpty {',
    'if false, !profileChosenExplicitly, let chosen = config.defaultProfile, !config.profiles.isEmpty {')])

mutant("recorded-grant-over-typed-flags", "The flags typed win over the grant a profile recorded: --username means a password login.",
  ["LoginServiceTests/testTypedUsernameWinsOverTheRecordedBrowserGrant"],
  [("Sources/AuthHelperCore/Logins/LoginService.swift",
    'let saysPassword = options.passwordFromStdin || options.username != nil', 'let saysPassword = options.passwordFromStdin')])

mutant("scope-hint-after-password", "A bare login refusal without a scope leads with the scope, then the credentials.",
  ["ScopeAdviceTests/testABare400WithoutAScopeLeadsWithTheScope",
   "GlewlwydTests/testAPasswordLoginItRefusesForWantOfAScopeNamesTheScopesItLists"],
  [("Sources/AuthHelperCore/Servers/OAuth2Server.swift",
    'if profile.scope == nil { leads.append("No scope was asked for. \\(OAuthError.scopeHint)") }',
    'if false { leads.append("No scope was asked for. \\(OAuthError.scopeHint)") }')])
mutant("public-client-secret-advice", "A public client's refusal leads with the browser logins the server offers and never advises a secret.",
  ["ScopeAdviceTests/testAPublicClientsRefusalLeadsWithTheBrowserLoginsAndNeverAdvisesASecret"],
  [("Sources/AuthHelperCore/Servers/OAuth2Server.swift",
    '        if client == .publicClient, !browserLogins.isEmpty {', '        if false, !browserLogins.isEmpty {'),
   ("Sources/AuthHelperCore/Servers/OAuthError.swift", '            secretSent\n            ? "check client_id', '            true\n            ? "check client_id')])

mutant("runtime-folder-others-may-write", "No runtime entry is read from a folder other users may write in.",
  ["FrontTests/testARenamedEntryOrAFolderOthersMayWriteInHandsOutNoToken"],
  [("Sources/WarmPath/Files/Paths.swift", '        guard st.st_mode & 0o022 == 0 else {', '        guard true else {')])

mutant("entry-names-no-profile", "A runtime entry names the profile it was written for: a renamed file is no entry of its new name.",
  ["FrontTests/testARenamedEntryOrAFolderOthersMayWriteInHandsOutNoToken"],
  [("Sources/WarmPath/Cache/RuntimeCache.swift",
    '            entry.profile == profile, entry.audience == (audience.isProfileDefault ? nil : audience.summary)',
    '            entry.audience == (audience.isProfileDefault ? nil : audience.summary)')])

mutant("registry-token-by-request-scheme", "A registry's token follows the config's claim, not the scheme the request is written in.",
  ["DockerCredentialTests/testTheConfigsClaimNotTheRequestsSchemeChoosesTheTokenAndPlainHTTPIsRefusedOffLoopback"],
  [("Sources/AuthHelperCore/Broker/RegistryClaim.swift",
    'return RegistryClaim(profile: profile, registry: claim)', 'return RegistryClaim(profile: profile, registry: registry)')])

mutant("registry-plain-http-off-loopback", "No registry token for a plain-http request off loopback unless the config speaks plain http to it.",
  ["RegistryNameTests/testAClaimAnswersEveryFormButPlainHTTPOffLoopbackUnlessItIsPlainHTTPItself",
   "DockerCredentialTests/testTheConfigsClaimNotTheRequestsSchemeChoosesTheTokenAndPlainHTTPIsRefusedOffLoopback"],
  [("Sources/WarmPath/Names/RegistryName.swift",
    '        isSame(as: asked) && (!asked.plainHTTP || plainHTTP || LoopbackHost.contains(host))', '        isSame(as: asked)')])

mutant("header-url-unchecked", "header --method --url follows curl's rule: the profile's origins, the resource's token there.",
  ["AudienceTokenTests/testCurlGitExecAndKubectlUseTheTokenOfTheResourcesOrigin"],
  [("Sources/AuthHelperCore/Broker/RequestTarget.swift",
    'if let check { try check(scope) } else { try scope.check(urls: urls, asked: asked) }', 'if let check { try check(scope) }')])

mutant("stamp-from-config-at-end", "A decision is stamped with the config it was made from, not the one there when the call ends.",
  ["AgentBoundaryTests/testAForwardedCallStampsItsRecordsWithTheConfigItReadNotTheOneThereWhenItEnds"],
  [("Sources/AuthHelperCore/Refresh/TokenService.swift",
    '        let fingerprint = profile.configFingerprint\n',
    '        let fingerprint = SecureFiles.fingerprint(context.paths.configFile)\n')])

mutant("curl-default-over-claim", "curl and header --url send the token of the profile that claims the URL; --profile only narrows.",
  ["CurlTokenScopeIntegrationTests/testTheProfileThatClaimsTheURLSendsItsTokenAndProfileOnlyNarrows"],
  [("Sources/AuthHelperCore/Broker/CredentialBroker.swift",
    'if !profileChosenExplicitly, let url = url.flatMap(RequestURL.init)', 'if false, let url = url.flatMap(RequestURL.init)')])

mutant("public-client-password-not-retried", "A public client's password grant refused bare is tried once without client_id, and recorded.",
  ["GlewlwydTests/testAPublicClientsPasswordLoginWorksTheFirstTimeAndTheRefreshKeepsTheClient"],
  [("Sources/AuthHelperCore/Servers/OAuth2Server.swift",
    'guard clientSecret == nil, profile.clientID != nil, status == 400 || status == 403 else { return nil }',
    'guard false else { return nil }')])
mutant("browser-failure-unsaid", "A browser that does not start is said, never 'opening' while nothing opens.",
  ["BrowserLoginTests/testABrowserThatDoesNotStartIsSaidAndAWaitWithoutAnswerNamesTheRedirectPort"],
  [("Sources/AuthHelperCore/Logins/BrowserLauncher.swift", '            if ended == pid {', '            if false, ended == pid {')])
mutant("no-redirect-hint", "A browser login without an answer after a while names --redirect-port and --no-browser once.",
  ["BrowserLoginTests/testABrowserThatDoesNotStartIsSaidAndAWaitWithoutAnswerNamesTheRedirectPort"],
  [("Sources/AuthHelperCore/Logins/BrowserLogin.swift",
    'var hintAt: Double? = Clock.monotonicMilliseconds() + Double(min(20, max(1, options.timeout / 2))) * 1000',
    'var hintAt: Double? = nil')])

mutant("scope-not-offered", "At a terminal, a refusal a scope could fix offers the scopes the server lists, and the login goes on.",
  ["GlewlwydTests/testANewcomerAtATerminalLogsInTheFirstTimeWithTheAdministratorsValuesAndTheWizardToo"],
  [("Sources/AuthHelperCore/Logins/LoginService.swift",
    'guard profile.scope == nil, !listed.isEmpty, context.mayPrompt, error.message.contains(OAuthError.scopeHint) else {',
    'guard false, profile.scope == nil, !listed.isEmpty, context.mayPrompt, error.message.contains(OAuthError.scopeHint) else {')])

mutant("password-to-a-guessed-url", "A password goes only to a login endpoint known to be one, never to a guessed ISSUER/auth/jwt/login.",
  ["DjangoOAuthToolkitPasswordLoginTests/testAServerURLThatIsAnIssuerGetsTheIssuerLineToRun"],
  [("Sources/AuthHelperCore/Logins/LoginService.swift", '        if !profile.isOAuth2 { try requireTheSeedAPI(profile) }\n', '')])

mutant("doctor-git-host-unchecked", "doctor names every URL git asks authhelper for that no profile claims.",
  ["DoctorTests/testAGitHostNoProfileClaimsIsNamedWithTheFix"],
  [("Sources/AuthHelperCore/Doctor/DoctorService.swift", '        checks += gitHostsNobodyClaims(config)\n', '')])

mutant("attendance-ignores-git", "Who may be asked is one policy: git's GIT_TERMINAL_PROMPT=0 and kubectl's interactive: false mean nobody.",
  ["AttendanceTests/testEachProtocolsWordForItsPersonDecidesWhetherAnyoneIsAsked"],
  [("Sources/AuthHelperCore/Broker/Attendance.swift",
    'environment["GIT_TERMINAL_PROMPT"] == "0" ? .nobody : .terminal', '.terminal')])


mutant("login-leaves-other-stores", "A login that changes a profile's store removes the session the earlier login left in the other store, and says so.",
  ["LogoutTests/testALoginIntoAnotherStoreRemovesTheSessionTheEarlierLoginLeft"],
  [("Sources/AuthHelperCore/Logins/LoginService.swift",
    'for leftover in AccountService(context: context).sweepOtherStores(of: existing ?? profile, besides: store, local: false) {',
    'for leftover in AccountService(context: context).sweepOtherStores(of: existing ?? profile, besides: store, local: false) where false {')])
mutant("binding-disagreement-unsaid", "The config's dpop line is only a label: status and doctor say when it disagrees with the session.",
  ["DPoPTests/testStatusAndDoctorNameADPoPLineThatDisagreesWithTheSession"],
  [("Sources/AuthHelperCore/Profiles/BindingDisagreement.swift",
    'guard bound != profile.dpop else { return nil }', 'guard false else { return nil }')])
mutant("write-not-atomic", "Every file write that must survive is atomic: a writer killed between any two steps leaves the old file or the new one whole.",
  ["StoreTests/testAWriterKilledBetweenAnyTwoStepsLeavesTheOldFileOrTheNewOneWhole"],
  [("Sources/WarmPath/Files/SecureFiles.swift",
    '        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)\n',
    '        if durable { unlink(path) }\n        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)\n')])
mutant("abandoned-writes-kept", "A writer killed before its rename leaves a temporary file; the next write of the file removes it.",
  ["StoreTests/testAWriterKilledBetweenAnyTwoStepsLeavesTheOldFileOrTheNewOneWhole"],
  [("Sources/AuthHelperCore/Storage/AbandonedWrites.swift",
    'for name in (try? SecureFiles.listDirectory(folder)) ?? [] where name.hasPrefix(prefix) {',
    'for name in (try? SecureFiles.listDirectory(folder)) ?? [] where name.hasPrefix(prefix) && false {')])


mutant("resource-of-another-api", "A protected resource's metadata must name the URL asked (its origin and a path prefix), else it is refused (RFC 9728 §3.3).",
  ["ProtectedResourceTests/testTheResourceMustBeTheURLsOriginAndAPathPrefix",
   "ResourceLoginTests/testMetadataForAnotherResourceIsRefusedAndNothingRegistered"],
  [("Sources/AuthHelperCore/Servers/ProtectedResource.swift",
    'guard resource.scheme == url.scheme, resource.host == url.host, resource.port == url.port else { return false }',
    'guard resource.scheme == url.scheme || true else { return false }')])
mutant("resource-prefix-not-a-segment", "A protected resource's path covers a URL only at a segment boundary (/mc does not cover /mcp).",
  ["ProtectedResourceTests/testTheResourceMustBeTheURLsOriginAndAPathPrefix"],
  [("Sources/AuthHelperCore/Servers/ProtectedResource.swift",
    'url.path.hasPrefix(resource.path + "/")', 'url.path.hasPrefix(resource.path)')])
mutant("resource-challenge-ignored", "The metadata a protected resource's 401 points at (resource_metadata) is read before the well-known places.",
  ["ProtectedResourceTests/testTheChallengesMetadataIsReadFirst"],
  [("Sources/AuthHelperCore/Servers/ProtectedResource.swift",
    'if probe.status == 401, let pointed = Self.metadataURL(in: probe.authenticate) {',
    'if probe.status == 401, false, let pointed = Self.metadataURL(in: probe.authenticate) {')])
mutant("several-servers-first-taken", "Several authorization servers: the person chooses at a terminal, else 64 naming them; never the first silently.",
  ["ResourceLoginTests/testSeveralAuthorizationServersWithNobodyToAskExit64NamingThem"],
  [("Sources/AuthHelperCore/Logins/ResourceLogin.swift", 'if servers.count == 1 { return servers[0] }', 'if servers.count >= 1 { return servers[0] }')])
mutant("registration-device-grant-kept", "A device grant the server refuses at registration is dropped and said, and the registration goes on.",
  ["ClientRegistrationTests/testADeviceGrantRefusedAtRegistrationIsDroppedAndSaid"],
  [("Sources/AuthHelperCore/Servers/ClientRegistration.swift",
    'if askForDeviceGrant, response.status == 400, OAuthError(response.body)?.code == "invalid_client_metadata" {',
    'if askForDeviceGrant, response.status == 400, false {')])
mutant("registration-confidential-on-glewlwyd", "authhelper registers as a public client, also where Glewlwyd 2.7 reads the auth method only from an array.",
  ["ResourceLoginTests/testALoginWithTheAPIsURLAloneRegistersLogsInAndReachesTheMCPServer"],
  [("Sources/AuthHelperCore/Servers/ClientRegistration.swift", '("client_confidential", .bool(false)),', '')])
mutant("registration-token-not-kept", "A registered client's registration access token is kept as a secret in the store, and every refresh carries it over.",
  ["ResourceLoginTests/testALoginWithTheAPIsURLAloneRegistersLogsInAndReachesTheMCPServer"],
  [("Sources/AuthHelperCore/Storage/StoredSession.swift",
    '        self.registrationAccessToken = previous?.registrationAccessToken\n', '')])


mutant("proxy-refusal-reaches-client", "mcp-proxy: a token the server refuses is refreshed once and the request sent again; the client never sees it.",
  ["ResourceLoginTests/testARefusedOrExpiredTokenIsRenewedWithoutTheClientNoticing",
   "CurlServiceTests/testA401FromTheProfilesServerRefreshesOnceAndRetriesWithTheNewToken"],
  [("Sources/AuthHelperCore/Broker/RequestAttempts.swift", 'guard !answered.refresh else { return false }', 'return false')])
mutant("proxy-failure-unanswered", "mcp-proxy: a request the server cannot answer gets a JSON-RPC error with the reason, never silence or a hang.",
  ["ResourceLoginTests/testAServerThatIsDownGetsAJSONRPCErrorWithTheReasonNeverAHang"],
  [("Sources/AuthHelperCore/MCP/MCPProxy.swift", 'return [Self.error(id: id, message: error.message)]', 'return []')])
mutant("proxy-session-forgotten", "mcp-proxy: the Mcp-Session-Id the server gives at initialize goes with every later request.",
  ["ResourceLoginTests/testTheSDKsStdioClientCallsAToolThroughTheProxyFromTheAPIsURLAlone"],
  [("Sources/AuthHelperCore/MCP/MCPProxy.swift", 'if let sessionID { headers.append(("Mcp-Session-Id", sessionID)) }', '')])


mutant("proxy-proof-for-another-method", "mcp-proxy: a DPoP profile's every request carries a proof of its own method and URL, the session's DELETE too.",
  ["DPoPTests/testTheMCPProxyCarriesAFreshProofOnEveryRequestToAnMCPServer"],
  [("Sources/AuthHelperCore/MCP/MCPProxy.swift",
    'headers += try attempts.authorization(method: method.rawValue, url: url).headerFields',
    'headers += try attempts.authorization(method: "POST", url: url).headerFields')])
mutant("proxy-nonce-unanswered", "mcp-proxy: an MCP server's DPoP nonce is answered with one resend and remembered for the origin.",
  ["DPoPTests/testTheMCPProxyCarriesAFreshProofOnEveryRequestToAnMCPServer"],
  [("Sources/AuthHelperCore/Broker/RequestAttempts.swift", 'if signer != nil, !answered.nonce, answer.asksForDPoPNonce, let given',
    'if signer != nil, answered.nonce, answer.asksForDPoPNonce, let given')])


mutant("step-up-answered-by-refresh", "authhelper curl: a step-up challenge is answered by a login, never by a refresh (a refresh cannot add scope or prove the person).",
  ["StepUpTests/testAtATerminalAMissingScopeIsOneLoginWithTheUnionAndOneRetry",
   "StepUpTests/testWithNobodyToAskAStepUpIs77NamingTheLoginAfterOneRequest"],
  [("Sources/AuthHelperCore/Broker/RequestAttempts.swift", '        if let stepUp = answer.stepUp {', '        if let stepUp = answer.stepUp, false {')])
mutant("step-up-loops", "authhelper curl: one login per request at most; a second challenge after it is the caller's answer.",
  ["StepUpTests/testASecondChallengeAfterTheLoginIsTheCallersAnswer"],
  [("Sources/AuthHelperCore/Broker/RequestAttempts.swift", '            answered.stepUp = true\n', '')])
mutant("step-up-asks-nobody", "A step-up with nobody to ask is 77 naming the login that answers it, not a prompt.",
  ["StepUpTests/testWithNobodyToAskAStepUpIs77NamingTheLoginAfterOneRequest"],
  [("Sources/AuthHelperCore/Refresh/TokenService.swift",
    'guard challenge.isAnswerable, agentClient(for: target.profile) == nil, context.mayLogInAgain(with: target.profile.grant) else {',
    'guard challenge.isAnswerable, agentClient(for: target.profile) == nil else {')])
mutant("step-up-scope-not-recorded", "A step-up's scope union is recorded as the profile's scope; its acr_values/max_age are for that login only.",
  ["StepUpTests/testAtATerminalAMissingScopeIsOneLoginWithTheUnionAndOneRetry"],
  [("Sources/AuthHelperCore/Refresh/TokenService.swift", 'broker.record("the stepped-up scope", in: target.profile) { $0.scope = union }', '_ = union')])
mutant("step-up-without-union", "A step-up's login asks for the held and the asked scopes together, so nothing the session had is lost.",
  ["StepUpChallengeTests/testInsufficientScopeNamesTheUnionOfTheHeldAndTheAskedScopes",
   "StepUpTests/testAtATerminalAMissingScopeIsOneLoginWithTheUnionAndOneRetry"],
  [("Sources/AuthHelperCore/Broker/StepUpChallenge.swift", 'return (holding + asked.filter { !holding.contains($0) }).joined(separator: " ")',
    'return asked.joined(separator: " ")')])


mutant("goauth-step-up-refreshed", "GOAUTH: a step-up challenge in go's response gets the login line (77), never a refresh or the same token again.",
  ["GoAuthTests/testAStepUpChallengeIsAnsweredWithTheLoginLineNeverARefresh"],
  [("Sources/AuthHelperCore/Integrations/GoAuth.swift",
    'if let challenge = response?.stepUp {', 'if let challenge = response?.stepUp, false {')])


mutant("step-up-asked-again", "The same step-up challenge after the login that answered it gets no second login (the session remembers it).",
  ["StepUpTests/testTheSameChallengeAfterTheLoginThatAnsweredItGetsNoSecondLogin",
   "StepUpChallengeTests/testTheSessionRemembersWhatItsLoginWasForAndTheSameChallengeIsAnsweredByIt"],
  [("Sources/AuthHelperCore/Broker/StepUpChallenge.swift", '        guard let memo else { return false }\n', '        guard let memo, false else { return false }\n')])
mutant("step-up-memo-lost-on-refresh", "What a session's login was a step-up for is carried over by every refresh.",
  ["StepUpTests/testTheSameChallengeAfterTheLoginThatAnsweredItGetsNoSecondLogin"],
  [("Sources/AuthHelperCore/Storage/StoredSession.swift", '        self.steppedUpFor = previous?.steppedUpFor\n', '')])
mutant("git-wwwauth-ignored", "git's wwwauth[] step-up challenge is answered by the helper: a login at a terminal, else 77 naming it.",
  ["StepUpTests/testGitsWWWAuthChallengeIsAnsweredByTheHelper", "GitCredentialRequestTests/testWWWAuthLinesAreTheChallengesAndAStepUpAmongThemIsFound"],
  [("Sources/AuthHelperCore/Integrations/GitCredential.swift", '                challenges.append(value)\n', '                continue\n')])


mutant("proxy-server-stream-unheard", "mcp-proxy: what the MCP server sends unasked, on its own GET stream, reaches the client (with a fresh token or proof).",
  ["ResourceLoginTests/testTheSDKsStdioClientCallsAToolThroughTheProxyFromTheAPIsURLAlone",
   "DPoPTests/testTheMCPProxyCarriesAFreshProofOnEveryRequestToAnMCPServer"],
  [("Sources/AuthHelperCore/MCP/MCPProxy.swift", '                ServerStream(connection: connection, writer: writer).start()\n', '')])
mutant("sse-split-event-lost", "An event stream read in chunks cut anywhere gives every event once, when its blank line has come.",
  ["ServerSentEventsTests/testChunksCutAnywhereGiveTheSameEventsEachOnceWhenComplete"],
  [("Sources/AuthHelperCore/MCP/ServerSentEvents.swift", '            pending.removeSubrange(..<end)\n', '            pending = []\n')])


mutant("dpop-key-read-twice", "A signed request's token and DPoP key come from one read of the store.",
  ["TokenServiceTests/testTheTokenAndTheDPoPKeyComeFromOneReadOfTheStore"],
  [("Sources/AuthHelperCore/Refresh/TokenService.swift", '        var session = seen.session\n', '        var session: StoredSession? = nil\n')])


mutant("devserver-takes-any-signature", "The development server's DPoP verifier refuses a proof whose signature is not the key's (its ES256 check is libgcrypt's).",
  ["DPoPTests/testADPoPProfileLogsInRefreshesAndCallsTheAPIWithProofsAndAStolenTokenIsUseless"],
  [("Sources/authhelper-devserver/Digests.swift", '        return status == 0\n', '        return true\n')])


mutant("profile-field-not-written", "Every key a profile's table is read from is written back by the config's rewrite (one ProfileField table).",
  ["ConfigFileTests/testEveryProfileKeyIsWrittenAndReadBackTheSame"],
  [("Sources/AuthHelperCore/Profiles/ProfileField.swift", '            $0[keyPath: value] ? "true" : nil\n', '            $0[keyPath: value] ? nil : nil\n')])
mutant("qr-code-on-a-pipe", "The device login's QR code goes to stderr only where it is a terminal: never into a log or a pipe.",
  ["DeviceLoginIntegrationTests/testADeviceLoginShowsTheAddressOnStderrPollsAndKeepsARefreshableSession"],
  [("Sources/AuthHelperCore/Logins/DeviceLogin.swift", 'isatty(2) == 1, let code = QRCode(complete)', 'let code = QRCode(complete)')])
mutant("qr-code-unreadable", "The device login's QR code is one a real decoder reads as the address shown.",
  ["QRCodeTests/testARealDecoderReadsBackEveryLengthUpToTheLimit",
   "DeviceLoginIntegrationTests/testAtATerminalTheAddressWithTheCodeIsAQRCodeAPhoneCanRead"],
  [("Sources/AuthHelperCore/Terminal/QRCode.swift", 'root = multiply(root, 2)', 'root = multiply(root, 3)')])


mutant("step-up-unnamed", "A scope the session lacks is answered once with the scope the server said and the login that adds it.",
  ["ResourceLoginTests/testInsufficientScopeGetsOneAnswerNamingTheLoginNoRefreshNoLoop"],
  [("Sources/AuthHelperCore/MCP/MCPProxy.swift",
    'StepUpChallenge(status: response.status, authenticate: response.authenticate)?.sentence(url: url, profile: profile)',
    'StepUpChallenge(status: 0, authenticate: response.authenticate)?.sentence(url: url, profile: profile)')])
NAMES = [f"{i:02d}-{name}" for i, (name, _, _, _) in enumerate(M, 1)]


def find(name):
    for full, entry in zip(NAMES, M):
        if full == name or entry[0] == name:
            return full, entry
    sys.exit(f"table.py: no mutant {name}")


def selected(words):
    return [n for n in NAMES if not words or any(w in n for w in words)]


def test_exists(test, sources):
    cls, _, func = test.partition("/")
    return re.search(rf"class {re.escape(cls)}\b", sources) and re.search(rf"func {re.escape(func)}\(", sources)


def check(words):
    sources = ""
    for folder, _, files in os.walk("Tests"):
        for f in files:
            if f.endswith(".swift"):
                sources += open(os.path.join(folder, f)).read()
    problems = 0
    names = selected(words)
    for full in names:
        name, rule, tests, edits = find(full)[1]
        if not rule or not tests:
            print(f"{full}: needs a rule and tests", file=sys.stderr); problems += 1
        for path, old, _ in edits:
            if not os.path.exists(path):
                print(f"{full}: {path} does not exist", file=sys.stderr); problems += 1; continue
            found = locate(open(path).read(), old)
            if not isinstance(found, tuple):
                print(f"{full}: {path}: expected one match of {old!r}, found {found}", file=sys.stderr); problems += 1
        for test in tests:
            if not test_exists(test, sources):
                print(f"{full}: names {test}, which does not exist", file=sys.stderr); problems += 1
    if len(set(n for n, *_ in M)) != len(M):
        print("two mutants share a name", file=sys.stderr); problems += 1
    if problems:
        sys.exit(1)
    print(f"check-mutants: {len(names)} mutants apply and name existing tests")


def apply(name):
    for path, old, new in find(name)[1][3]:
        text = open(path).read()
        found = locate(text, old)
        if not isinstance(found, tuple):
            sys.exit(f"{name}: {path}: expected one match of {old!r}, found {found}")
        start, end = found
        open(path, "w").write(text[:start] + new + text[end:])


if __name__ == "__main__":
    command, args = (sys.argv[1], sys.argv[2:]) if len(sys.argv) > 1 else ("list", [])
    if command == "list":
        print("\n".join(selected(args)))
    elif command == "check":
        check(args)
    elif command == "apply" and len(args) == 1:
        apply(args[0])
    elif command == "rule" and len(args) == 1:
        print(find(args[0])[1][1])
    elif command == "tests" and len(args) == 1:
        print(" ".join(find(args[0])[1][2]))
    else:
        sys.exit(__doc__)
