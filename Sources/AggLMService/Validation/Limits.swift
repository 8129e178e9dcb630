#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// Bytes of request frames held at once, waiting for a worker or being worked on; past it new requests
    /// get OVERLOADED at once (accepted ones are never dropped for space). Default `machineQueueBytes`.
    public var maxQueuedBytes: Int = Limits.machineQueueBytes
    /// Deadline of a request whose `deadline_ms` is 0. Default 30 s.
    public var defaultDeadline: Duration = .seconds(30)

    public init() {}

    public init(
        maxRequestBytes: Int = 64 << 20, maxProblemsPerRequest: Int = 4096, maxCandidatesPerProblem: Int = 512,
        maxTextBytes: Int = 1 << 20, maxQueuedRequests: Int = 1024, defaultDeadline: Duration = .seconds(30),
        maxQueuedBytes: Int = Limits.machineQueueBytes
    ) {
        self.maxRequestBytes = maxRequestBytes
        self.maxProblemsPerRequest = maxProblemsPerRequest
        self.maxCandidatesPerProblem = maxCandidatesPerProblem
        self.maxTextBytes = maxTextBytes
        self.maxQueuedRequests = maxQueuedRequests
        self.defaultDeadline = defaultDeadline
        self.maxQueuedBytes = maxQueuedBytes
    }

    /// The default byte budget: an eighth of physical memory, at most 1 GiB, and never below one maximum-size
    /// request (64 MiB), so any valid request can be served on an idle server. Held request bytes cost more
    /// than their size in resident memory (copies in libzmq and in the worker, the decoded request), so the
    /// eighth leaves room for that; BENCHMARKS.md has the measured peak.
    public static var machineQueueBytes: Int {
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let pageSize = sysconf(Int32(_SC_PAGESIZE))
        let physical = pages > 0 && pageSize > 0 ? pages.multipliedReportingOverflow(by: pageSize).partialValue : 8 << 30
        return max(64 << 20, min(1 << 30, physical / 8))
    }
}
