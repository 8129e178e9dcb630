import AggLMService
import ArgumentParser

/// `agglm serve`'s key options, checked together: CURVE needs the server key and an allow-list per
/// endpoint, and an endpoint other machines can reach needs CURVE or an explicit --insecure. Each error says
/// what to type instead.
struct ServeSecurityCheck {
    var bind: String
    var workersEndpoint: String?
    var serverKey: String?
    var clientKeys: String?
    var workerKeys: String?
    var insecure: Bool

    func validate() throws {
        if serverKey != nil {
            if insecure { throw ValidationError("--insecure and --server-key contradict each other: drop --insecure") }
            if clientKeys == nil {
                throw ValidationError("--server-key needs --client-keys FOLDER: the folder of the public keys (*.pub) of clients allowed to connect, e.g. --client-keys clients/")
            }
            if workersEndpoint != nil && workerKeys == nil {
                throw ValidationError("--server-key with --workers-endpoint needs --worker-keys FOLDER: the folder of the public keys (*.pub) of workers allowed to join, e.g. --worker-keys workers/")
            }
            if workersEndpoint == nil && workerKeys != nil {
                throw ValidationError("--worker-keys applies to --workers-endpoint, which is not given: drop --worker-keys or add --workers-endpoint tcp://0.0.0.0:5556")
            }
            return
        }
        for (option, value) in [("--client-keys", clientKeys), ("--worker-keys", workerKeys)] where value != nil {
            throw ValidationError("\(option) needs --server-key FILE (a pair from `agglm keygen --out server`), e.g. --server-key server.key")
        }
        let exposed = [bind, workersEndpoint].compactMap { $0 }.filter { !EndpointExposure.isLocalOnly($0) }
        guard !exposed.isEmpty, !insecure else { return }
        throw ValidationError(refusal(exposed: exposed))
    }

    /// The error for binding `exposed` without keys: the three ways forward, as commands.
    func refusal(exposed: [String]) -> String {
        var secured = "agglm serve --bind \(bind)"
        var local = "agglm serve --bind \(EndpointExposure.isLocalOnly(bind) ? bind : loopback(bind))"
        var insecureCommand = "agglm serve --bind \(bind)"
        var keygen = "agglm keygen --out server && agglm keygen --out client1 && mkdir -p clients && cp client1.pub clients/"
        secured += " --server-key server.key --client-keys clients/"
        if let workersEndpoint {
            keygen = "agglm keygen --out server && agglm keygen --out client1 && agglm keygen --out worker1 && mkdir -p clients workers && cp client1.pub clients/ && cp worker1.pub workers/"
            secured += " --workers-endpoint \(workersEndpoint) --worker-keys workers/"
            local += " --workers-endpoint \(EndpointExposure.isLocalOnly(workersEndpoint) ? workersEndpoint : loopback(workersEndpoint))"
            insecureCommand += " --workers-endpoint \(workersEndpoint)"
        }
        insecureCommand += " --insecure"
        return """
            Refusing to serve \(exposed.joined(separator: " and ")) without keys: anyone who can reach it could send \
            work to this server\(workersEndpoint == nil ? "" : ", or join as a worker and read and answer every request"), \
            in plain text. Either require CURVE keys (workers then add --server-public-key server.pub --key worker1, \
            clients --server-public-key server.pub --key client1):
              \(keygen)
              \(secured)
            or keep the server on this machine:
              \(local)
            or, on a network you trust, serve it open and unencrypted:
              \(insecureCommand)
            """
    }

    /// `endpoint` with its host replaced by 127.0.0.1 (port kept).
    private func loopback(_ endpoint: String) -> String {
        guard let colon = endpoint.lastIndex(of: ":"), endpoint.hasPrefix("tcp://") else { return "tcp://127.0.0.1:5555" }
        return "tcp://127.0.0.1" + endpoint[colon...]
    }
}

/// A byte count on the command line: digits with an optional K, M or G suffix (powers of 1024).
struct ByteCount: ExpressibleByArgument, CustomStringConvertible {
    let bytes: Int

    init(_ bytes: Int) {
        self.bytes = bytes
    }

    init?(argument: String) {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30]
        var digits = Substring(argument)
        var multiplier = 1
        if let last = digits.last, let unit = units[last] {
            multiplier = unit
            digits = digits.dropLast()
        }
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ ("0"..."9").contains($0) }), let value = Int(digits) else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { return nil }
        bytes = product
    }

    var description: String {
        for (suffix, unit) in [("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)] where bytes >= unit && bytes % unit == 0 {
            return "\(bytes / unit)\(suffix)"
        }
        return "\(bytes)"
    }

    var defaultValueDescription: String { description }
}
