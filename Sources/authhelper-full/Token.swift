import ArgumentParser
import AuthHelperCore

struct Token: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the bare access token.",
        discussion: """
            Like header, without the 'Authorization: Bearer ' prefix; --min-ttl, --resource and \
            --scope work the same way.

            Example:
              TOKEN=$(authhelper token --min-ttl 300)   # valid at least 5 more minutes
            """
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var minTTL: MinTTLOption
    @OptionGroup var audience: AudienceOptions

    func run() throws {
        let status = TokenProduct.bare.serve(context: options.makeContext(), freshness: minTTL.freshness, audience: audience.audience)
        if status != 0 { throw ExitCode(status) }
    }
}
