#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The libm functions feature code needs, behind one name (inside a type,
/// `log` would resolve to the type's own member).
enum FeatureMath {
    static func naturalLog(_ x: Double) -> Double { cLog(x) }
}

private func cLog(_ x: Double) -> Double { log(x) }
