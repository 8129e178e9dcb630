#if canImport(Glibc)
import Glibc
#endif

/// Progress and messages on standard error; results on standard output.
enum Console {
    static func error(_ text: String) {
        var bytes = Array((text + "\n").utf8)
        bytes.withUnsafeMutableBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(2, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if n <= 0 { return }
                offset += n
            }
        }
    }

    static func output(_ text: String) {
        print(text)
        fflush(nil)
    }
}

extension Duration {
    /// The duration in seconds, for progress lines.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}
