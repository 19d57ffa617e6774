#if canImport(Glibc)
    import Glibc
#endif

/// The MCP server's own stream (streamable HTTP: a GET the server answers with an event stream
/// of messages it sends unasked — a list that changed, a request of its own): opened on a thread
/// of its own once the client is initialized, with a fresh token (or proof) like every request,
/// each message written to the client as it arrives. A server that offers none answers 405 and
/// is not asked again; a stream that ends is reopened, up to `reopenings` times in a row without
/// a message in between.
struct ServerStream: @unchecked Sendable {
    let connection: MCPConnection
    let writer: MessageWriter
    static let reopenings = 3

    /// Listens on a thread of its own; the process ends it when the client is done.
    func start() {
        let body = Unmanaged.passRetained(Box(self))
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { pointer in
                let stream = Unmanaged<Box>.fromOpaque(pointer!).takeRetainedValue().stream
                stream.listen()
                return nil
            }, body.toOpaque())
        if started == 0 {
            pthread_detach(thread)
        } else {
            body.release()
            connection.context.diagnostics.debug("the MCP server's own stream was not listened to: no thread")
        }
    }

    /// Opens the stream until the server says it has none, the client goes away, or it ended
    /// `reopenings` times in a row with nothing on it.
    func listen() {
        // The stream lasts the session: no overall timeout, only the connect timeout.
        let transport = connection.context.world.makeTransport(
            HTTPOptions(timeout: 0, caFile: connection.profile.caFile, maxResponseBytes: 1 << 20))
        var quietEnds = 0
        while quietEnds < Self.reopenings {
            let delivered = Delivered(writer: writer)
            let response: HTTPResponse
            do {
                response = try connection.send(.get, body: [], stream: { delivered.feed($0) }, over: transport)
            } catch {
                connection.context.diagnostics.debug("the MCP server's own stream: \(error.message)")
                return
            }
            guard response.status == 200, !delivered.clientGone else {
                connection.context.diagnostics.debug(
                    "the MCP server offers no stream of its own (HTTP \(response.status)): listening to its answers only")
                return
            }
            quietEnds = delivered.count > 0 ? 0 : quietEnds + 1
        }
    }

    /// One opening of the stream: its events, parsed as they come and written to the client.
    final class Delivered: @unchecked Sendable {
        let writer: MessageWriter
        var reader = ServerSentEvents.Reader()
        var count = 0
        var clientGone = false

        init(writer: MessageWriter) { self.writer = writer }

        func feed(_ chunk: [UInt8]) {
            for payload in reader.feed(chunk) {
                guard let message = (try? JSONValue.parse(payload))?.serialized else { continue }
                count += 1
                if !writer.write(message) { clientGone = true }
            }
        }
    }

    private final class Box {
        let stream: ServerStream
        init(_ stream: ServerStream) { self.stream = stream }
    }
}
