import ArgumentParser
import AuthHelperCore

struct DockerCredential: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docker-credential",
        abstract: "Act as the container tools' credential helper (get, store, erase, list, version).",
        discussion: """
            docker, podman, skopeo, buildah and nerdctl run this as docker-credential-authhelper \
            (a link to authhelper) with the operation as argument and the registry on stdin. `get` \
            prints {"ServerURL","Username","Secret"}: a fresh access token of the profile that \
            claims the registry (registries = [...] in its table, or login --registry HOST), with \
            at least 300 s left where the server grants more, and its registry_username or \
            username — never the refresh token. A registry no profile claims gets "credentials not \
            found in native keychain" (exit 1), so the tools go on. `store` keeps nothing (exit 1: \
            log in with authhelper instead); `erase` drops the cached access token so the next \
            `get` refreshes; `list` names the claimed registries. Answers and errors go to stdout.

            Examples:
              ~/.docker/config.json:  {"credHelpers": {"registry.example.com:5000": "authhelper"}}
              podman / buildah auth.json (--authfile): {"credHelpers": {"ghcr.io": "authhelper"}}
              skopeo inspect --authfile auth.json docker://registry.example.com:5000/team/app:1.0
              echo registry.example.com:5000 | docker-credential-authhelper get
            """
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "get, store, erase, list or version.")
    var operation: String

    func run() throws {
        let outcome = DockerCredentialService(context: options.makeContext()).answer(operation: operation)
        guard writeProduct(outcome.stdout) else { throw ExitCode(DockerCredentialReply.failureStatus) }
        if outcome.status != 0 { throw ExitCode(outcome.status) }
    }
}
