import ArgumentParser
import AuthHelperCore

struct KubeCredential: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kube-credential",
        abstract: "Act as a kubectl exec credential plugin.",
        discussion: """
            Prints an ExecCredential with the access token and its expiry, in the apiVersion that \
            KUBERNETES_EXEC_INFO asks for (client.authentication.k8s.io/v1 or v1beta1; v1 without it).

            kubeconfig:
              users:
              - name: api
                user:
                  exec:
                    apiVersion: client.authentication.k8s.io/v1
                    command: authhelper
                    args: [kube-credential, --profile, work]
                    interactiveMode: IfAvailable
            """
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var minTTL: MinTTLOption
    @OptionGroup var audience: AudienceOptions

    func run() throws {
        let probe = options.makeContext()
        try runReportingErrors(probe) { () throws(AuthError) in
            let info = try ExecCredential.ExecInfo(environmentValue: probe.environment["KUBERNETES_EXEC_INFO"])
            // kubectl says whether a person is there (spec.interactive); without it, nobody is asked.
            // With it, kubectl shows the plugin's stderr: a device login's instructions go there.
            let context = options.makeContext(noticesOnStderr: info.interactive)
            let caller = CredentialBroker.Caller(
                protocolName: "kubectl's ExecCredential", freshness: minTTL.freshness, attendance: .kubectl(interactive: info.interactive))
            let token = try CredentialBroker(context: context).selectedProfileToken(for: caller, audience: audience.audience)
            try writeProductOrFail(ExecCredential.render(token: token, info: info))
        }
    }
}
