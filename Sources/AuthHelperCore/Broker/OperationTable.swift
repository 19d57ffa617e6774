/// A credential helper protocol's operations, as git's own helpers hold them
/// (git-credential-libsecret.c): one function per operation name, each given the parsed request
/// and answering in the protocol; an operation the table does not name is the adapter's to
/// ignore or refuse, as its protocol says.
public typealias OperationTable<Request, Reply> = [String: @Sendable (Request) throws(AuthError) -> Reply]
