/// The broker's bounded FIFO of requests waiting for a worker.
///
/// The broker admits a request only while fewer than `capacity` requests would be left waiting after the
/// idle workers took theirs; re-queued requests (admitted before) are never refused for space.
struct PendingQueue {
    let capacity: Int
    private var items: [QueuedRequest] = []
    private var head = 0
    /// Sum of `body.count` over the waiting requests (part of the memory budget, `Limits.maxQueuedBytes`).
    private(set) var bytes = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    var count: Int { items.count - head }
    var isEmpty: Bool { count == 0 }

    mutating func append(_ request: QueuedRequest) {
        items.append(request)
        bytes += request.body.count
    }

    /// Puts a re-queued request first: it has waited longest.
    mutating func prepend(_ request: QueuedRequest) {
        bytes += request.body.count
        if head > 0 {
            head -= 1
            items[head] = request
        } else {
            items.insert(request, at: 0)
        }
    }

    mutating func popFirst() -> QueuedRequest? {
        guard head < items.count else { return nil }
        let request = items[head]
        head += 1
        bytes -= request.body.count
        compactIfNeeded()
        return request
    }

    /// Removes and returns every request whose deadline is at or before `now`, keeping the others in order.
    mutating func removeExpired(now: UInt64) -> [QueuedRequest] {
        guard items[head...].contains(where: { $0.deadline <= now }) else { return [] }
        var expired: [QueuedRequest] = []
        var kept: [QueuedRequest] = []
        for request in items[head...] {
            if request.deadline <= now { expired.append(request) } else { kept.append(request) }
        }
        items = kept
        head = 0
        bytes -= expired.reduce(0) { $0 + $1.body.count }
        return expired
    }

    /// Removes and returns everything.
    mutating func removeAll() -> [QueuedRequest] {
        let all = Array(items[head...])
        items = []
        head = 0
        bytes = 0
        return all
    }

    /// The earliest deadline of a waiting request.
    var earliestDeadline: UInt64? { items[head...].lazy.map(\.deadline).min() }

    private mutating func compactIfNeeded() {
        if head > 64 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
    }
}
