import AggLMSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct JSONValueTests {
    static let sample = JSONValue.object([
        (key: "k", value: .int(5)), (key: "x", value: .array([.double(0.25), .null, .bool(true)])), (key: "s", value: .string("a\"b\n")),
    ])

    @Test func spacingDecidesOnlyTheSeparators() {
        #expect(Self.sample.rendered(.compact) == #"{"k":5,"x":[0.25,null,true],"s":"a\"b\n"}"#)
        #expect(Self.sample.rendered(.afterSeparators) == #"{"k": 5, "x": [0.25, null, true], "s": "a\"b\n"}"#)
    }

    @Test func doublesRoundToSixDecimalsAndNonFiniteIsNull() {
        #expect(JSONValue.double(1.0) == .int(1))
        #expect(JSONValue.double(2.0 / 3.0) == .number("0.666667"))
        #expect(JSONValue.double(.nan) == .null)
        #expect(JSONValue.double(-.infinity) == .null)
    }

    @Test func parsingWhatWasRenderedGivesTheSameValueInEitherSpacing() throws {
        for spacing in [JSONValue.Spacing.compact, .afterSeparators] {
            let text = Self.sample.rendered(spacing)
            #expect(try JSONValue.parse(ArraySlice(text.utf8), maximumDepth: 4) == Self.sample)
        }
    }

    @Test func parsingIsBoundedAndReportsWhere() {
        let deep = Array(String(repeating: "[", count: 5).utf8) + Array(String(repeating: "]", count: 5).utf8)
        let error = #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(deep[...], maximumDepth: 4) }
        #expect(error?.offset == 4)
        #expect(error?.reason == "nesting deeper than 4")
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(ArraySlice("[1,]".utf8), maximumDepth: 4) }
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(ArraySlice("{} x".utf8), maximumDepth: 4) }
    }

    @Test func integerValueAcceptsOnlyNonNegativeIntegersThatFit() {
        #expect(JSONValue.number("42").integerValue == 42)
        #expect(JSONValue.number("-1").integerValue == nil)
        #expect(JSONValue.number("1.0").integerValue == nil)
        #expect(JSONValue.number("99999999999999999999").integerValue == nil)
        #expect(JSONValue.string("4").integerValue == nil)
    }
}

@Suite struct SmallFileReadTests {
    static func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let path = "/tmp/agglm-smallfile-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try SmallFile.replace(path, bytes: bytes)
        return path
    }

    @Test func bothSizingsReadTheSameBytesAndRefuseTheSameFiles() throws {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let path = try Self.temporaryFile(bytes)
        defer { unlink(path) }
        for sizing in [SmallFile.ReadSizing.upToLimit, .statSize] {
            #expect(try SmallFile.read(path, limit: 1000, sizing: sizing) == bytes)
            #expect(try SmallFile.read(path, limit: 1 << 20, sizing: sizing) == bytes)
            #expect(throws: SmallFile.Failure.self) { try SmallFile.read(path, limit: 999, sizing: sizing) }
        }
        #expect(throws: SmallFile.Failure.tooLarge(path: path, limit: 10, byteCount: 1000)) {
            try SmallFile.read(path, limit: 10, sizing: .statSize)
        }
    }

    @Test func procFilesReportingSizeZeroAreReadUpToTheLimit() throws {
        let status = try SmallFile.read("/proc/self/status", limit: 1 << 16)
        #expect(String(decoding: status, as: UTF8.self).contains("Pid:"))
    }
}
