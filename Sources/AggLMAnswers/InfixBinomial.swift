/// TeX's infix binomial `{n \choose k}` written as `\binom{n}{k}`, for answers that stay text (symbolic
/// arguments: `{x \choose y}`, `{\theta \choose \gamma}`), so the two notations give one text key. A
/// `\choose` is infix when its innermost enclosing brace group holds something before it; the prefix form
/// `\choose{n}{k}` some parsers accept is left as it is (it is already a synonym of `\binom`). Integer
/// arguments are evaluated earlier by the tokenizer (`{16 \choose 2}` = 120). Bounded: at most
/// `maxRewrites` rewrites, each a linear pass over the answer.
enum InfixBinomial {
    static let maxRewrites = 8
    private static let choose = Array("\\choose".utf8)
    private static let binom = Array("\\binom".utf8)

    /// `bytes` with every infix `{a \choose b}` rewritten as `\binom{a}{b}`; nil when there is none.
    static func rewritten(_ bytes: [UInt8]) -> [UInt8]? {
        var current = bytes
        var changed = false
        var searchFrom = 0
        for _ in 0..<maxRewrites {
            guard let at = ByteSearch.firstIndex(of: choose, in: current, range: searchFrom..<current.count) else { break }
            searchFrom = at + choose.count
            if let next = at + choose.count < current.count ? current[at + choose.count] : nil, ByteClass.isLetter(next) {
                continue  // `\chooses…`: another command
            }
            guard let open = enclosingBrace(current, before: at),
                  current[(open + 1)..<at].contains(where: { !ByteClass.isSpace($0) }),
                  let close = ByteSearch.matchingBrace(in: current, from: open, limit: current.count), close > at
            else { continue }
            var output: [UInt8] = []
            output.reserveCapacity(current.count + 8)
            output.append(contentsOf: current[..<open])
            output.append(contentsOf: binom)
            output.append(contentsOf: current[open..<at])  // `{a `
            output.append(contentsOf: [UInt8(ascii: "}"), UInt8(ascii: "{")])
            output.append(contentsOf: current[(at + choose.count)...close])  // ` b}`
            output.append(contentsOf: current[(close + 1)...])
            current = output
            changed = true
            searchFrom = open
        }
        return changed ? current : nil
    }

    /// The `{` of the innermost brace group open at `position` (escaped braces `\{` skipped), or nil.
    private static func enclosingBrace(_ bytes: [UInt8], before position: Int) -> Int? {
        var depth = 0
        var cursor = position - 1
        while cursor >= 0 {
            let byte = bytes[cursor]
            let escaped = cursor > 0 && bytes[cursor - 1] == UInt8(ascii: "\\")
            if byte == UInt8(ascii: "}") && !escaped { depth += 1 }
            if byte == UInt8(ascii: "{") && !escaped {
                if depth == 0 { return cursor }
                depth -= 1
            }
            cursor -= 1
        }
        return nil
    }
}
