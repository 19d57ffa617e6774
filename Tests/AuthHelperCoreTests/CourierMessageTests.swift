import XCTest

@testable import AuthHelperCore

/// What crosses the pipe between a refresh and its courier: read back as written, and nothing
/// incomplete taken as a request (a caller killed while writing must not get a request sent).
final class CourierMessageTests: XCTestCase {
    let ticket = CourierTicket(
        lockDescriptor: 9, journal: "authhelper-journal:p:alice@https://a.test", replaces: "ab12", profileDefault: false)

    func testARequestReadsBackAsWritten() throws {
        let request = HTTPRequest(
            url: "https://a.test/token", headers: [("Content-Type", "application/x-www-form-urlencoded"), ("DPoP", "ey.x.y")],
            body: [0, 1, 0xFF] + Array("grant_type=refresh_token".utf8))
        let bytes = CourierMessage.request(
            request, options: HTTPOptions(timeout: 7, caFile: "/ca.pem", maxResponseBytes: 99), ticket: ticket)
        let order = try XCTUnwrap(CourierMessage.order(from: bytes))
        XCTAssertEqual(order.request.method, .post)
        XCTAssertEqual(order.request.url, request.url)
        XCTAssertEqual(
            order.request.headers.map { "\($0.0): \($0.1)" }, ["Content-Type: application/x-www-form-urlencoded", "DPoP: ey.x.y"])
        XCTAssertEqual(order.request.body, request.body)
        XCTAssertEqual([order.options.timeout, order.options.maxResponseBytes], [7, 99])
        XCTAssertEqual(order.options.caFile, "/ca.pem")
        XCTAssertEqual([order.journal, order.replaces], [ticket.journal, ticket.replaces])
        XCTAssertFalse(order.profileDefault)
    }

    func testAnIncompleteRequestIsNoRequest() {
        let bytes = CourierMessage.request(
            HTTPRequest(url: "https://a.test/token", headers: []), options: HTTPOptions(timeout: 5, caFile: nil), ticket: ticket)
        for length in [0, 1, bytes.count / 2, bytes.count - 1] {
            XCTAssertNil(CourierMessage.order(from: Array(bytes.prefix(length))), "\(length) of \(bytes.count) bytes")
        }
    }

    func testAnAnswerAndAnErrorReadBackAsWritten() throws {
        var response = HTTPResponse(status: 401, body: [0x7B, 0x80], location: nil, dpopNonce: "n-1")
        response.authenticate = #"DPoP error="use_dpop_nonce""#
        let read = try XCTUnwrap(CourierMessage.result(from: CourierMessage.answer(.success(response)))).get()
        XCTAssertEqual(read.status, 401)
        XCTAssertEqual(read.body, [0x7B, 0x80])
        XCTAssertEqual(read.dpopNonce, "n-1")
        XCTAssertEqual(read.authenticate, response.authenticate)
        XCTAssertNil(read.location)
        let failed = CourierMessage.result(from: CourierMessage.answer(.failure(.temporary("The request to https://a.test timed out."))))
        XCTAssertThrowsError(try XCTUnwrap(failed).get()) { error in
            XCTAssertEqual(error as? AuthError, .temporary("The request to https://a.test timed out."))
        }
        XCTAssertNil(CourierMessage.result(from: []), "a courier that died says nothing")
    }
}
