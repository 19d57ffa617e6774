import AuthHelperCore
import XCTest

/// The event streams MCP servers answer with (`text/event-stream`): read whole, or as they
/// arrive in chunks cut anywhere — each event once, when its blank line has come.
final class ServerSentEventsTests: XCTestCase {
    let stream = Array(": comment\nevent: message\nid: 1\ndata: {\"a\":1}\n\ndata: {\"b\":\ndata: 2}\r\n\r\nretry: 5\n\n".utf8)

    func testAWholeBodyGivesEachEventsDataLinesJoined() {
        XCTAssertEqual(ServerSentEvents.data(in: stream).map { String(decoding: $0, as: UTF8.self) }, [#"{"a":1}"#, "{\"b\":\n2}"])
    }

    func testChunksCutAnywhereGiveTheSameEventsEachOnceWhenComplete() {
        for cut in 1..<stream.count {
            var reader = ServerSentEvents.Reader()
            let first = reader.feed(Array(stream[..<cut]))
            let rest = reader.feed(Array(stream[cut...]))
            XCTAssertEqual((first + rest).map { String(decoding: $0, as: UTF8.self) }, [#"{"a":1}"#, "{\"b\":\n2}"], "cut at \(cut)")
        }
        var reader = ServerSentEvents.Reader()
        XCTAssertEqual(reader.feed(Array("data: x\n".utf8)), [], "no event before its blank line")
        XCTAssertEqual(reader.feed(Array("\n".utf8)).map { String(decoding: $0, as: UTF8.self) }, ["x"])
    }
}
