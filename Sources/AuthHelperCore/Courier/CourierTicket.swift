/// What a refresh's courier must know besides the request: whose lock it holds on, and where it
/// keeps the server's answer before anyone reads it (RefreshCourier).
public struct CourierTicket: Sendable {
    /// The profile lock's descriptor: the courier holds the lock until it has kept the answer, so
    /// that no other refresh reads the store in between.
    public let lockDescriptor: Int32
    /// The kernel key the answer goes to (RefreshJournal's description of the profile).
    public let journal: String
    /// The fingerprint of the refresh token the request spends (RefreshJournalEntry.fingerprint).
    public let replaces: String
    /// Whether the answer is for the profile's own audience.
    public let profileDefault: Bool

    public init(lockDescriptor: Int32, journal: String, replaces: String, profileDefault: Bool) {
        self.lockDescriptor = lockDescriptor
        self.journal = journal
        self.replaces = replaces
        self.profileDefault = profileDefault
    }
}
