/// Recognizes multiple-choice answers written as a letter, possibly followed by the option text:
/// `C`, `(C)`, `C)`, `C.`, `C: x = 42`, `(D) Alina`, `C Cecile`, `(b)`.
enum ChoiceLetter {
    /// The uppercase choice letter, or nil when the text is not a choice.
    static func leadingLetter(_ bytes: [UInt8]) -> UInt8? {
        var index = 0
        var parenthesized = false
        if bytes.first == UInt8(ascii: "(") { parenthesized = true; index = 1 }
        guard index < bytes.count, ByteClass.isLetter(bytes[index]) else { return nil }
        let letter = bytes[index]
        let upper = ByteClass.isUpper(letter)
        // Lowercase letters are variables unless parenthesized as options (a)–(e).
        guard upper || (parenthesized && letter <= UInt8(ascii: "e")) else { return nil }
        index += 1
        if parenthesized {
            guard index < bytes.count, bytes[index] == UInt8(ascii: ")") else { return nil }
            index += 1
        }
        let result = ByteClass.isUpper(letter) ? letter : letter - 32
        if index == bytes.count { return upper && !parenthesized && letter == UInt8(ascii: "I") ? nil : result }
        var punctuated = parenthesized
        if bytes[index] == UInt8(ascii: ")") || bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ":") {
            punctuated = true
            index += 1
            if index == bytes.count { return result }
        }
        // After the letter: option text (a word), never mathematics such as `A + B` or `C_1`.
        guard ByteClass.isSpace(bytes[index]) || bytes[index] >= 0x80 else { return nil }
        // `B。` and `C：` are choices; `Léa` and `Émile` are words that begin with a capital.
        if !punctuated, bytes[index] >= 0x80,
           let next = Unicode.Scalar(ByteClass.decodeScalar(bytes, at: index, end: bytes.count).0),
           next.properties.isAlphabetic { return nil }
        while index < bytes.count, ByteClass.isSpace(bytes[index]) { index += 1 }
        guard index < bytes.count else { return result }
        if bytes[index] >= 0x80 { return result }
        if punctuated { return result }
        // `C Cecile`: an unpunctuated letter must be followed by a capitalized word.
        guard ByteClass.isUpper(bytes[index]), index + 1 < bytes.count, ByteClass.isLetter(bytes[index + 1])
        else { return nil }
        return result
    }
}
