import AggLMService
import ArgumentParser

/// How the broker thread runs: shared by `agglm serve` and by `agglm bench`, which starts `serve`
/// child processes with the same options. Every default is `ServerConfiguration`'s.
struct BrokerOptions: ParsableArguments {
    @Option(help: "Requests with at most this many candidates in all are run by the broker thread while a worker is idle (0: never).")
    var inlineCandidates = ServerConfiguration.defaultInlineCandidateBudget

    @Option(help: "Microseconds the broker keeps polling without blocking after a message while idle (0: always block).")
    var idleSpinUs = Int(ServerConfiguration.defaultIdleSpin / .microseconds(1))

    @Option(help: "Run the broker thread and libzmq's I/O thread on this CPU, or 'none' (default: the last online CPU).")
    var brokerCPU = CPUChoice(cpu: ServerConfiguration.defaultBrokerCPU)

    @Option(help: ArgumentHelp(
        "A helper thread that shares an inline request's per-candidate work with the broker: 'auto' (the first CPU that is not the broker's; off on one core), a CPU to pin it to, 'none' (unpinned) or 'off'.",
        discussion: "Answers are identical either way; the helper only shortens one request's time while the server is otherwise idle."))
    var inlineAssist = AssistChoice(setting: ServerConfiguration.defaultInlineAssist)

    @Option(help: "Microseconds the inline helper keeps spinning after a reply, for the client's next request (0: sleep at once).")
    var inlineAssistLingerUs = Int(ServerConfiguration.defaultInlineAssistLinger / .microseconds(1))

    func validate() throws {
        if let cpu = brokerCPU.cpu, cpu >= ServerConfiguration.onlineCores {
            throw ValidationError("--broker-cpu must be 'none' or an online CPU, 0 to \(ServerConfiguration.onlineCores - 1), e.g. --broker-cpu 0")
        }
        if idleSpinUs < 0 { throw ValidationError("--idle-spin-us must be 0 or more, e.g. --idle-spin-us 200") }
        if !(0...1_000_000).contains(inlineAssistLingerUs) {
            throw ValidationError("--inline-assist-linger-us must be 0 to 1000000 (one second), e.g. --inline-assist-linger-us 300")
        }
        if case .pinned(let cpu) = inlineAssist.setting, cpu >= ServerConfiguration.onlineCores {
            throw ValidationError("--inline-assist must be 'auto', 'off', 'none' or an online CPU, 0 to \(ServerConfiguration.onlineCores - 1), e.g. --inline-assist 0")
        }
    }

    /// The same options as `agglm serve` arguments.
    var serveArguments: [String] {
        ["--inline-candidates", "\(inlineCandidates)", "--idle-spin-us", "\(idleSpinUs)", "--broker-cpu", "\(brokerCPU)",
         "--inline-assist", "\(inlineAssist)", "--inline-assist-linger-us", "\(inlineAssistLingerUs)"]
    }
}

/// A command-line `InlineAssist`: `auto`, a CPU number, `none` or `off`.
struct AssistChoice: ExpressibleByArgument, CustomStringConvertible {
    let setting: InlineAssist

    init(setting: InlineAssist) {
        self.setting = setting
    }

    init?(argument: String) {
        switch argument {
        case "auto": setting = .automatic
        case "off": setting = .off
        case "none": setting = .unpinned
        default:
            guard let number = Int(argument), number >= 0 else { return nil }
            setting = .pinned(cpu: number)
        }
    }

    var description: String {
        switch setting {
        case .automatic: return "auto"
        case .off: return "off"
        case .unpinned: return "none"
        case .pinned(let cpu): return String(cpu)
        }
    }

    var defaultValueDescription: String { description }
}

/// A command-line CPU number, or `none`.
struct CPUChoice: ExpressibleByArgument, CustomStringConvertible {
    /// nil: no pinning.
    let cpu: Int?

    init(cpu: Int?) {
        self.cpu = cpu
    }

    init?(argument: String) {
        if argument == "none" {
            cpu = nil
        } else if let number = Int(argument), number >= 0 {
            cpu = number
        } else {
            return nil
        }
    }

    var description: String { cpu.map(String.init) ?? "none" }
    var defaultValueDescription: String { description }
}
