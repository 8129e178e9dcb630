@testable import agglm
import AggLMService
import Testing

/// `ServerConfiguration` is the one source of serve defaults: `agglm serve` without options must describe
/// the same server as `ServerConfiguration()`.
@Suite struct ServeDefaultsTests {
    @Test func serveWithoutOptionsConfiguresTheLibraryDefaults() throws {
        let command = try ServeCommand.parse([])
        let cli = command.serverConfiguration(security: nil)
        let library = ServerConfiguration()
        #expect(cli.bind == library.bind)
        #expect(cli.workersEndpoint == library.workersEndpoint)
        #expect(cli.inProcessWorkers == library.inProcessWorkers)
        #expect(cli.limits.maxQueuedRequests == library.limits.maxQueuedRequests)
        #expect(cli.limits.maxQueuedBytes == library.limits.maxQueuedBytes)
        #expect(cli.drainTimeout == library.drainTimeout)
        #expect(cli.inlineCandidateBudget == library.inlineCandidateBudget)
        #expect(cli.idleSpin == library.idleSpin)
        #expect(cli.brokerCPU == library.brokerCPU)
        #expect(cli.inlineAssist == library.inlineAssist)
        #expect(cli.inlineAssistLinger == library.inlineAssistLinger)
        #expect(cli.handlesSignals == library.handlesSignals)
    }

    /// What `agglm bench` passes to the `agglm serve` children it starts parses back to the same options.
    @Test func benchPassesTheBrokerOptionsThroughUnchanged() throws {
        let options = try BrokerOptions.parse(["--inline-candidates", "9", "--broker-cpu", "none", "--inline-assist", "off", "--inline-assist-linger-us", "5"])
        let reparsed = try BrokerOptions.parse(options.serveArguments)
        #expect(reparsed.serveArguments == options.serveArguments)
        #expect(reparsed.inlineCandidates == 9)
        #expect(reparsed.brokerCPU.cpu == nil)
        #expect(reparsed.inlineAssist.setting == .off)
        #expect(reparsed.inlineAssistLingerUs == 5)
    }
}
