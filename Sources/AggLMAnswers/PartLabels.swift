/// Answers to a multi-part question written with part labels: `(a) 4; (b) 9` is the list `4; 9`. Labels
/// are `(a)`, `(b)`, … (or `(A)`, `(B)`, …, or `(i)`, `(ii)`, … up to `(x)`) in order from the first, at least two, the first at
/// the start of the answer and each next one after a separator (`,`, `;`, a line break), the word "and"
/// or a space (`(a) 4 (b) 9`). The labels are removed and the separators kept, and the parts read as a tuple in their order
/// (which a bare list meets in written order: `(a) 9; (b) 4` is not `4, 9`). A single `(a)` is
/// left alone (it may be a choice letter). One pass, a few byte comparisons per byte; at most 26 labels.
enum PartLabels {
    /// The label sequences: letters, capital letters, lower-case Roman numerals (the first label decides).
    private static let schemes: [[[UInt8]]] = [
        (0..<26).map { [UInt8(ascii: "a") + UInt8($0)] },
        (0..<26).map { [UInt8(ascii: "A") + UInt8($0)] },
        ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"].map { Array($0.utf8) },
    ]

    /// Whether `(name)` is written at `position`.
    private static func label(_ name: [UInt8], at position: Int, in answer: [UInt8]) -> Bool {
        let close = position + name.count + 1
        guard position >= 0, close < answer.count, answer[position] == UInt8(ascii: "("),
              answer[close] == UInt8(ascii: ")") else { return false }
        return answer[(position + 1)..<close].elementsEqual(name)
    }

    /// `answer` without its part labels; nil when it has no run of at least two labels as above.
    static func stripped(_ answer: [UInt8]) -> [UInt8]? {
        var cursor = 0
        while cursor < answer.count, ByteClass.isSpace(answer[cursor]) { cursor += 1 }
        guard let scheme = schemes.first(where: { label($0[0], at: cursor, in: answer) }) else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(answer.count)
        var labels = 0
        var afterSeparator = true  // the start of the answer counts as one
        var index = cursor
        while index < answer.count {
            let byte = answer[index]
            let afterSpace = index > 0 && ByteClass.isSpace(answer[index - 1])
            if afterSeparator || (labels > 0 && afterSpace), byte == UInt8(ascii: "("), labels < scheme.count,
               label(scheme[labels], at: index, in: answer) {
                if labels > 0 { separateParts(&output) }
                index += scheme[labels].count + 2
                labels += 1
                afterSeparator = false
                continue
            }
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "\n") {
                afterSeparator = true
            } else if byte == UInt8(ascii: "a"), index + 3 < answer.count, answer[index + 1] == UInt8(ascii: "n"),
                      answer[index + 2] == UInt8(ascii: "d"), ByteClass.isSpace(answer[index + 3]),
                      index == 0 || ByteClass.isSpace(answer[index - 1]) {
                afterSeparator = true
                output.append(contentsOf: answer[index..<(index + 3)])
                index += 3
                continue
            } else if !ByteClass.isSpace(byte) {
                afterSeparator = false
            }
            output.append(byte)
            index += 1
        }
        guard labels >= 2 else { return nil }
        // The parts keep their order: a tuple, which meets a bare list in written order.
        return [UInt8(ascii: "(")] + output + [UInt8(ascii: ")")]
    }

    /// Ends the part before a label with one `;`: a separator already written (`,`, `;`) is kept, and a line
    /// break, spaces or a joining "and" become the `;` (the tokenizer reads neither a line break nor a
    /// space as a separator).
    private static func separateParts(_ output: inout [UInt8]) {
        while let last = output.last, ByteClass.isSpace(last) { output.removeLast() }
        if let last = output.last, last == UInt8(ascii: ",") || last == UInt8(ascii: ";") { return }
        if output.count >= 4, output[(output.count - 3)...].elementsEqual("and".utf8), ByteClass.isSpace(output[output.count - 4]) {
            output.removeLast(3)
        }
        output.append(UInt8(ascii: ";"))
        output.append(UInt8(ascii: " "))
    }
}
