import AggLMSupport
@testable import AggLMService

/// Runs blocking socket code on a dedicated OS thread (never on the cooperative pool, which has two threads
/// here) and hands its result back to the test. Assertions belong in the test, on the returned value.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    let result: Result<T, any Error> = await withCheckedContinuation { continuation in
        do {
            _ = try OSThread { continuation.resume(returning: Result { try body() }) }
        } catch {
            continuation.resume(returning: .failure(error))
        }
    }
    return try result.get()
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
