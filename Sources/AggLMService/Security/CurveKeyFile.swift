#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import AggLMSupport

/// The key files `agglm keygen --out NAME` writes and the server, workers and clients read.
///
/// Plain text, one `name = value` per line; blank lines and lines starting with `#` are ignored, and a value
/// may be wrapped in double quotes (so ZeroMQ `zcert` lines such as `public-key = "..."` read as well):
///
///     NAME.pub (mode 0644; goes into a server's allow-list folder, or to clients as the server's key)
///       # AggLM CURVE public key
///       public-key = <40 characters of Z85>
///
///     NAME.key (mode 0600; never leaves its machine)
///       # AggLM CURVE secret key: keep this file private
///       public-key = <40 characters of Z85>
///       secret-key = <40 characters of Z85>
public enum CurveKeyFile {
    /// Key files are a few hundred bytes; anything larger is not one.
    static let sizeLimit = 4096

    public struct Contents: Sendable, Equatable {
        public var publicKey: CurveKey
        public var secretKey: CurveKey?
    }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case file(SmallFile.Failure)
        /// `line` is 1-based.
        case syntax(path: String, line: Int, reason: String)
        case missingPublicKey(path: String)
        case missingSecretKey(path: String)
        case mismatchedPair(path: String)
        case readableByOthers(path: String)

        public var description: String {
            switch self {
            case .file(let failure): return failure.description
            case let .syntax(path, line, reason): return "\(path):\(line): \(reason)"
            case .missingPublicKey(let path): return "\(path): no `public-key = ...` line"
            case .missingSecretKey(let path):
                return "\(path): no `secret-key = ...` line; give the .key file of a pair made by `agglm keygen --out NAME`, not its .pub"
            case .mismatchedPair(let path): return "\(path): the public key is not the one the secret key derives"
            case .readableByOthers(let path): return "\(path): a secret key readable by other users is not secret; run: chmod 600 \(path)"
            }
        }
    }

    public static func publicText(_ key: CurveKey) -> String {
        "# AggLM CURVE public key\npublic-key = \(key.z85)\n"
    }

    public static func secretText(_ pair: CurveKeyPair) -> String {
        "# AggLM CURVE secret key: keep this file private\npublic-key = \(pair.publicKey.z85)\nsecret-key = \(pair.secretKey.z85)\n"
    }

    /// The keys in `text` (read from `path`, named in errors).
    public static func parse(_ text: String, path: String) throws(Failure) -> Contents {
        var publicKey: CurveKey?
        var secretKey: CurveKey?
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            // Z85 itself contains '=': split at the first one only.
            guard let equals = line.firstIndex(of: "=") else {
                throw .syntax(path: path, line: index + 1, reason: "expected `name = value`")
            }
            let name = line[..<equals].trimmingWhitespace()
            var value = line[line.index(after: equals)...].trimmingWhitespace()
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = value.dropFirst().dropLast() }
            guard let key = CurveKey(z85: value) else {
                throw .syntax(path: path, line: index + 1, reason: "`\(name)` is not a key: expected 40 characters of Z85")
            }
            switch name {
            case "public-key": publicKey = key
            case "secret-key": secretKey = key
            default: throw .syntax(path: path, line: index + 1, reason: "unknown name `\(name.prefix(40))`; expected public-key or secret-key")
            }
        }
        guard let publicKey else { throw .missingPublicKey(path: path) }
        if let secretKey, CurveKeyPair(publicKey: publicKey, secretKey: secretKey) == nil { throw .mismatchedPair(path: path) }
        return Contents(publicKey: publicKey, secretKey: secretKey)
    }

    /// The public key in file `path` (a .pub file, or the public line of a .key file).
    public static func readPublicKey(_ path: String) throws(Failure) -> CurveKey {
        try read(path).publicKey
    }

    /// The pair in the secret-key file `path`, which must not be readable by group or others.
    public static func readKeyPair(_ path: String) throws(Failure) -> CurveKeyPair {
        let contents = try read(path)
        guard let secretKey = contents.secretKey else { throw .missingSecretKey(path: path) }
        if let mode = SmallFile.permissions(path), mode & 0o077 != 0 { throw .readableByOthers(path: path) }
        guard let pair = CurveKeyPair(publicKey: contents.publicKey, secretKey: secretKey) else { throw .mismatchedPair(path: path) }
        return pair
    }

    /// `NAME.key` for a pair's base name; a name already ending in `.key` is taken as the file itself.
    public static func secretPath(forName name: String) -> String {
        name.hasSuffix(".key") ? name : name + ".key"
    }

    /// Writes a fresh pair to `NAME.key` (0600) and `NAME.pub` (0644), refusing to replace either file.
    /// Returns the two paths.
    public static func writeNewPair(_ pair: CurveKeyPair, name: String) throws(Failure) -> (secret: String, public: String) {
        let secretPath = name + ".key"
        let publicPath = name + ".pub"
        for path in [secretPath, publicPath] where SmallFile.exists(path) { throw .file(.exists(path: path)) }
        do {
            try SmallFile.createNew(secretPath, bytes: Array(secretText(pair).utf8), mode: 0o600)
        } catch {
            throw .file(error)
        }
        do {
            try SmallFile.createNew(publicPath, bytes: Array(publicText(pair.publicKey).utf8), mode: 0o644)
        } catch {
            // Half a pair is useless; the secret file was created just now by this call, so it is ours to remove.
            unlink(secretPath)
            throw .file(error)
        }
        return (secretPath, publicPath)
    }

    private static func read(_ path: String) throws(Failure) -> Contents {
        let bytes: [UInt8]
        do {
            bytes = try SmallFile.read(path, limit: sizeLimit)
        } catch {
            throw .file(error)
        }
        return try parse(String(decoding: bytes, as: UTF8.self), path: path)
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces, tabs and carriage returns.
    func trimmingWhitespace() -> SubSequence {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
