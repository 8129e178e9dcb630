/// Words that name units or currencies. They are dropped from answers (`15 cm^2` → `15`) because graders
/// compare magnitudes; a unit alone never distinguishes two answers to the same question.
enum UnitWords {
    static let words: Set<String> = [
        "unit", "units", "cm", "mm", "km", "meter", "meters", "metre", "metres", "centimeter", "centimeters",
        "millimeter", "millimeters", "kilometer", "kilometers", "inch", "inches", "foot", "feet", "ft", "yard",
        "yards", "yd", "mile", "miles", "mi", "mph", "kg", "mg", "gram", "grams", "kilogram", "kilograms", "lb",
        "lbs", "pound", "pounds", "ounce", "ounces", "oz", "ton", "tons", "liter", "liters", "litre", "litres",
        "ml", "gallon", "gallons", "cup", "cups", "second", "seconds", "secs", "minute", "minutes",
        "min", "mins", "hour", "hours", "hr", "hrs", "day", "days", "week", "weeks", "month", "months", "year",
        "years", "dollar", "dollars", "cent", "cents", "usd", "euro", "euros", "yuan", "rupees", "rs",
        "degree", "degrees", "deg", "radian", "radians", "rad", "square", "sq", "cubic", "per",
        "people", "persons", "students", "apples", "items", "times", "ways", "points", "marbles", "books",
        "eggs", "pages", "each", "cookies", "boxes", "bags", "cars", "trees", "sheep", "cows", "balls", "hrs.",
    ]

    /// Single letters treated as units only when a power sign follows them directly (`m²`, `m^2`).
    static let letterUnits: Set<UInt8> = [UInt8(ascii: "m"), UInt8(ascii: "g"), UInt8(ascii: "s")]

    /// SI and common unit symbols (lowercased), read as units only in a `\text{…}` right after a quantity
    /// (`5 \text{ m}^2`, `3 \times 10^8 \text{ m/s}`, `45^\circ \text{C}`): alone they are letters.
    static let symbols: Set<String> = [
        "m", "s", "g", "l", "h", "n", "j", "w", "v", "a", "k", "c", "f", "kj", "kw", "kwh", "ms", "pa", "kpa",
        "hz", "mol", "km", "cm", "mm", "kg", "mg", "ml", "min", "mph", "kmh",
    ]
    /// What may join unit symbols in such a phrase: `m/s`, `m^2`, `kg·m`.
    private static let joiners: Set<String> = ["/", "^", "2", "3", "*", "·"]

    /// `m/s`, `m^2`, `C`: unit symbols joined by slashes and powers, starting with a symbol.
    static func isUnitSymbolPhrase(_ lowercasedWords: [String]) -> Bool {
        guard let first = lowercasedWords.first, symbols.contains(first) || words.contains(first) else { return false }
        return lowercasedWords.allSatisfy { symbols.contains($0) || words.contains($0) || joiners.contains($0) }
    }

    static func isUnitPhrase(_ lowercasedWords: [String]) -> Bool {
        !lowercasedWords.isEmpty && lowercasedWords.allSatisfy { words.contains($0) }
    }
}
