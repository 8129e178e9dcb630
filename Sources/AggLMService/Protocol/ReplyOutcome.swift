import AggLMWire

/// Error counts of one aggregate response, sent by a worker next to the reply body so the broker can keep
/// statistics without decoding replies. Encoded as little-endian (code: UInt32, count: UInt32) pairs.
struct ReplyOutcome: Equatable {
    private(set) var errorCounts: [Int: UInt32] = [:]

    init() {}

    init(of response: Agglm_V1_AggregateResponse) {
        if response.hasError { record(response.error.code) }
        for result in response.results where result.hasError { record(result.error.code) }
    }

    mutating func record(_ code: Agglm_V1_ErrorCode) {
        errorCounts[code.rawValue, default: 0] &+= 1
    }

    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        for (code, count) in errorCounts.sorted(by: { $0.key < $1.key }) {
            for value in [UInt32(truncatingIfNeeded: code), count] {
                bytes += (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) }
            }
        }
        return bytes
    }

    /// Decodes `bytes`; a trailing partial pair is ignored.
    init(decoding bytes: [UInt8]) {
        var index = 0
        func word(_ at: Int) -> UInt32 {
            (0..<4).reduce(0) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) }
        }
        while index + 8 <= bytes.count {
            errorCounts[Int(word(index)), default: 0] &+= word(index + 4)
            index += 8
        }
    }
}
