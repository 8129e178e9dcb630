import AggLMCommandLine
import Testing

@Suite struct TextTableTests {
    @Test func namesAlignLeftAndNumbersRightByDefault() {
        let table = TextTable(header: ["method", "accuracy"], rows: [["majority", "71.2"], ["agglm", "7.5"]])
        #expect(table.rendered == """
            method    accuracy
            --------  --------
            majority      71.2
            agglm          7.5
            """)
    }

    @Test func leftAlignedColumnsPadEveryCellAndShortRowsGetEmptyCells() {
        let table = TextTable(header: ["file", "n"], rows: [["gsm8k", "1319"], ["aqua"]], alignments: [.left, .left])
        #expect(table.rendered == "file   n   \n-----  ----\ngsm8k  1319\naqua       ")
    }

    @Test func cellsPastTheHeaderAreDropped() {
        let table = TextTable(header: ["a"], rows: [["1", "2"]])
        #expect(table.rendered == "a\n-\n1")
    }

    @Test(arguments: [(2.345, 1, "2.3"), (-0.04, 1, "0.0"), (-1.25, 0, "-1"), (1e6 / 3, 2, "333333.33"), (Double.nan, 2, "nan")])
    func fixedDecimals(value: Double, decimals: Int, expected: String) {
        #expect(format(value, decimals) == expected)
    }
}
