/// The docker-credential-helpers protocol (what docker, podman, skopeo, buildah and nerdctl run
/// as `docker-credential-NAME OP`), an adapter of the broker with an operation table: `get`
/// answers with a fresh access token for the registry's profile, never the refresh token and
/// never `<token>` as user name (docker would then run the refresh grant itself at the registry's
/// realm with the single-use refresh token); `store` keeps nothing; `erase` drops the cached
/// access token; `list` names the claimed registries. Every answer and every failure goes to
/// stdout, the protocol's one channel.
public struct DockerCredentialService {
    let context: AuthContext
    public init(context: AuthContext) { self.context = context }

    /// The tools run their helper with pipes: a person only where stdin and stderr are a terminal.
    static var caller: CredentialBroker.Caller {
        .init(protocolName: "the container tools' credential protocol", freshness: .registry, attendance: .containerTool)
    }

    public func answer(operation: String) -> Outcome {
        guard let handle = Self.operations[operation] else {
            return .failure(
                "authhelper: unknown operation '\(printable(operation))'; the operations are get, store, erase, list and version.")
        }
        do {
            let asked = ["get", "erase", "store"].contains(operation) ? try readRequest() : ""
            return try handle(Call(broker: CredentialBroker(context: context), serverURL: asked))
        } catch {
            return .failure("authhelper: \(error.message)")
        }
    }

    /// One call of the helper: the broker, and the registry named on stdin (get, erase).
    struct Call {
        let broker: CredentialBroker
        let serverURL: String
        var claim: RegistryClaim? { get throws(AuthError) { try RegistryName(parsing: serverURL).flatMap(broker.claim(ofRegistry:)) } }
    }

    static let operations: OperationTable<Call, Outcome> = [
        "get": { call throws(AuthError) in
            guard let claim = try call.claim else { return .notFound }
            let (username, token) = try call.broker.credential(for: claim, caller: caller)
            return .reply(DockerCredentialReply.render(serverURL: call.serverURL, username: username, secret: token.accessToken))
        },
        // What `podman login` and `skopeo login` call after `get`, and show.
        "store": { _ in .failure(noStore) },
        "erase": { call throws(AuthError) in
            guard let claim = try call.claim else { return .notFound }
            try call.broker.forget(claim, caller: caller)
            return .reply("")
        },
        "list": { call throws(AuthError) in .reply(try call.broker.registryList()) },
        "version": { _ in .reply("docker-credential-authhelper (authhelper) \(AuthHelperVersion.current)\n") },
    ]

    private func readRequest() throws(AuthError) -> String {
        guard let bytes = context.input.readAll(limit: DockerCredentialReply.requestLimit) else {
            throw .usage("The request on stdin is larger than \(DockerCredentialReply.requestLimit / 1024) KiB.")
        }
        return String(decoding: bytes, as: UTF8.self).trimmingSpaceAndNewlines
    }
}
