import ArgumentParser
import AuthHelperCore

/// `header` and `token`: the same options and the same service; only what they print differs
/// (their `product`), so the run is written once, here.
protocol TokenCommand: ParsableCommand {
    static var product: TokenProduct { get }
    var options: GlobalOptions { get }
    var minTTL: MinTTLOption { get }
    var audience: AudienceOptions { get }
}

extension TokenCommand {
    func run() throws { try serveProduct() }

    /// The product for the options given, or the exit status of what went wrong.
    func serveProduct() throws {
        let status = Self.product.serve(context: options.makeContext(), freshness: minTTL.freshness, audience: audience.audience)
        if status != 0 { throw ExitCode(status) }
    }
}
