/// Unicode's precomposed fractions (`½`, `¾`, `⅓`, …), which chat models and copied text use for simple
/// fractions and for mixed numbers (`1½` is 3/2, `2 ¾` is 11/4).
enum VulgarFraction {
    /// The fraction a precomposed scalar stands for; nil for any other scalar.
    static func value(of scalar: UInt32) -> (numerator: Int64, denominator: Int64)? {
        switch scalar {
        case 0x00BC: return (1, 4)
        case 0x00BD: return (1, 2)
        case 0x00BE: return (3, 4)
        case 0x2150: return (1, 7)
        case 0x2151: return (1, 9)
        case 0x2152: return (1, 10)
        case 0x2153: return (1, 3)
        case 0x2154: return (2, 3)
        case 0x2155: return (1, 5)
        case 0x2156: return (2, 5)
        case 0x2157: return (3, 5)
        case 0x2158: return (4, 5)
        case 0x2159: return (1, 6)
        case 0x215A: return (5, 6)
        case 0x215B: return (1, 8)
        case 0x215C: return (3, 8)
        case 0x215D: return (5, 8)
        case 0x215E: return (7, 8)
        default: return nil
        }
    }

    /// The fraction at `position` of `bytes` (UTF-8) and its byte length; nil when none starts there.
    static func read(_ bytes: [UInt8], at position: Int, end: Int) -> (value: Rational, length: Int)? {
        // Every precomposed fraction starts with C2 or E2: most bytes are ruled out at once.
        guard position < end, bytes[position] == 0xC2 || bytes[position] == 0xE2 else { return nil }
        let (scalar, length) = ByteClass.decodeScalar(bytes, at: position, end: end)
        guard let (numerator, denominator) = value(of: scalar),
              let fraction = Rational(numerator: numerator, denominator: denominator) else { return nil }
        return (fraction, length)
    }
}
