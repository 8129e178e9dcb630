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

    static func isUnitPhrase(_ lowercasedWords: [String]) -> Bool {
        !lowercasedWords.isEmpty && lowercasedWords.allSatisfy { words.contains($0) }
    }
}
