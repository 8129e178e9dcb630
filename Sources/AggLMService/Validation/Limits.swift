/// Bounds on what the server accepts and holds. Requests beyond them get an explicit error reply; nothing
/// past these limits is ever decoded into memory or queued.
public struct Limits: Sendable, Equatable {
    /// Bytes of one request frame. Larger frames get TEXT_TOO_LARGE without being decoded; frames over twice
    /// this are cut off by libzmq itself (ZMQ_MAXMSGSIZE), which disconnects the sender. Default 64 MiB.
    public var maxRequestBytes: Int = 64 << 20
    /// Problems in one request (TOO_MANY_PROBLEMS). Default 4096.
    public var maxProblemsPerRequest: Int = 4096
    /// Candidates in one problem (TOO_MANY_CANDIDATES). Default 512.
    public var maxCandidatesPerProblem: Int = 512
    /// UTF-8 bytes of any one string field: ids, question, gold, source, model, text, answer
    /// (TEXT_TOO_LARGE). Default 1 MiB.
    public var maxTextBytes: Int = 1 << 20
    /// Requests waiting for a worker; past it new requests get OVERLOADED at once. Default 1024.
    public var maxQueuedRequests: Int = 1024
    /// Deadline of a request whose `deadline_ms` is 0. Default 30 s.
    public var defaultDeadline: Duration = .seconds(30)

    public init() {}

    public init(
        maxRequestBytes: Int = 64 << 20, maxProblemsPerRequest: Int = 4096, maxCandidatesPerProblem: Int = 512,
        maxTextBytes: Int = 1 << 20, maxQueuedRequests: Int = 1024, defaultDeadline: Duration = .seconds(30)
    ) {
        self.maxRequestBytes = maxRequestBytes
        self.maxProblemsPerRequest = maxProblemsPerRequest
        self.maxCandidatesPerProblem = maxCandidatesPerProblem
        self.maxTextBytes = maxTextBytes
        self.maxQueuedRequests = maxQueuedRequests
        self.defaultDeadline = defaultDeadline
    }
}
