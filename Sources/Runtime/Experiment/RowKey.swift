/// The content key that lets a re-run recognise rows it has already recorded.
///
/// The key hashes the row's value together with the script's parameter values (so a run
/// with other parameters does its rows again) as canonical JSON, with 64-bit FNV-1a, and
/// appends the row's occurrence among identical rows (`#0`, `#1`, …) so that a list with
/// repeated rows records each of them. Reordering or inserting rows keeps the keys of the
/// others; changing a row's content makes it a new row.
public enum RowKey {
    /// The key of a row whose content is `row`, under `params`, being its `occurrence`-th copy.
    public static func make(row: DataValue, params: DataRecord, occurrence: Int) -> String {
        let canonical = JSON.encode(.record(DataRecord([("row", row), ("params", .record(params))])))
        return hex(fnv1a64(Array(canonical.utf8))) + "#\(occurrence)"
    }

    /// Keys for a whole list of rows, numbering repeated contents in order.
    public static func make(rows: [DataValue], params: DataRecord) -> [String] {
        var seen: [DataValue: Int] = [:]
        return rows.map { row in
            let occurrence = seen[row, default: 0]
            seen[row] = occurrence + 1
            return make(row: row, params: params, occurrence: occurrence)
        }
    }

    /// 64-bit FNV-1a of `bytes`.
    static func fnv1a64(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
