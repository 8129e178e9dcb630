/// GELU, tanh approximation (as GPT-2 and llm.c): smooth everywhere, so finite-difference
/// gradient checks are exact up to float rounding (ReLU's kink would make them flaky).
/// Buffers hold `count` floats; backward accumulates into `dInp`.
public enum GELU {
    private static let scale: Float = 0.797_884_560_802_865_4  // sqrt(2/pi)
    private static let cubic: Float = 0.044715

    public static func forward(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, count: Int) {
        for i in 0..<count {
            let x = inp[i]
            let u = scale * (x + cubic * x * x * x)
            out[i] = 0.5 * x * (1 + Math.tanh(u))
        }
    }

    public static func backward(
        dInp: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
        dOut: UnsafePointer<Float>, count: Int
    ) {
        for i in 0..<count {
            let x = inp[i]
            let u = scale * (x + cubic * x * x * x)
            let t = Math.tanh(u)
            let sech2 = 1 - t * t
            let local = 0.5 * (1 + t) + 0.5 * x * sech2 * scale * (1 + 3 * cubic * x * x)
            dInp[i] += local * dOut[i]
        }
    }
}
