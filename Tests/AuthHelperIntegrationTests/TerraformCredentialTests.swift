import Foundation
import XCTest

/// `terraform-credentials-authhelper` as Terraform's credentials helper, driven by real terraform
/// (1.11, on this machine): `terraform init` installs a module from a loopback HTTPS module
/// registry that takes only a live token.
final class TerraformCredentialTests: PackageRegistryTestCase {
    static let terraform = "/usr/local/bin/terraform"

    /// terraform's own home (plugins), CLI config and the registry's CA.
    func terraformEnvironment(helperArguments: [String] = []) throws -> [String: String] {
        guard FileManager.default.isExecutableFile(atPath: Self.terraform) else {
            XCTFail("\(Self.terraform) is missing (terraform ≥ 1.11 is on the image this suite is run on)")
            throw Prerequisites.Missing(description: Self.terraform)
        }
        let home = work + "/terraform-home"
        let plugins = home + "/.terraform.d/plugins"
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: plugins + "/terraform-credentials-authhelper") {
            try FileManager.default.createSymbolicLink(
                atPath: plugins + "/terraform-credentials-authhelper", withDestinationPath: Products.authhelper)
        }
        let quoted = helperArguments.map { "\"\($0)\"" }.joined(separator: ", ")
        try "credentials_helper \"authhelper\" {\n  args = [\(quoted)]\n}\n".write(
            toFile: home + "/terraformrc", atomically: true, encoding: .utf8)
        var environment = session.environment
        environment["HOME"] = home
        environment["TF_CLI_CONFIG_FILE"] = home + "/terraformrc"
        environment["SSL_CERT_FILE"] = caFile
        environment["TF_IN_AUTOMATION"] = "1"
        environment["CHECKPOINT_DISABLE"] = "1"
        return environment
    }

    func makeConfiguration() throws -> String {
        let folder = work + "/infra"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try """
        module "hello" {
          source  = "\(registryHost)/example/hello/null"
          version = "1.0.0"
        }
        output "greeting" { value = module.hello.greeting }
        """.write(toFile: folder + "/main.tf", atomically: true, encoding: .utf8)
        return folder
    }

    func terraform(_ arguments: [String], in folder: String, environment: [String: String]) throws -> ProcessResult {
        try ProcessRunner.run(Self.terraform, arguments + ["-no-color"], environment: environment, workingDirectory: folder)
    }

    func testTerraformInitInstallsAModuleFromARegistryThatNeedsAToken() throws {
        let folder = try makeConfiguration()
        let initialize = try terraform(["init", "-input=false"], in: folder, environment: try terraformEnvironment())
        XCTAssertEqual(initialize.status, 0, initialize.stderr + initialize.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/.terraform/modules/hello/main.tf"), initialize.stdout)
        XCTAssertGreaterThanOrEqual(try registryStats().accepted["terraform"] ?? 0, 2, "versions and download took the token")
        XCTAssertEqual(try registryStats().refused["terraform"] ?? 0, 0)
        try assertNoRefreshToken(in: [initialize.stdout, initialize.stderr] + filesText(under: folder + "/.terraform"))
    }

    /// Terraform keeps the token for its whole run: a token with less than 30 minutes left is
    /// replaced first (the development server grants an hour).
    func testGetHandsOutATokenWithHalfAnHourLeftAndAnUnclaimedHostGetsAnEmptyObject() throws {
        let get = try session.authhelper(["terraform-credentials", "get", registryHost])
        XCTAssertEqual(get.status, 0, get.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(get.stdout.utf8)) as? [String: String])
        XCTAssertEqual(Array(json.keys), ["token"])
        XCTAssertEqual(
            try registryStatus(of: "/terraform/modules/v1/example/hello/null/versions", authorization: "Bearer " + (json["token"] ?? "")),
            200)
        XCTAssertGreaterThanOrEqual(try expiry(of: json["token"] ?? "") - Date().timeIntervalSince1970, 1800)
        let other = try session.authhelper(["terraform-credentials", "get", "registry.example.com"])
        XCTAssertEqual(other.status, 0, other.stderr)
        XCTAssertEqual(other.stdout, "{}\n")
        let store = try session.authhelper(["terraform-credentials", "store", registryHost], stdin: #"{"token":"from-terraform-login"}"#)
        assertFails(store, status: 64, naming: "authhelper login")
        let forget = try session.authhelper(["terraform-credentials", "forget", registryHost])
        XCTAssertEqual(forget.status, 0, forget.stderr)
        XCTAssertNotEqual(try currentToken(), json["token"], "forget dropped the cached token")
    }

    /// `exp` of a JWT access token (the development server's are).
    func expiry(of token: String) throws -> TimeInterval {
        var payload = String(token.split(separator: ".")[1]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(
            of: "_", with: "/")
        while payload.count % 4 != 0 { payload += "=" }
        let claims = try XCTUnwrap(JSONSerialization.jsonObject(with: try XCTUnwrap(Data(base64Encoded: payload))) as? [String: Any])
        return try XCTUnwrap(claims["exp"] as? TimeInterval)
    }

    func testADPoPProfileIsRefusedWithTheReason() throws {
        try loginBoundProfile(claiming: "")
        let folder = try makeConfiguration()
        let initialize = try terraform(
            ["init", "-input=false"], in: folder, environment: try terraformEnvironment(helperArguments: ["--profile", "bound"]))
        // terraform goes on without a token when its helper fails (and does not show why): the registry refuses it.
        XCTAssertNotEqual(initialize.status, 0)
        XCTAssertTrue(initialize.stderr.contains("401"), initialize.stderr)
        XCTAssertEqual(try registryStats().accepted["terraform"] ?? 0, 0)
        let direct = try session.authhelper(["terraform-credentials", "--profile", "bound", "get", registryHost])
        assertFails(direct, status: 64, naming: "DPoP-bound", "Terraform's credentials helper protocol")
    }
}
