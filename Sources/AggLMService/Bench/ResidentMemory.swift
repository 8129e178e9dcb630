import AggLMSupport

/// Resident set size of a process, read from `/proc/<pid>/status` (Linux); nil where unavailable.
public enum ResidentMemory {
    /// `VmRSS` in bytes of `pid` ("self" by default).
    public static func bytes(pid: String = "self") -> Int? {
        field("VmRSS:", pid: pid)
    }

    /// `VmHWM` in bytes of `pid`: the highest resident set size since the process started.
    public static func peakBytes(pid: String = "self") -> Int? {
        field("VmHWM:", pid: pid)
    }

    private static func field(_ name: String, pid: String) -> Int? {
        guard let bytes = try? SmallFile.read("/proc/\(pid)/status", limit: 65536) else { return nil }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix(name) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kilobytes = Int(fields[1]) else { return nil }
            return kilobytes * 1024
        }
        return nil
    }
}
