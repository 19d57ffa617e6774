/// The one error type of authhelper. Each case is one exit status of the contract (sysexits), and
/// every message is a full sentence that says what happened and, where there is one, what to do.
///
/// Messages never hold a secret: callers pass descriptions of values, not the values.
public enum AuthError: Error, Equatable, Sendable {
    /// 64: a bad flag, a bad URL, a missing argument.
    case usage(String)
    /// 65: the server answered with something authhelper cannot use.
    case malformedResponse(String)
    /// 69: the server is unreachable, or there is no Secret Service.
    case unavailable(String)
    /// 75: a timeout or HTTP 5xx; nothing stored was changed, retry later.
    case temporary(String)
    /// 77: not logged in, bad credentials, refresh token expired or already used.
    case notPermitted(String)
    /// 78: the config file is malformed.
    case configuration(String)
    /// 1: anything else.
    case failure(String)
    /// 126 or 127, as a shell says it: `authhelper exec` could not start its program.
    case childFailedToStart(Int32, String)

    /// The process exit status that the contract assigns to this error.
    public var exitCode: Int32 {
        switch self {
        case .usage: 64
        case .malformedResponse: 65
        case .unavailable: 69
        case .temporary: 75
        case .notPermitted: 77
        case .configuration: 78
        case .failure: 1
        case .childFailedToStart(let status, _): status
        }
    }

    /// The same error with one more sentence (nil: unchanged).
    public func adding(_ sentence: String?) -> AuthError {
        guard let sentence else { return self }
        return withMessage(message + " " + sentence)
    }

    /// The same kind of error (the same exit status) with another message.
    public func withMessage(_ message: String) -> AuthError {
        switch self {
        case .usage: return .usage(message)
        case .malformedResponse: return .malformedResponse(message)
        case .unavailable: return .unavailable(message)
        case .temporary: return .temporary(message)
        case .notPermitted: return .notPermitted(message)
        case .configuration: return .configuration(message)
        case .failure: return .failure(message)
        case .childFailedToStart(let status, _): return .childFailedToStart(status, message)
        }
    }

    public var message: String {
        switch self {
        case .usage(let m), .malformedResponse(let m), .unavailable(let m), .temporary(let m),
            .notPermitted(let m), .configuration(let m), .failure(let m), .childFailedToStart(_, let m):
            m
        }
    }
}
