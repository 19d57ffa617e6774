"""Writes scripts/mutants/NN-name.patch: each mutant breaks one rule of PRODUCT.md in the sources
and names the tests that must then fail (scripts/check-mutants runs them).

When the sources move on and `scripts/check-mutants --check` says a patch no longer applies, fix
its `old` text here and run this again (on a tree whose Sources/ are committed: it restores each
file with git checkout after taking the diff).
"""
import os
import subprocess
import sys

os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
if subprocess.run(['git','status','--porcelain','--untracked-files=no','Sources'],capture_output=True,text=True).stdout.strip():
    sys.exit('commit Sources first: the generator restores files with git checkout')
M = []
def mutant(name, rule, tests, edits):
    M.append((name, rule, tests, edits))

mutant("argv-token", "A password or token never appears in argv.",
  ["CurlWrapperTests/testSecretsAreInNoProcessArgvAndNotInCurlsEnvironment"],
  [("Sources/AuthHelperCore/Integrations/CurlRunner.swift",
    'let argv = [curlPath, "-K", "/dev/fd/3"] + arguments',
    'let argv = [curlPath, "-K", "/dev/fd/3", "-H", "Authorization: Bearer \\(token)"] + arguments')])
mutant("child-environment-token", "A token never leaves the process except on stdout: not in a child's environment.",
  ["CurlWrapperTests/testSecretsAreInNoProcessArgvAndNotInCurlsEnvironment"],
  [("Sources/AuthHelperCore/Integrations/CurlRunner.swift",
    '        var pid: pid_t = 0\n',
    '        setenv("AUTHHELPER_ACCESS_TOKEN", token, 1)\n        var pid: pid_t = 0\n')])
mutant("verbose-output", "A password or token never appears in verbose output.",
  ["HeaderTests/testVerboseOutputNeverShowsASecret", "SecurityTests/testSecretsAppearOnlyWhereTheContractPutsThem"],
  [("Sources/AuthHelperCore/Support/Diagnostics.swift",
    '            var text = message\n', '            let text = message\n'),
   ("Sources/AuthHelperCore/Support/Diagnostics.swift",
    '''            for secret in secrets where text.contains(secret) {
                text = text.replacing(secret, with: "[redacted]")
            }
''', ''),
   ("Sources/AuthHelperCore/Auth/AuthClient.swift",
    'diagnostics.debug("refresh answered HTTP \\(response.status), \\(response.body.count) bytes")',
    'diagnostics.debug("refresh answered HTTP \\(response.status): \\(String(decoding: response.body, as: UTF8.self))")')])
mutant("error-message", "A password or token never appears in an error message (a failing refresh does not echo the token it sent).",
  ["HeaderTests/testRejectedRefreshTokenExits77WithAdvice"],
  [("Sources/AuthHelperCore/Support/Diagnostics.swift",
    '            var text = message\n', '            let text = message\n'),
   ("Sources/AuthHelperCore/Support/Diagnostics.swift",
    '''            for secret in secrets where text.contains(secret) {
                text = text.replacing(secret, with: "[redacted]")
            }
''', ''),
   ("Sources/AuthHelperCore/Session/TokenService.swift",
    "The server rejected the refresh token of profile '\\(profile.name)' (\\(detail))",
    "The server rejected the refresh token \\(spent.refreshToken) of profile '\\(profile.name)' (\\(detail))")])
