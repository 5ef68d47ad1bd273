extension CoreBuiltins {
    /// `format_table`: a table's display with chosen column widths, digits and row count.
    static let display: [Builtin] = [
        Builtin("format_table", [.required("rows"), .optional("widths"), .optional("width", 40),
                                 .optional("digits", 6), .optional("max_rows", 50)]) { args in
            let rows = try args.list("rows")
            let records = try rows.enumerated().map { index, row -> Record in
                guard case .record(let record) = row else {
                    throw args.error("rows", "row \(index) is a \(row.typeName), expected a table (a list of records)")
                }
                return record
            }
            var options = DisplayOptions.standard
            options.maxCellWidth = try cellWidth(args, "width", try args.int("width"))
            if !args.isNil("widths") {
                let columns = Set(records.flatMap(\.keys))
                let widths = try args.record("widths")
                for (column, value) in zip(widths.keys, widths.values) {
                    guard columns.contains(column) else {
                        throw args.error("widths", "the table has no column '\(column)'")
                    }
                    guard case .number(let n) = value, let width = Int(exactly: n) else {
                        throw args.error("widths", "the width of column '\(column)' is \(value.inlineText()), expected a whole number")
                    }
                    options.columnWidths[column] = try cellWidth(args, "widths", width, column: column)
                }
            }
            let digits = try args.int("digits")
            guard (1...17).contains(digits) else {
                throw args.error("digits", "expected significant digits from 1 to 17, got \(digits)")
            }
            options.tableSignificantDigits = digits
            if args.isNil("max_rows") {
                options.maxTableRows = nil
            } else {
                let limit = try args.int("max_rows")
                guard limit >= 0 else { throw args.error("max_rows", "expected a count ≥ 0 or nil, got \(limit)") }
                options.maxTableRows = limit
            }
            return .string(Value.table(records, options))
        },
    ]

    /// A cell width of at least 1 character.
    private static func cellWidth(_ args: Arguments, _ key: ArgumentKey, _ width: Int, column: String? = nil) throws -> Int {
        guard width >= 1 else {
            let which = column.map { " of column '\($0)'" } ?? ""
            throw args.error(key, "the width\(which) must be at least 1 character, got \(width)")
        }
        return width
    }
}
