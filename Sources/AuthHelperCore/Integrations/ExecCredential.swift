/// The kubectl / client-go exec credential plugin format (client.authentication.k8s.io).
public enum ExecCredential {
    public static let v1 = "client.authentication.k8s.io/v1"
    public static let v1beta1 = "client.authentication.k8s.io/v1beta1"

    /// What `KUBERNETES_EXEC_INFO` told the plugin: the version to answer in and whether a
    /// person is there to be asked.
    public struct ExecInfo: Equatable, Sendable {
        public var apiVersion: String
        public var interactive: Bool

        public init(apiVersion: String = ExecCredential.v1, interactive: Bool = false) {
            self.apiVersion = apiVersion
            self.interactive = interactive
        }

        /// Without the variable (an old kubectl, or a person at the shell) the answer is v1.
        public init(environmentValue: String?) throws(AuthError) {
            self.init()
            guard let text = environmentValue, !text.isEmpty else { return }
            guard let json = try? JSONValue.parse(text) else {
                throw .usage("KUBERNETES_EXEC_INFO is not valid JSON.")
            }
            if let version = json["apiVersion"]?.stringValue {
                guard version == ExecCredential.v1 || version == ExecCredential.v1beta1 else {
                    throw .usage(
                        """
                        KUBERNETES_EXEC_INFO asks for \(printable(version)); authhelper speaks \(ExecCredential.v1) and \
                        \(ExecCredential.v1beta1).
                        """
                    )
                }
                apiVersion = version
            }
            if case .bool(let interactive)? = json["spec"]?["interactive"] { self.interactive = interactive }
        }
    }

    /// The ExecCredential object kubectl reads from stdout.
    public static func render(token: CachedToken, info: ExecInfo) -> String {
        JSONValue.object([
            ("apiVersion", .string(info.apiVersion)),
            ("kind", .string("ExecCredential")),
            (
                "status",
                .object([
                    ("token", .string(token.accessToken)),
                    ("expirationTimestamp", .string(Clock.rfc3339(token.expiresAt))),
                ])
            ),
        ]).prettySerialized + "\n"
    }
}
