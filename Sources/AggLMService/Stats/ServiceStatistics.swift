import AggLMWire

/// The broker's counters, owned by the broker thread. Memory is bounded: one histogram per method
/// (at most the methods of the schema) and one counter per error code.
struct ServiceStatistics {
    let startedAt: UInt64
    private(set) var requestsServed: UInt64 = 0
    private(set) var problemsServed: UInt64 = 0
    private var errorCounts: [Int: UInt64] = [:]
    /// Round-trip latency in the broker (arrival to reply), per requested method. Requests that name no
    /// method (the server's default set) are recorded under METHOD_UNSPECIFIED.
    private var latencies: [Int: LatencyHistogram] = [:]

    private static let largestTrackedMethod = 32

    init(startedAt: UInt64) {
        self.startedAt = startedAt
    }

    mutating func recordError(_ code: Agglm_V1_ErrorCode, count: UInt64 = 1) {
        errorCounts[code.rawValue, default: 0] &+= count
    }

    mutating func recordServed(problems: Int, methods: [Agglm_V1_Method], latencyNanoseconds: UInt64, outcome: ReplyOutcome) {
        requestsServed &+= 1
        problemsServed &+= UInt64(problems)
        for (code, count) in outcome.errorCounts { errorCounts[code, default: 0] &+= UInt64(count) }
        // Unknown method numbers past the schema's range are not given histograms: memory stays bounded.
        let recorded: Set<Int> = methods.isEmpty ? [Agglm_V1_Method.unspecified.rawValue] : Set(methods.map(\.rawValue))
        for method in recorded where (0...Self.largestTrackedMethod).contains(method) {
            latencies[method, default: LatencyHistogram()].record(nanoseconds: latencyNanoseconds)
        }
    }

    func errorCount(_ code: Agglm_V1_ErrorCode) -> UInt64 { errorCounts[code.rawValue] ?? 0 }

    func healthReply(now: UInt64, workersAlive: Int, queueDepth: Int, checkpoint: String) -> Agglm_V1_HealthReply {
        var reply = Agglm_V1_HealthReply()
        reply.protocolVersion = UInt32(Agglm_V1_ProtocolVersion.current.rawValue)
        reply.uptimeSeconds = Double(now &- startedAt) / 1e9
        reply.workersAlive = UInt32(clamping: workersAlive)
        reply.requestsServed = requestsServed
        reply.problemsServed = problemsServed
        reply.errors = errorCounts.sorted(by: { $0.key < $1.key }).map { code, count in
            var entry = Agglm_V1_ErrorCount()
            entry.code = Agglm_V1_ErrorCode(rawValue: code) ?? .UNRECOGNIZED(code)
            entry.count = count
            return entry
        }
        reply.latencies = latencies.sorted(by: { $0.key < $1.key }).map { method, histogram in
            var entry = Agglm_V1_MethodLatency()
            entry.method = Agglm_V1_Method(rawValue: method) ?? .UNRECOGNIZED(method)
            entry.count = histogram.count
            entry.p50Us = histogram.percentile(0.50)
            entry.p90Us = histogram.percentile(0.90)
            entry.p99Us = histogram.percentile(0.99)
            return entry
        }
        reply.checkpoint = checkpoint
        reply.serverVersion = ServiceVersion.current
        reply.queueDepth = UInt32(clamping: queueDepth)
        return reply
    }
}
