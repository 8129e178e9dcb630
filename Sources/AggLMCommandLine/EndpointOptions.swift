public import ArgumentParser

/// `--endpoint` and `--timeout` (and the CURVE keys, which only make sense with an endpoint): how a command
/// that can run in-process sends its work to a running `agglm serve` instead. Shared by `agglm compare` and
/// `agglm aggregate`, with one default: a reply may take a large batch's time on a busy server.
public struct EndpointOptions: ParsableArguments {
    @Option(help: "Send the work to a running `agglm serve` at this endpoint, e.g. tcp://127.0.0.1:5555, instead of running it in this process (same results).")
    public var endpoint: String?

    @Option(help: "With --endpoint: seconds to wait for a reply before retrying.")
    public var timeout = EndpointOptions.defaultTimeoutSeconds

    @OptionGroup public var curve: CurveClientOptions

    /// The default `--timeout`.
    public static let defaultTimeoutSeconds = 60.0

    public init() {}

    /// `--timeout` as a duration.
    public var timeoutDuration: Duration { .milliseconds(Int(timeout * 1000)) }

    public func validate() throws {
        if !(timeout > 0) { throw ValidationError("--timeout must be positive, e.g. --timeout 30") }
        if endpoint == nil && curve.isGiven {
            throw ValidationError("--server-public-key and --key apply with --endpoint only: add --endpoint tcp://HOST:5555 or drop them")
        }
    }
}
