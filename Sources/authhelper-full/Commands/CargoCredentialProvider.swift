import ArgumentParser
import AuthHelperCore

struct CargoCredentialProvider: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cargo-credential",
        abstract: "Act as a cargo credential provider (what cargo runs as `authhelper --cargo-plugin`).",
        discussion: """
            cargo runs the provider with --cargo-plugin and writes one JSON request per line; the \
            registry's index URL chooses the profile (its server, also_for, resources or \
            registries claim it). `get` answers "Bearer" and an access token with at least 600 s \
            left where the server grants more, which cargo may keep until shortly before it \
            expires; a registry no profile claims gets url-not-supported, so cargo goes on to its \
            other providers. `login` is refused (log in with authhelper instead); `logout` forgets \
            the cached access token, never the session. A DPoP-bound profile is refused.

            Examples:
              .cargo/config.toml:
                [registries.company]
                index = "sparse+https://crates.example.com/index/"
                credential-provider = ["authhelper", "--profile", "work"]
              or for every registry:
                [registry]
                global-credential-providers = ["authhelper", "cargo:token"]
            """
    )

    @OptionGroup var options: GlobalOptions

    @Flag(name: .customLong("cargo-plugin"), help: "Cargo's mark that it runs the provider (always given by cargo).")
    var cargoPlugin = false

    func run() throws {
        let context = options.makeContext()
        let provider = CargoCredential(context: context)
        // The hello first: cargo checks the protocol version before it sends a request.
        guard writeProduct(CargoCredential.hello + "\n") else { throw ExitCode(TokenProduct.outputFailedStatus) }
        while let line = context.input.readLine() {
            guard !line.isEmpty else { continue }
            let (reply, note) = provider.answer(line)
            if let note { context.diagnostics.info(note) }
            guard writeProduct(reply + "\n") else { throw ExitCode(TokenProduct.outputFailedStatus) }
        }
    }
}
