import AggLMSupport
import Glibc
import Synchronization
import Testing

@Suite struct CPUAffinityTests {
    /// Pinning happens on a thread of its own: a pinned cooperative-pool thread would slow every other test.
    @Test func pinsTheCallingThreadOrReportsWhyNot() throws {
        let results = Mutex<(valid: Int32?, invalid: Int32?)>((nil, nil))
        let thread = try OSThread {
            let outcome = (CPUAffinity.pinCurrentThread(to: 0), CPUAffinity.pinCurrentThread(to: 100_000))
            results.withLock { $0 = outcome }
        }
        thread.join()
        let (valid, invalid) = results.withLock { $0 }
        #expect(valid == nil)
        #expect(invalid == EINVAL)
        #expect(CPUAffinity.isAllowed(0))
        #expect(!CPUAffinity.isAllowed(100_000))
        #expect(!CPUAffinity.isAllowed(-1))
    }
}
