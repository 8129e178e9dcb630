import AggLMSupport
public import AggLMWire

/// Round-trip latency and throughput of aggregate requests through a running server, as seen by a client.
public struct RoundTripReport: Sendable {
    public var requests: Int
    public var problems: Int
    public var elapsedSeconds: Double
    /// Client-side round trip per request, µs.
    public var latency: LatencyHistogram
    /// Requests the server refused as a whole, by error code.
    public var refusals: [Agglm_V1_ErrorCode: Int]

    public var problemsPerSecond: Double { elapsedSeconds > 0 ? Double(problems) / elapsedSeconds : 0 }
}

/// What `agglm bench` needs to measure the service: replays requests through a `Client` with a fixed
/// number in flight and records every round trip.
public enum RoundTripBenchmark {
    /// Sends `warmup` requests (not measured), then every request of `requests`, keeping `window` in flight.
    public static func run(client: Client, requests: [Agglm_V1_AggregateRequest], window: Int, warmup: Int = 0) throws(ClientError) -> RoundTripReport {
        let frames = requests.map { ServiceRequests.encode(ServiceRequests.aggregate($0)) }
        if warmup > 0, !frames.isEmpty {
            let warmupFrames = (0..<warmup).map { frames[$0 % frames.count] }
            try client.exchange(warmupFrames, window: window) { _, _, _ in }
        }
        var latency = LatencyHistogram()
        var refusals: [Agglm_V1_ErrorCode: Int] = [:]
        let started = MonotonicClock.nanoseconds()
        try client.exchange(frames, window: window) { _, reply, roundTrip in
            latency.record(nanoseconds: roundTrip)
            switch reply.kind {
            case .aggregate(let response)? where response.hasError: refusals[response.error.code, default: 0] += 1
            case .error(let error)?: refusals[error.code, default: 0] += 1
            default: break
            }
        }
        let elapsed = Double(MonotonicClock.nanoseconds() &- started) / 1e9
        return RoundTripReport(
            requests: requests.count, problems: requests.reduce(0) { $0 + $1.problems.count },
            elapsedSeconds: elapsed, latency: latency, refusals: refusals
        )
    }
}
