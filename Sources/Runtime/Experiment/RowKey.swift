import Crypto
import Engine
import Registry

/// The key that lets a re-run recognise rows it has already recorded: the identity of
/// everything that determines a row's result.
///
/// A key hashes, with SHA-256, the row's content (its digest, see `ExperimentIdentity`),
/// the script's parameter values, and the experiment's identity (the body's source and
/// everything it reaches, model files and the engine's numerics version included); it
/// ends with the row's occurrence among identical rows (`#0`, `#1`, …) so that a list with
/// repeated rows records each of them. Reordering or inserting rows keeps the keys of the
/// others; changing a row's content, a parameter or anything the body depends on makes a
/// new row.
public enum RowKey {
    /// The key of a row whose content digest is `row`, being its `occurrence`-th copy.
    public static func make(row: String, params: DataRecord, identity: String, occurrence: Int) -> String {
        var hasher = SHA256()
        hasher.update(data: Array("guide-row-key 2\n\(row)\n\(JSON.encode(.record(params)))\n\(identity)".utf8))
        return FileDigest.hex(hasher.finalize().prefix(16)) + "#\(occurrence)"
    }

    /// The digest of an experiment as a whole: its parameter values and its identity (the
    /// body's source and everything it reaches, model files, engine numerics). Shards of one
    /// run share it; a task that ran an edited script, another model or other params has
    /// another. 32 hexadecimal digits.
    public static func experiment(params: DataRecord, identity: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Array("guide-experiment 1\n\(JSON.encode(.record(params)))\n\(identity)".utf8))
        return FileDigest.hex(hasher.finalize().prefix(16))
    }

    /// Keys for a whole list of rows (given by their content digests), numbering repeated
    /// contents in order.
    public static func make(rows: [String], params: DataRecord, identity: String) -> [String] {
        var seen: [String: Int] = [:]
        return rows.map { row in
            let occurrence = seen[row, default: 0]
            seen[row] = occurrence + 1
            return make(row: row, params: params, identity: identity, occurrence: occurrence)
        }
    }

    /// Keys for rows given as plain data.
    public static func make(rows: [DataValue], params: DataRecord, identity: String = "") -> [String] {
        make(rows: rows.map { JSON.encode($0) }, params: params, identity: identity)
    }
}
