import ArgumentParser
import AuthHelperCore

struct TerraformCredentials: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terraform-credentials",
        abstract: "Act as a Terraform or OpenTofu credentials helper (get, store, forget).",
        discussion: """
            terraform and tofu run this as terraform-credentials-authhelper (a link to authhelper \
            in ~/.terraform.d/plugins) with the operation and a host name. `get HOST` prints \
            {"token":"…"}: an access token of the profile that claims https://HOST/ (its server, \
            also_for, resources or registries), with at least 30 minutes left — terraform keeps it \
            for its whole run and has no expiry field; where the server's tokens live less than \
            that, a freshly refreshed one. A host no profile claims gets {}, so TF_TOKEN_… and \
            credentials blocks still apply. `store` is refused (log in with authhelper instead of \
            `terraform login`); `forget` drops the cached access token, never the session.

            Examples:
              mkdir -p ~/.terraform.d/plugins && ln -s "$(command -v authhelper)" ~/.terraform.d/plugins/terraform-credentials-authhelper
              ~/.terraformrc:  credentials_helper "authhelper" { args = ["--profile", "work"] }
              terraform-credentials-authhelper get registry.example.com
            """
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "get, store or forget.")
    var operation: String

    @Argument(help: "The host terraform asks about (HOST or HOST:PORT, punycode).")
    var host: String

    func run() throws {
        let context = options.makeContext().attended(by: .nobody)
        try runReportingErrors(context) { () throws(AuthError) in
            try writeProductOrFail(try TerraformCredential(context: context).answer(operation: operation, host: host))
        }
    }
}
