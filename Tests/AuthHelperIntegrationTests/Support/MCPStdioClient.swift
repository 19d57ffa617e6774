import Foundation

extension IntegrationTestCase {
    /// The `mcp` SDK's stdio client with `authhelper mcp-proxy URL` as its server, as Claude Code
    /// or VS Code run one (Tests/Servers/mcp_stdio_client.py): its result line, parsed.
    func mcpStdioClient(through url: String, _ extra: [String] = []) throws -> (result: [String: Any], run: ProcessResult) {
        let run = try ProcessRunner.run(
            PythonServerProcess.python, [repositoryRoot + "/Tests/Servers/mcp_stdio_client.py", Products.authhelper, url] + extra,
            environment: session.environment)
        let last = run.stdout.split(separator: "\n").last.map(String.init) ?? ""
        let result = (try? JSONSerialization.jsonObject(with: Data(last.utf8))) as? [String: Any] ?? [:]
        return (result, run)
    }
}
