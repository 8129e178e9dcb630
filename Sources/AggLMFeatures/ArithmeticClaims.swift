/// Checks simple arithmetic claims written in a solution, like `12 * 3 = 36`
/// or the GSM8K calculator form `<<12*3=36>>`.
///
/// A claim is `number op number = number` with op one of + - * / × ÷, read
/// left to right from a stream of tokens; anything else between them breaks
/// the claim. Linear in the text, numbers capped at 18 significant bytes.
public struct ArithmeticClaims: Sendable, Equatable {
    public var checked = 0
    public var wrong = 0

    public init() {}

    /// Counts the claim `left op right = result`; a division by zero is no claim.
    mutating func record(_ left: Double, _ operation: UInt8, _ right: Double, _ result: Double) {
        let value: Double
        switch operation {
        case UInt8(ascii: "+"): value = left + right
        case UInt8(ascii: "-"): value = left - right
        case UInt8(ascii: "*"): value = left * right
        case UInt8(ascii: "/"):
            guard right != 0 else { return }
            value = left / right
        default: return
        }
        checked += 1
        // Solutions round; a claim is wrong only when it is off by more than rounding.
        let tolerance = max(0.01 * abs(value), 0.006)
        if abs(value - result) > tolerance { wrong += 1 }
    }

    /// Finds claims in a token stream (numbers, operators, `=`, and breaks) without keeping the tokens:
    /// a matcher for the pattern `number op number = number` in the style of Knuth–Morris–Pratt.
    ///
    /// Invariant: `state` is the length of the longest suffix of the tokens since the last break that is
    /// a prefix of the pattern, and `left`, `sign`, `right` hold that suffix's values. A claim is
    /// counted exactly when the last five tokens since the last break form the pattern; after one, its
    /// result is the `left` of the next (`1 + 2 = 3 + 4 = 7` holds two claims).
    struct Matcher {
        private var state = 0
        private var left = 0.0
        private var right = 0.0
        private var sign: UInt8 = 0

        @inline(__always)
        mutating func number(_ value: Double, into claims: inout ArithmeticClaims) {
            switch state {
            case 2:
                right = value
                state = 3
            case 4:
                claims.record(left, sign, right, value)
                left = value
                state = 1
            default:
                left = value
                state = 1
            }
        }

        /// An operator byte (`+ - * /`; × arrives as `*`).
        @inline(__always)
        mutating func operation(_ byte: UInt8) {
            switch state {
            case 1:
                sign = byte
                state = 2
            case 3:
                // `a op b op2`: the suffix `b op2` starts the pattern again.
                left = right
                sign = byte
                state = 2
            default:
                state = 0
            }
        }

        @inline(__always)
        mutating func equals() {
            state = state == 3 ? 4 : 0
        }

        /// Anything that is not part of a claim (spaces, letters and currency signs are not breaks).
        @inline(__always)
        mutating func breakClaim() {
            state = 0
        }
    }
}
