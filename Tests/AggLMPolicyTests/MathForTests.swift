import Foundation

extension Double {
    static func exponentialOf(_ x: Double) -> Double { Foundation.exp(x) }
    static func logarithmOf(_ x: Double) -> Double { Foundation.log(x) }
}
