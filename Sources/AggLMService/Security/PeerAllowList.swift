import Logging
import Synchronization
import AggLMSupport

/// Which CURVE public keys may connect to each server endpoint, read from allow-list folders, with the
/// count of connections refused. Shared by the ZAP handler thread (which asks `admits`), the broker (health
/// replies) and whoever reloads it (SIGHUP); every access takes one lock.
final class PeerAllowList: Sendable {
    /// The ZAP domain (`ZMQ_ZAP_DOMAIN`) each endpoint's socket announces, which is how the ZAP handler tells
    /// a client's handshake from a worker's.
    enum Endpoint: String, Sendable, CaseIterable {
        case clients = "agglm-clients"
        case workers = "agglm-workers"
    }

    /// A folder holding more files than this is not an allow-list someone maintains by hand.
    static let maxFilesPerFolder = 100_000
    /// Refused keys logged individually; past this many distinct keys, refusals are only counted.
    static let maxLoggedRefusals = 10_000

    private struct State {
        var allowed: [Endpoint: Set<CurveKey>] = [:]
        var refused: [Endpoint: UInt64] = [:]
        var loggedRefusals: Set<[UInt8]> = []
    }

    private let folders: [Endpoint: String]
    private let state = Mutex(State())
    private let logger: Logger

    /// Reads the folders; throws when one cannot be listed (a typo in a path must not start a server that
    /// admits nobody, or that silently keeps an old list).
    init(folders: [Endpoint: String], logger: Logger) throws(SmallFile.Failure) {
        self.folders = folders
        self.logger = logger
        var lists: [Endpoint: Set<CurveKey>] = [:]
        for (endpoint, folder) in folders { lists[endpoint] = try read(folder: folder, for: endpoint) }
        state.withLock { $0.allowed = lists }
    }

    /// Reads every folder again and swaps in the new lists. A folder that cannot be listed keeps its previous
    /// list (logged). New handshakes see the new lists; connections already admitted stay connected.
    func reload() {
        for (endpoint, folder) in folders {
            do {
                let keys = try read(folder: folder, for: endpoint)
                state.withLock { $0.allowed[endpoint] = keys }
                logger.info("allow-list reloaded", metadata: ["endpoint": "\(endpoint.rawValue)", "folder": "\(folder)", "keys": "\(keys.count)"])
            } catch {
                logger.error("allow-list not reloaded; keeping the previous one", metadata: ["folder": "\(folder)", "error": "\(error)"])
            }
        }
    }

    /// Whether `key` may connect under ZAP domain `domain`. A refusal is counted, and logged the first time
    /// this key is refused. An unknown domain admits nobody.
    func admits(key: [UInt8], domain: String) -> Bool {
        let endpoint = Endpoint(rawValue: domain)
        let (admitted, firstRefusal) = state.withLock { state -> (Bool, Bool) in
            if let endpoint, let curveKey = CurveKey(bytes: key), state.allowed[endpoint]?.contains(curveKey) == true {
                return (true, false)
            }
            if let endpoint { state.refused[endpoint, default: 0] &+= 1 }
            guard state.loggedRefusals.count < Self.maxLoggedRefusals else { return (false, false) }
            return (false, state.loggedRefusals.insert(key).inserted)
        }
        if firstRefusal {
            logger.warning("refused a connection: its key is not in the allow-list (logged once per key)", metadata: [
                "domain": "\(domain.prefix(64))", "public-key": "\(CurveKey(bytes: key)?.z85 ?? "not a CURVE key")",
            ])
        }
        return admitted
    }

    /// Connections refused at `endpoint` since the server started.
    func refusedCount(_ endpoint: Endpoint) -> UInt64 {
        state.withLock { $0.refused[endpoint] ?? 0 }
    }

    /// The public keys of the `*.pub` files in `folder`; unreadable or malformed files are skipped with a
    /// warning (one bad file must not lock every peer out).
    private func read(folder: String, for endpoint: Endpoint) throws(SmallFile.Failure) -> Set<CurveKey> {
        var keys: Set<CurveKey> = []
        for name in try SmallFile.names(inFolder: folder, limit: Self.maxFilesPerFolder) where name.hasSuffix(".pub") {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            do {
                keys.insert(try CurveKeyFile.readPublicKey(path))
            } catch {
                logger.warning("skipped an allow-list file", metadata: ["file": "\(path)", "error": "\(error)"])
            }
        }
        if keys.isEmpty {
            logger.warning("allow-list folder has no *.pub key: every connection to this endpoint will be refused", metadata: [
                "endpoint": "\(endpoint.rawValue)", "folder": "\(folder)",
            ])
        }
        return keys
    }
}
