public import ArgumentParser

/// A comma-separated list of set sizes (candidates per set), as `agglm compare --sweep-k` and
/// `agglm-train --test-k` take it: positive whole numbers, returned sorted, duplicates dropped.
public enum SetSizeList {
    /// Parses `text`; a validation error names `option` and shows what to type instead.
    public static func parse(_ text: String, option: String) throws -> [Int] {
        let values = text.split(separator: ",").map { item in
            // Spaces around a number are fine (`4, 8`); inside one (`1 6`) they are not.
            Int(String(item.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()))
        }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ValidationError("\(option) takes positive whole numbers, comma-separated, e.g. \(option) 2,4,8,16")
        }
        return Array(Set(values.compactMap { $0 })).sorted()
    }
}
