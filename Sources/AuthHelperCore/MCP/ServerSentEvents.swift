/// The events of a `text/event-stream` body (the HTML living standard's event stream format,
/// which MCP's streamable HTTP answers with): each event's `data:` lines joined by newlines;
/// comments, `event:`, `id:` and `retry:` fields are read past. Never traps on what a server sends.
public enum ServerSentEvents {
    public static func data(in body: [UInt8]) -> [[UInt8]] {
        var events: [[UInt8]] = []
        var data: [UInt8]?
        var lineStart = 0
        var index = 0
        func line(_ bytes: ArraySlice<UInt8>) {
            if bytes.isEmpty {
                if let finished = data { events.append(finished) }
                data = nil
                return
            }
            guard bytes.starts(with: Array("data".utf8)) else { return }
            var value = bytes.dropFirst(4)
            if value.first == UInt8(ascii: ":") {
                value = value.dropFirst()
                if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
            } else if !value.isEmpty {
                return  // a field named datafoo
            }
            if data == nil { data = Array(value) } else { data! += [0x0A] + value }
        }
        while index < body.count {
            let byte = body[index]
            if byte == 0x0A || byte == 0x0D {
                line(body[lineStart..<index])
                if byte == 0x0D, index + 1 < body.count, body[index + 1] == 0x0A { index += 1 }
                lineStart = index + 1
            }
            index += 1
        }
        if lineStart < body.count { line(body[lineStart...]) }
        if let finished = data { events.append(finished) }  // a stream cut off before its blank line
        return events
    }
}

extension ServerSentEvents {
    /// An event stream read as it arrives: each `feed` returns the events its bytes completed;
    /// the rest waits for the blank line that ends it.
    public struct Reader: Sendable {
        var pending: [UInt8] = []
        /// A stream that never ends an event is no MCP stream: past this it is dropped.
        static let limit = 32 << 20

        public init() {}

        public mutating func feed(_ chunk: [UInt8]) -> [[UInt8]] {
            pending += chunk
            // The end of the last complete event: a line feed that ends an empty line.
            var end: Int?
            var index = pending.count - 1
            while index > 0 {
                if pending[index] == 0x0A,
                    pending[index - 1] == 0x0A || (index > 1 && pending[index - 1] == 0x0D && pending[index - 2] == 0x0A)
                {
                    end = index + 1
                    break
                }
                index -= 1
            }
            guard let end else {
                if pending.count > Self.limit { pending = [] }
                return []
            }
            let complete = Array(pending[..<end])
            pending.removeSubrange(..<end)
            return ServerSentEvents.data(in: complete)
        }
    }
}
