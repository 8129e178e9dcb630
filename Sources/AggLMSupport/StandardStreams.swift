#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes diagnostics and progress to standard error, so standard output
/// carries only results (JSON Lines, tables) that scripts may parse.
public enum StandardError {
    public static func write(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(2, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if n <= 0 { return }
                offset += n
            }
        }
    }

    public static func line(_ text: String) {
        write(text + "\n")
    }
}

/// Writes results to standard output and flushes, because stdout is
/// block-buffered when piped and progress on stderr would otherwise run
/// ahead of it.
public enum StandardOutput {
    public static func line(_ text: String) {
        print(text)
        fflush(nil)
    }
}
