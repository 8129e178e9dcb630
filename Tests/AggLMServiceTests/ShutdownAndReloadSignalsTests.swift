@testable import AggLMService
import Glibc
import Testing

@Suite(.serialized) struct ShutdownAndReloadSignalsTests {
    @Test func aSignalReachesTheActionOnTheWatcherThread() throws {
        let received = OneShot<Int32>()
        let trigger = try ShutdownAndReloadSignals(signals: [SIGUSR1]) { received.fulfil($0) }
        #expect(throws: ShutdownAndReloadSignals.AlreadyInstalled.self) { _ = try ShutdownAndReloadSignals(signals: [SIGUSR2]) { _ in } }
        kill(getpid(), SIGUSR1)
        #expect(received.wait() == SIGUSR1)
        trigger.uninstall()
    }
}
