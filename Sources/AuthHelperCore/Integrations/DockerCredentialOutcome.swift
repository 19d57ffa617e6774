extension DockerCredentialService {
    /// What to print on stdout, and the exit status.
    public struct Outcome: Equatable, Sendable {
        public let stdout: String
        public let status: Int32
        static func reply(_ text: String) -> Outcome { Outcome(stdout: text, status: 0) }
        static func failure(_ text: String) -> Outcome { Outcome(stdout: text + "\n", status: DockerCredentialReply.failureStatus) }
        static let notFound = failure(DockerCredentialReply.notFound)
    }

    static let noStore = """
        authhelper keeps no registry passwords: a registry gets a fresh access token of the profile that claims it. Log in \
        with `authhelper login --registry HOST` (or add the registry to a profile's registries) instead of a registry login.
        """
}
