import ArgumentParser
import AuthHelperCore

struct Token: TokenCommand {
    static let product = TokenProduct.bare

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
}
