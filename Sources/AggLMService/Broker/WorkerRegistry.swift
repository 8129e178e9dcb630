/// The broker's view of its workers: who is alive, who is idle (the ready queue, least recently used
/// first, as in the guide's `lbbroker`), and which request tag each busy worker holds.
///
/// Invariants: a worker is in the ready queue at most once and only while it holds no request; every
/// worker in the ready queue is registered.
struct WorkerRegistry {
    struct Record {
        var name: String
        /// Monotonic ns after which silence means the worker is dead (never, for in-process workers).
        var expiresAt: UInt64
        var inProcess: Bool
        /// The tag of the request it is working on.
        var assignment: UInt64?
    }

    private(set) var records: [[UInt8]: Record] = [:]
    private var ready: [[UInt8]] = []

    var aliveCount: Int { records.count }
    var readyCount: Int { ready.count }
    var identities: Dictionary<[UInt8], Record>.Keys { records.keys }

    func record(_ identity: [UInt8]) -> Record? { records[identity] }

    /// True when some idle worker is in-process (its thread is parked, so its core is free).
    var hasIdleInProcessWorker: Bool { ready.contains { records[$0]?.inProcess == true } }

    /// Notes a sign of life from `identity`, registering it (idle) when unknown. `inProcess` (from READY)
    /// marks a worker that never expires. Returns true when new.
    @discardableResult
    mutating func heard(from identity: [UInt8], name: String? = nil, inProcess: Bool? = nil, expiresAt: UInt64) -> Bool {
        if var record = records[identity] {
            if let inProcess { record.inProcess = inProcess }
            record.expiresAt = record.inProcess ? .max : expiresAt
            if let name { record.name = name }
            records[identity] = record
            return false
        }
        let local = inProcess ?? false
        records[identity] = Record(name: name ?? "unnamed", expiresAt: local ? .max : expiresAt, inProcess: local, assignment: nil)
        ready.append(identity)
        return true
    }

    /// The least recently used idle worker, now marked as holding `tag`.
    mutating func assignNext(tag: UInt64) -> [UInt8]? {
        while !ready.isEmpty {
            let identity = ready.removeFirst()
            guard records[identity] != nil else { continue }
            records[identity]?.assignment = tag
            return identity
        }
        return nil
    }

    /// `identity` finished its request (or never got it): it is idle again, at the back of the queue.
    mutating func release(_ identity: [UInt8]) {
        guard records[identity] != nil else { return }
        records[identity]?.assignment = nil
        if !ready.contains(identity) { ready.append(identity) }
    }

    /// Forgets `identity`; returns its record (with any assignment) when it was known.
    mutating func remove(_ identity: [UInt8]) -> Record? {
        ready.removeAll { $0 == identity }
        return records.removeValue(forKey: identity)
    }

    /// Forgets and returns every worker silent past its expiry.
    mutating func removeExpired(now: UInt64) -> [(identity: [UInt8], record: Record)] {
        let dead = records.filter { $0.value.expiresAt <= now }.map { (identity: $0.key, record: $0.value) }
        for worker in dead { _ = remove(worker.identity) }
        return dead
    }
}
