import Foundation
import XCTest

@testable import AuthHelperCore

final class ConfigFileTests: XCTestCase {
    func parse(_ text: String) throws -> (Config, [String]) {
        var warnings: [String] = []
        let config = try ConfigFile.parse(text, path: "/x/config.toml", warnings: &warnings)
        return (config, warnings)
    }

    /// What is decided from a config is stamped with the very file read: load takes the
    /// fingerprint from the descriptor it read through, and a file put in its place afterwards
    /// (another process's login) changes nothing of what was read.
    func testLoadStampsTheConfigAndItsProfilesWithTheFileItRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ah-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/config.toml"
        XCTAssertEqual(try ConfigFile.load(path, diagnostics: nil).fingerprint, "none", "no file")
        let written = try ConfigFile.save(try parse("[profiles.a]\nserver = \"https://a.example\"\nusername = \"u\"\n").0, to: path)
        XCTAssertEqual(written, SecureFiles.fingerprint(path), "save names the file it wrote")
        let config = try ConfigFile.load(path, diagnostics: nil)
        XCTAssertEqual(config.fingerprint, written)
        XCTAssertEqual(config.profile(named: "a")?.configFingerprint, written)
        let replaced = try ConfigFile.save(try parse("[profiles.b]\nserver = \"https://b.example\"\nusername = \"u\"\n").0, to: path)
        XCTAssertNotEqual(replaced, written)
        XCTAssertEqual(config.profile(named: "a")?.configFingerprint, written, "what was read keeps its own stamp")
        var withForwarded = config
        withForwarded.upsert(try parse("[profiles.laptop]\nserver = \"https://l.example\"\nusername = \"u\"\n").0.profiles[0])
        XCTAssertEqual(withForwarded.profile(named: "laptop")?.configFingerprint, written, "a profile added joins its config")
    }

    func testTheContractExample() throws {
        let (config, warnings) = try parse(
            """
            default_profile = "work"          # login sets it

            [profiles.work]
            server = "https://api.example.com"
            username = "alice@example.com"
            client_id = "9221ffc9-640f-4372-86d3-ce642cba5603"
            scope = ""
            refresh = "postman-refresh"
            store = "file"
            cache = false
            ca_file = "/etc/ssl/certs/internal-ca.pem"
            timeout = 12
            allow_insecure_http = false
            """)
        XCTAssertEqual(warnings, [])
        XCTAssertEqual(config.defaultProfile, "work")
        let work = try XCTUnwrap(config.profile(named: "work"))
        XCTAssertEqual(work.server.description, "https://api.example.com")
        XCTAssertEqual(work.clientID, "9221ffc9-640f-4372-86d3-ce642cba5603")
        XCTAssertNil(work.scope, "an empty scope is no scope")
        XCTAssertEqual(work.refreshEndpoint, .postmanRefresh)
        XCTAssertEqual(work.store, .file)
        XCTAssertFalse(work.cache)
        XCTAssertEqual(work.timeout, 12)
    }

    func testRenderedConfigParsesBackToTheSameProfiles() throws {
        var profile = Profile(name: "eu.work", server: try ServerURL(parsing: "https://x.example/p"), username: "a \"quoted\" name")
        profile.refreshEndpoint = .postmanRefresh
        profile.cache = false
        profile.timeout = 5
        let config = Config(defaultProfile: "eu.work", profiles: [profile])
        let (parsed, warnings) = try parse(ConfigFile.render(config))
        XCTAssertEqual(warnings, [])
        XCTAssertEqual(parsed.profiles, [profile])
        XCTAssertEqual(parsed.defaultProfile, "eu.work")
    }

    /// Every key of the one ProfileField table, set to a value that is not its default (in one of
    /// two profiles: a password login's settings and a browser login's exclude each other):
    /// written by the rewrite, read back the same, and no key of the file unknown to the reader.
    func testEveryProfileKeyIsWrittenAndReadBackTheSame() throws {
        var profile = Profile(
            name: "all", server: try ServerURL(parsing: "https://api.example.com"), username: "ada", clientID: "cli", scope: "openid api",
            refreshEndpoint: .postmanRefresh, store: .kernel, cache: false, caFile: "/etc/ca.pem", timeout: 7, allowInsecureHTTP: true,
            alsoFor: [try ServerURL(parsing: "https://files.example.com")])
        profile.resources = ["https://mcp.example.com/"]
        profile.registries = [RegistryName(parsing: "registry.example.com:5000")!]
        profile.registryUsername = "oauth2accesstoken"
        profile.issuer = try ServerURL(parsing: "https://id.example.com")
        profile.tokenURL = try EndpointURL(parsing: "https://id.example.com/token")
        profile.revocationURL = try EndpointURL(parsing: "https://id.example.com/revoke")
        profile.deviceAuthorizationURL = try EndpointURL(parsing: "https://id.example.com/device")
        profile.authorizationURL = try EndpointURL(parsing: "https://id.example.com/authorize")
        profile.tokenAuthMethods = ["client_secret_post"]
        profile.clientAuth = .post
        profile.parameters = [try RequestParameter(parsing: "audience=api")]
        profile.offersOfflineAccess = true
        profile.passwordGrantWithoutClientID = true
        profile.requiresIssInAuthorizationResponse = true
        profile.forward = true
        profile.dpop = true
        profile.grant = .browser
        profile.redirectPort = 8123
        // What a browser login has no use for, in a password profile of its own.
        var password = Profile(name: "password", server: try ServerURL(parsing: "https://pw.example.com"), username: "bob")
        password.rememberPassword = true
        let text = ConfigFile.render(Config(defaultProfile: "all", profiles: [profile, password]))
        let keys = text.split(separator: "\n").compactMap { line in line.firstRange(of: " = ").map { String(line[..<$0.lowerBound]) } }
        XCTAssertEqual(Set(keys).subtracting(["default_profile"]), ProfileField.keys, text)
        let (parsed, warnings) = try parse(text)
        XCTAssertEqual(warnings, [])
        XCTAssertEqual(parsed.profiles, [profile, password], text)
    }

    func testErrorsNameTheLine() {
        let cases: [(String, String)] = [
            ("a = \n", "config.toml:1:"),
            ("[profiles.w]\nserver = \"https://x\"\nusername = \"u\"\ncache = \"yes\"\n", "config.toml:4: cache must be true or false"),
            ("[profiles.w]\nusername = \"u\"\n", "config.toml:1: profile 'w' has no server"),
            ("[profiles.w]\nserver = \"ftp://x\"\nusername = \"u\"\n", "config.toml:2:"),
            ("[profiles.w]\nserver = \"https://x\"\nusername = \"u\"\nrefresh = \"sometimes\"\n", "config.toml:4: refresh must be"),
            ("default_profile = 3\n", "config.toml:1: default_profile must be a string"),
            ("[profiles.\".hidden\"]\nserver = \"https://x\"\nusername = \"u\"\n", "config.toml:1: The profile name"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try parse(text)) { error in
                XCTAssertEqual((error as? AuthError)?.exitCode, 78)
                XCTAssertTrue(
                    (error as? AuthError)?.message.hasPrefix("/x/" + expected) == true,
                    "\((error as? AuthError)?.message ?? "") vs \(expected)")
            }
        }
    }

    func testUnknownKeysAreWarningsWithLines() throws {
        let (_, warnings) = try parse("x = 1\n\n[profiles.w]\nserver = \"https://x\"\nusername = \"u\"\ny = 2\n")
        XCTAssertEqual(
            warnings, ["/x/config.toml:1: unknown key 'x' ignored.", "/x/config.toml:6: unknown key 'y' in profile 'w' ignored."])
    }

    func testABrowserOrDeviceProfileNeedsNoUsernameButItsEndpoints() throws {
        let (browser, _) = try parse(
            """
            [profiles.work]
            server = "https://api.example.com"
            grant = "browser"
            redirect_port = 8400
            token_url = "https://auth.example.com/token"
            authorization_url = "https://auth.example.com/authorize"
            """)
        let profile = try XCTUnwrap(browser.profile(named: "work"))
        XCTAssertEqual(profile.grant, .browser)
        XCTAssertEqual(profile.username, "")
        XCTAssertEqual(profile.redirectPort, 8400)
        let rendered = ConfigFile.render(browser)
        XCTAssertFalse(rendered.contains("username"), rendered)
        XCTAssertTrue(rendered.contains("grant = \"browser\"\nredirect_port = 8400\n"), rendered)
        XCTAssertEqual(try parse(rendered).0.profiles, browser.profiles)

        XCTAssertThrowsError(
            try parse("[profiles.d]\nserver = \"https://a.example\"\ngrant = \"device\"\ntoken_url = \"https://a.example/t\"\n")
        ) {
            XCTAssertEqual(($0 as? AuthError)?.exitCode, 78)
            XCTAssertTrue(($0 as? AuthError)?.message.contains("device_authorization_url") == true)
        }
        XCTAssertThrowsError(try parse("[profiles.p]\nserver = \"https://a.example\"\n"), "a password profile still needs its username")
        XCTAssertThrowsError(try parse("[profiles.b]\nserver = \"https://a.example\"\nusername = \"u\"\ngrant = \"sso\"\n")) {
            XCTAssertTrue(($0 as? AuthError)?.message.contains(#"grant must be "password", "device" or "browser""#) == true, "\($0)")
        }
    }
}
