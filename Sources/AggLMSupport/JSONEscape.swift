/// The byte-level pieces of a JSON string escape (RFC 8259 §7), shared by the bounded JSON readers
/// (checkpoint headers, `agglm grade` lines) so each decides only its policy for bad input: what to do
/// with a lone surrogate differs (a checkpoint header refuses it, a grading line reads it as U+FFFD).
public enum JSONEscape {
    /// The byte a one-character escape stands for (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`);
    /// nil for `u` and for bytes that are not escapes.
    @inlinable
    public static func simple(_ kind: UInt8) -> UInt8? {
        switch kind {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return kind
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        default: return nil
        }
    }

    /// The value of the four hex digits at `start` (the digits of a `\uXXXX` escape); nil when fewer
    /// than four bytes remain or one is not a hex digit.
    @inlinable
    public static func hex4<Bytes: RandomAccessCollection>(_ bytes: Bytes, at start: Bytes.Index) -> UInt32?
    where Bytes.Element == UInt8 {
        guard bytes.distance(from: start, to: bytes.endIndex) >= 4 else { return nil }
        var value: UInt32 = 0
        var index = start
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value << 4 | digit
            index = bytes.index(after: index)
        }
        return value
    }

    /// A high surrogate (U+D800–U+DBFF) and the low one after it (U+DC00–U+DFFF) as one scalar.
    @inlinable
    public static func combine(high: UInt32, low: UInt32) -> UInt32 {
        0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
    }

    /// Appends `scalar` (at most U+10FFFF, not a surrogate) as UTF-8.
    @inlinable
    public static func appendUTF8(_ scalar: UInt32, to bytes: inout [UInt8]) {
        switch scalar {
        case 0..<0x80: bytes.append(UInt8(scalar))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | scalar >> 6)); bytes.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | scalar >> 12)); bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        default:
            bytes.append(UInt8(0xF0 | scalar >> 18)); bytes.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F)); bytes.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
