/// Whether a ZeroMQ bind endpoint can be reached from other machines: what `agglm serve` checks before it
/// binds without CURVE keys.
public enum EndpointExposure {
    /// True only for endpoints reachable from this machine alone: `ipc://` and `inproc://`, and `tcp://`
    /// bound to a literal loopback address (127.x.x.x, ::1). Anything else counts as exposed: `*`, 0.0.0.0,
    /// other addresses, host names (even `localhost`: the name resolves through configuration) and interface
    /// names (`eth0`, and `lo`, which libzmq resolves to an interface's address), and every other transport.
    public static func isLocalOnly(_ endpoint: String) -> Bool {
        guard let separator = endpoint.range(of: "://") else { return false }
        let transport = endpoint[..<separator.lowerBound].lowercased()
        let address = endpoint[separator.upperBound...]
        switch transport {
        case "ipc", "inproc": return true
        case "tcp": return isLoopbackHost(host(ofTCPBind: address))
        default: return false
        }
    }

    /// The host part of `host:port` / `[v6]:port`.
    static func host(ofTCPBind address: Substring) -> Substring {
        guard let colon = address.lastIndex(of: ":") else { return address }
        var host = address[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        return host
    }

    /// A literal 127.0.0.0/8 address (four decimal octets) or ::1 (in its usual spellings).
    static func isLoopbackHost(_ host: Substring) -> Bool {
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        if octets.count == 4, octets[0] == "127",
           octets.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCIIDigit) && Int($0).map { $0 <= 255 } == true }) {
            return true
        }
        return ["::1", "0:0:0:0:0:0:0:1"].contains(host.lowercased())
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
