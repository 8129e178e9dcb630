@testable import AggLMService
import Glibc
import Testing

@Suite(.serialized) struct SignalShutdownTriggerTests {
    @Test func aSignalReachesTheActionOnTheWatcherThread() throws {
        let received = OneShot<Int32>()
        let trigger = try SignalShutdownTrigger(signals: [SIGUSR1]) { received.fulfil($0) }
        #expect(throws: SignalShutdownTrigger.AlreadyInstalled.self) { _ = try SignalShutdownTrigger(signals: [SIGUSR2]) { _ in } }
        kill(getpid(), SIGUSR1)
        #expect(received.wait() == SIGUSR1)
        trigger.uninstall()
    }
}
