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

    enum Token: Equatable {
        case number(Double)
        case op(UInt8)
        case equals
        case other
    }

    /// The last five tokens since the last `.other`, oldest first, in fixed slots (no heap, no reallocation
    /// on the hot path: this runs for every number and operator of every solution).
    struct History {
        private var slots: (Token, Token, Token, Token, Token) = (.other, .other, .other, .other, .other)
        private(set) var count = 0

        var isEmpty: Bool { count == 0 }

        mutating func removeAll() { count = 0 }

        /// Appends `token`, dropping the oldest when five are held.
        mutating func push(_ token: Token) {
            switch count {
            case 0: slots.0 = token
            case 1: slots.1 = token
            case 2: slots.2 = token
            case 3: slots.3 = token
            case 4: slots.4 = token
            default: slots = (slots.1, slots.2, slots.3, slots.4, token)
            }
            count = min(count + 1, 5)
        }

        /// The five held tokens when there are five.
        var full: (Token, Token, Token, Token, Token)? { count == 5 ? slots : nil }
    }

    /// Feeds one token; `history` holds at most the last five.
    mutating func consume(_ token: Token, history: inout History) {
        if token == .other {
            history.removeAll()
            return
        }
        history.push(token)
        guard let (first, second, third, fourth, fifth) = history.full,
              case let .number(a) = first,
              case let .op(op) = second,
              case let .number(b) = third,
              fourth == .equals,
              case let .number(c) = fifth
        else { return }
        let value: Double
        switch op {
        case UInt8(ascii: "+"): value = a + b
        case UInt8(ascii: "-"): value = a - b
        case UInt8(ascii: "*"): value = a * b
        case UInt8(ascii: "/"):
            guard b != 0 else { return }
            value = a / b
        default: return
        }
        checked += 1
        // Solutions round; a claim is wrong only when it is off by more than rounding.
        let tolerance = max(0.01 * abs(value), 0.006)
        if abs(value - c) > tolerance { wrong += 1 }
    }
}
