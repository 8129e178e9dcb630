import AggLMCommandLine
import ArgumentParser
import Testing

@Suite struct OptionGroupTests {
    @Test func dataTakesSeveralFilesAfterOneFlag() throws {
        let options = try DataOptions.parse(["--data", "a.jsonl", "b.jsonl.gz", "--data", "c.jsonl"])
        #expect(options.files == ["a.jsonl", "b.jsonl.gz", "c.jsonl"])
        #expect(throws: Never.self) { try options.requireFiles() }
        #expect(throws: (any Error).self) { try DataOptions.parse([]).requireFiles() }
    }

    @Test func endpointDefaultsToInProcessWithTheDocumentedTimeout() throws {
        let options = try EndpointOptions.parse([])
        #expect(options.endpoint == nil)
        #expect(options.timeout == EndpointOptions.defaultTimeoutSeconds)
        #expect(options.timeoutDuration == .seconds(60))
        #expect(!options.curve.isGiven)
    }

    @Test func keysWithoutAnEndpointOrHalfAKeyPairAreRefused() {
        #expect(throws: (any Error).self) { try EndpointOptions.parse(["--server-public-key", "s.pub", "--key", "alice"]) }
        #expect(throws: (any Error).self) { try EndpointOptions.parse(["--endpoint", "tcp://127.0.0.1:5555", "--key", "alice"]) }
        #expect(throws: (any Error).self) { try EndpointOptions.parse(["--timeout", "0"]) }
        #expect(throws: Never.self) {
            try EndpointOptions.parse(["--endpoint", "tcp://127.0.0.1:5555", "--server-public-key", "s.pub", "--key", "alice"])
        }
    }
}
