import ArgumentParser
import AuthHelperCore

struct MCPHeadersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp-headers",
        abstract: "Print the headers of an MCP server's requests as JSON (Claude Code's headersHelper).",
        discussion: """
            The MCP server's URL (--url, else CLAUDE_CODE_MCP_SERVER_URL, which Claude Code sets \
            for its headersHelper) chooses the profile that claims it and, on a resource, that \
            resource's own token. Prints {"Authorization":"Bearer …"} with at least 600 s left \
            where the server grants more (the client runs the helper only when it connects). A URL \
            no profile claims exits 77 with the reason and prints nothing. For a client that wants \
            a bare key (Claude Code's apiKeyHelper, Codex's auth command) use `authhelper token \
            --min-ttl N`.

            Examples:
              .mcp.json:  {"mcpServers": {"api": {"type": "http", "url": "https://mcp.example.com/mcp",
                            "headersHelper": "authhelper mcp-headers"}}}
              authhelper mcp-headers --url https://mcp.example.com/mcp
            """
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: ArgumentHelp("The MCP server's URL (else $CLAUDE_CODE_MCP_SERVER_URL).", valueName: "url"))
    var url: String?

    func run() throws {
        let context = options.makeContext().attended(by: .nobody)
        try runReportingErrors(context) { () throws(AuthError) in
            try writeProductOrFail(try MCPHeaders(context: context).answer(url: url))
        }
    }
}
