import AggLMSupport
import Testing

@Suite struct JSONEscapeTests {
    @Test func simpleEscapesMapToTheirBytes() {
        let pairs: [(Unicode.Scalar, UInt8)] = [("\"", 0x22), ("\\", 0x5C), ("/", 0x2F), ("b", 0x08), ("f", 0x0C), ("n", 0x0A), ("r", 0x0D), ("t", 0x09)]
        for (kind, byte) in pairs { #expect(JSONEscape.simple(UInt8(ascii: kind)) == byte) }
        #expect(JSONEscape.simple(UInt8(ascii: "u")) == nil)
        #expect(JSONEscape.simple(UInt8(ascii: "x")) == nil)
    }

    @Test func hex4ReadsFourDigitsOfEitherCaseAndRefusesTheRest() {
        #expect(JSONEscape.hex4(Array("00e9".utf8), at: 0) == 0xE9)
        #expect(JSONEscape.hex4(Array("xD83D".utf8), at: 1) == 0xD83D)
        #expect(JSONEscape.hex4(Array("aBcD".utf8)[...], at: 0) == 0xABCD)
        #expect(JSONEscape.hex4(Array("12g4".utf8), at: 0) == nil)
        #expect(JSONEscape.hex4(Array("123".utf8), at: 0) == nil)
        #expect(JSONEscape.hex4(Array("0123".utf8), at: 1) == nil)
    }

    /// Every scalar class encodes as the standard library does, surrogate pairs included.
    @Test(arguments: [0x41, 0xE9, 0x20AC, 0xFFFD, 0x1F600, 0x10FFFF] as [UInt32])
    func appendUTF8MatchesTheStandardLibrary(scalar: UInt32) throws {
        var bytes: [UInt8] = []
        JSONEscape.appendUTF8(scalar, to: &bytes)
        let expected = Array(String(Character(try #require(Unicode.Scalar(scalar)))).utf8)
        #expect(bytes == expected)
    }

    @Test func surrogatePairsCombine() {
        #expect(JSONEscape.combine(high: 0xD83D, low: 0xDE00) == 0x1F600)
        #expect(JSONEscape.combine(high: 0xDBFF, low: 0xDFFF) == 0x10FFFF)
    }
}
