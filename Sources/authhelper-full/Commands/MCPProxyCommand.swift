import ArgumentParser
import AuthHelperCore

#if canImport(Glibc)
    import Glibc
#endif

struct MCPProxyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp-proxy",
        abstract: "Serve a streamable-HTTP MCP server to a stdio MCP client, with a fresh token on every request.",
        discussion: """
            Reads the client's JSON-RPC messages on stdin, one per line, POSTs each to URL \
            (Accept: application/json, text/event-stream; the Mcp-Session-Id kept) with a token of \
            the profile that claims URL — Bearer, or a DPoP proof per request for a DPoP profile — \
            and writes the server's answers on stdout, one per line; a token the server refuses is \
            refreshed once and the request sent again. stdout carries only the protocol. A request \
            the server cannot answer (down, refusing) gets a JSON-RPC error with the reason. When \
            the client closes stdin, the session is ended (DELETE). Log in once first, for an API \
            that says what it needs with `authhelper login URL`.

            Examples:
              authhelper login https://mcp.example.com/mcp
              claude mcp add api -- authhelper mcp-proxy https://mcp.example.com/mcp
              VS Code .vscode/mcp.json: {"servers": {"api": {"type": "stdio", "command": "authhelper",
                                          "args": ["mcp-proxy", "https://mcp.example.com/mcp"]}}}
            """
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: ArgumentHelp("The MCP server's URL (streamable HTTP).", valueName: "url"))
    var url: String

    func run() throws {
        let context = options.makeContext().attended(by: .nobody)
        var status: Int32 = 0
        try runReportingErrors(context) { () throws(AuthError) in
            status = try MCPProxy(context: context, url: url).serve()
        }
        if status != 0 { throw ExitCode(status) }
    }
}