mutant("config-holds-secret", "A password or token never appears in the config file.",
  ["LoginTests/testClientIDScopeAndClientSecretAreSent"],
  [("Sources/AuthHelperCore/Session/LoginService.swift",
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
  ["LoginTests/testLoginStoresRefreshTokenInKeyringAndProfileInConfig", "StoreTests/testFileStoreWorksWithoutAKeyringAndWarns"],
  [("Sources/AuthHelperCore/Support/SecureFiles.swift",
    'let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)',
    'let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)')])
mutant("folder-mode", "Folders the tool creates are 0700 (and its runtime folder is kept so).",
  ["LoginTests/testLoginStoresRefreshTokenInKeyringAndProfileInConfig", "SecurityTests/testRuntimeFolderIsTightenedAndAPlantedLinkRefused"],
  [("Sources/AuthHelperCore/Support/SecureFiles.swift", '            if mkdir(path, 0o700) != 0, errno != EEXIST {', '            if mkdir(path, 0o755) != 0, errno != EEXIST {'),
   ("Sources/AuthHelperCore/Support/SecureFiles.swift", '        if st.st_mode & 0o077 != 0, chmod(path, 0o700) != 0 {', '        if false, chmod(path, 0o700) != 0 {')])
mutant("refresh-token-in-a-file", "The keyring is the only place the refresh token lives.",
  ["SecurityTests/testSecretsAppearOnlyWhereTheContractPutsThem"],
  [("Sources/AuthHelperCore/Session/LoginService.swift",
    '        try store.save(StoredSession(grant: grant, clientSecret: clientSecret))\n',
    '''        try store.save(StoredSession(grant: grant, clientSecret: clientSecret))
        try SecureFiles.ensurePrivateDirectory(context.paths.stateDirectory)
        try SecureFiles.writeAtomically(context.paths.stateDirectory + "/session-backup", Array(StoredSession(grant: grant, clientSecret: clientSecret).serialized.utf8), durable: false)
''')])
mutant("cache-mode-unchecked", "The runtime cache is ignored when its owner or mode is wrong.",
  ["SecurityTests/testCacheFileWithWrongModeIsIgnored"],
  [("Sources/AuthHelperCore/Support/SecureFiles.swift",
    '            guard st.st_mode & 0o077 == 0 else { return .untrusted("\\(path) is readable by others") }\n', '')])
mutant("cache-symlink-followed", "A symlink planted where the runtime cache should be is not followed.",
  ["SecurityTests/testSymlinkPlantedAsRuntimeCacheIsNotFollowed"],
  [("Sources/AuthHelperCore/Support/SecureFiles.swift",
    'let flags = O_RDONLY | O_CLOEXEC | (followSymlink ? 0 : O_NOFOLLOW)', 'let flags = O_RDONLY | O_CLOEXEC')])
mutant("silent-file-fallback", "No Secret Service: a clear failure, never a silent fallback to a file.",
  ["StoreTests/testHeaderWithoutSecretServiceExits69AndDeletesNothing"],
  [("Sources/AuthHelperCore/Session/Executors.swift",
    '            case .keyring: SecretServiceStore(profile: profile, mayPrompt: mayPrompt)\n',
    '''            case .keyring:
            { () -> Bool in do { _ = try SecretServiceStore(profile: profile, mayPrompt: false).probe(); return true } catch { return false } }()
                ? SecretServiceStore(profile: profile, mayPrompt: false) : FileSecretStore(profile: profile, paths: paths)
''')])
mutant("failure-deletes-session", "A failure never deletes a refresh token that might still be good.",
  ["HeaderTests/testServerErrorOnRefreshExits75AndKeepsTheSession"],
  [("Sources/AuthHelperCore/Session/TokenService.swift",
    '            switch try context.authClient(for: target.profile).refresh(refreshToken: spent.refreshToken, holding: signals) {',
    '''            let answer: RefreshResult
            do { answer = try context.authClient(for: target.profile).refresh(refreshToken: spent.refreshToken, holding: signals) } catch { _ = try? store.delete(); throw error }
            switch answer {''')])
mutant("changed-session-deleted", "A rejected refresh token is re-checked: nothing that changed under it is deleted.",
  ["RotatedMeanwhileTests/testAPairStoredByALoginMeanwhileIsUsedNotDeleted"],
  [("Sources/AuthHelperCore/Session/TokenService.swift",
    '        let stored = try store.load()\n',
    '        let stored = try store.load()\n        if let stored { _ = retire(rejected: stored, profile: profile, store: store) }\n')])
mutant("no-reread-under-lock", "Two processes never spend the same refresh token: re-read the store under the lock.",
  ["HeaderTests/testFiftyConcurrentHeadersOnAnExpiringTokenMakeOneRefresh"],
  [("Sources/AuthHelperCore/Session/TokenService.swift",
    '        guard let token = current.access, token.expiresAt > now else { return nil }\n',
    '        guard false, let token = current.access, token.expiresAt > now else { return nil }\n')])
mutant("config-warning-dropped", "An existing config readable by others draws a warning.",
  ["SecurityTests/testConfigReadableByOthersDrawsAWarning"],
  [("Sources/AuthHelperCore/Profiles/ConfigFile.swift",
    '                warnings.append("\\(path) can be read by other users',
    '                if false { warnings.append("") }; _ = ("\\(path) can be read by other users')])
mutant("user-agent", "The User-Agent names authhelper and its version.",
  ["SecurityTests/testUserAgentNamesAuthhelperAndItsVersion"],
  [("Sources/AuthHelperCore/HTTP/HTTPClient.swift",
    'userAgent: String = "authhelper/\\(AuthHelperVersion.current)"', 'userAgent: String = "curl/7.88.1"')])
mutant("lock-in-shared-tmp", "The lock lives in a per-user 0700 folder, not a shared temp folder.",
  ["LockTests/testAWaiterGivesUpAfterABoundedTimeAndChangesNothing"],
  [("Sources/AuthHelperCore/Profiles/Paths.swift",
    '        "\\(runtimeDirectory ?? stateDirectory)/\\(profile).lock"', '        "/tmp/authhelper-\\(profile).lock"'),
   ("Sources/AuthHelperCore/Profiles/Paths.swift",
    '    public var lockDirectory: String { runtimeDirectory ?? stateDirectory }', '    public var lockDirectory: String { "/tmp" }')])
mutant("lock-owner-unchecked", "The lock is a regular file of this user, opened without following links.",
  ["SecurityTests/testLockThatIsNotARegularFileOfYoursIsRefused"],
  [("Sources/AuthHelperCore/Session/ProfileLock.swift",
    'guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_uid == getuid() else {',
    'guard fstat(fd, &st) == 0 else {')])
mutant("signals-not-held", "SIGINT/SIGTERM between the refresh answer and the store wait for the store.",
  ["SignalTests/testSIGTERMWhileTheNewPairIsStoredWaitsForTheStore"],
  [("Sources/CSignals/csignals.c", '        if (sigaction(held_signals[i], &hold, NULL) == 0) installed[i] = 1;\n', '')])
mutant("secret-in-keyring-label", "Nothing secret in the keyring item's label or attributes (libsecret treats them as public).",
  ["LoginTests/testKeyringItemHasReadableLabelAndPublicAttributesOnly"],
  [("Sources/AuthHelperCore/Storage/SecretServiceStore.swift",
    '            ah_secret_store(attributes, label, session.serialized,',
    '            ah_secret_store(attributes, label + " " + session.refreshToken, session.serialized,')])
mutant("unlock-dialog-without-terminal", "A locked keyring asks to unlock only when interactive and fails cleanly when not.",
  ["KeyringFaultTests/testLockedKeyringAsksToUnlockOnlyWhenSomeoneIsAtATerminal"],
  [("Sources/AuthHelperCore/Session/Executors.swift",
    'SecretServiceStore(profile: profile, mayPrompt: mayPrompt)',
    'SecretServiceStore(profile: profile, mayPrompt: true)')])
mutant("signals-masked-per-thread", "SIGINT/SIGTERM between the refresh answer and the store wait for the store (in every thread).",
  ["SignalTests/testSIGTERMWhileTheNewPairIsStoredWaitsForTheStore"],
  [("Sources/CSignals/csignals.c",
    '        if (sigaction(held_signals[i], &hold, NULL) == 0) installed[i] = 1;\n',
    '        sigset_t one;\n        sigemptyset(&one);\n        sigaddset(&one, held_signals[i]);\n        if (pthread_sigmask(SIG_BLOCK, &one, NULL) == 0) installed[i] = 0;\n'),
   ("Sources/CSignals/csignals.c",
    '#include <unistd.h>\n', '#include <unistd.h>\n#include <pthread.h>\n')])

for i, (name, rule, tests, edits) in enumerate(M, 1):
    files = []
    for path, old, new in edits:
        s = open(path).read()
        if s.count(old) != 1:
            sys.exit(f"{name}: {path}: expected one match of {old!r}, found {s.count(old)}")
        open(path, 'w').write(s.replace(old, new))
        if path not in files: files.append(path)
    diff = subprocess.run(["git", "diff", "--"] + files, capture_output=True, text=True).stdout
    subprocess.run(["git", "checkout", "--"] + files, check=True)
    header = f"Rule: {rule}\nTests: {' '.join(tests)}\n\n"
    open(f"scripts/mutants/{i:02d}-{name}.patch", "w").write(header + diff)
print(len(M), "mutants written")
