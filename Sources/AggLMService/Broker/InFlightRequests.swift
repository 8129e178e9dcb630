/// The requests the broker has handed to workers, by tag, and the bytes of their frames (part of the
/// memory budget, `Limits.maxQueuedBytes`, until the worker answers or is lost).
struct InFlightRequests {
    struct Flight {
        var request: QueuedRequest
        /// The client already got an error (deadline passed); the worker's reply will be dropped. Its bytes
        /// still count: the worker holds the request until it answers or is lost.
        var answered: Bool
    }

    private(set) var flights: [UInt64: Flight] = [:]
    /// Sum of `request.body.count` over `flights`.
    private(set) var bytes = 0

    var isEmpty: Bool { flights.isEmpty }
    var count: Int { flights.count }

    mutating func insert(_ request: QueuedRequest, tag: UInt64) {
        if let replaced = flights.updateValue(Flight(request: request, answered: false), forKey: tag) {
            bytes -= replaced.request.body.count
        }
        bytes += request.body.count
    }

    mutating func remove(_ tag: UInt64) -> Flight? {
        guard let flight = flights.removeValue(forKey: tag) else { return nil }
        bytes -= flight.request.body.count
        return flight
    }

    mutating func markAnswered(_ tag: UInt64) {
        flights[tag]?.answered = true
    }

    mutating func removeAll() -> [Flight] {
        defer {
            flights.removeAll()
            bytes = 0
        }
        return Array(flights.values)
    }
}
