#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few libm functions the numerical code needs, behind one name so no other file depends on
/// the platform's C library module.
enum Math {
    @inline(__always) static func exp(_ x: Float) -> Float { expf(x) }
    @inline(__always) static func log(_ x: Float) -> Float { logf(x) }
    @inline(__always) static func log1p(_ x: Float) -> Float { log1pf(x) }
    @inline(__always) static func log(_ x: Double) -> Double { cLog(x) }
    @inline(__always) static func cos(_ x: Double) -> Double { cCos(x) }
    @inline(__always) static func exp(_ x: Double) -> Double { cExp(x) }
}

// File-scope forwarders: inside `enum Math` the names `log`/`cos`/`exp` would resolve to Math's own.
@inline(__always) private func cLog(_ x: Double) -> Double { log(x) }
@inline(__always) private func cCos(_ x: Double) -> Double { cos(x) }
@inline(__always) private func cExp(_ x: Double) -> Double { exp(x) }
