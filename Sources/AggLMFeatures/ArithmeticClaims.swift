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

    /// Feeds one token; `history` holds at most the last five.
    mutating func consume(_ token: Token, history: inout [Token]) {
        if token == .other {
            history.removeAll(keepingCapacity: true)
            return
        }
        if history.count == 5 {
            // Shift in place (five slots): no reallocation on the hot path.
            for i in 0..<4 { history[i] = history[i + 1] }
            history[4] = token
        } else {
            history.append(token)
        }
        guard history.count >= 5,
              case let .number(a) = history[history.count - 5],
              case let .op(op) = history[history.count - 4],
              case let .number(b) = history[history.count - 3],
              history[history.count - 2] == .equals,
              case let .number(c) = history[history.count - 1]
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
