import ArgumentParser
import AuthHelperCore

struct Header: TokenCommand {
    static let product = TokenProduct.header

    static let configuration = CommandConfiguration(
        abstract: "Print 'Authorization: Bearer <access token>'.",
        discussion: """
            Refreshes first when the access token has less than --min-ttl seconds left. An explicit \
            --min-ttl is a promise: the token printed has at least that many seconds left, or, when \
            even a token the server has just issued cannot keep it, that fresh token is printed with \
            a warning naming the server's lifetime. Without --min-ttl the margin is 60 seconds, \
            capped at half the token's lifetime, so short-lived tokens do not cause a refresh on \
            every call.

            Examples:
              curl -H "$(authhelper header)" https://api.example.com/users/me
              curl -H @<(authhelper header) https://api.example.com/users/me   # token not in argv
              authhelper --profile work header --min-ttl 300
              authhelper header --resource https://files.example.com/   # a token for that API
            """
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var minTTL: MinTTLOption
    @OptionGroup var audience: AudienceOptions
}
