/// Scoring a generated JSON value against a schema, as the paper's JSON experiment does.
///
/// The schema is a JSON-Schema subset: `type` (`object`, `array`, `string`, `number`,
/// `integer`, `boolean`, `null`, or a list of them), `properties` (for objects), `items`
/// (for arrays) and `required` (the keys that must be present; all of `properties` when
/// absent). Other keywords are ignored.
///
/// Scores:
/// - `valid`: the value has every required key, at every depth, with the right type.
/// - `key_jaccard`: the paper's score (its `score_json`): the number of the schema's
///   top-level keys present with the right type, divided by max(schema keys, generated
///   keys), i.e. |A∩B| / max(|A|, |B|). 0 for a value that is not an object.
/// - `path_jaccard`: the Jaccard index |A∩B| / |A∪B| of the key paths (nested keys by
///   path: `characters[].name` stands for `name` in any element of `characters`).
/// - `missing`, `extra`: schema paths absent from the value, value paths not in the schema.
/// - `type_errors`: `{path, expected, found}` for each value of the wrong type (paths with
///   indices, `characters[2].name`).
public struct JSONScore: Equatable {
    public var valid: Bool
    public var keyJaccard: Double
    public var pathJaccard: Double
    public var missing: [String]
    public var extra: [String]
    public var typeErrors: [TypeError]

    /// A value of the wrong type.
    public struct TypeError: Equatable {
        public var path: String
        public var expected: String
        public var found: String
    }

    /// The score as a record `{valid, key_jaccard, path_jaccard, missing, extra, type_errors}`.
    public var record: DataRecord {
        DataRecord([
            ("valid", .bool(valid)), ("key_jaccard", .number(keyJaccard)), ("path_jaccard", .number(pathJaccard)),
            ("missing", .list(missing.map { .string($0) })), ("extra", .list(extra.map { .string($0) })),
            ("type_errors", .list(typeErrors.map {
                .record(DataRecord([("path", .string($0.path)), ("expected", .string($0.expected)),
                                    ("found", .string($0.found))]))
            })),
        ])
    }

    /// The score of a value that could not be parsed: nothing present, everything missing.
    public static func unparsed(schema: JSONSchema) -> JSONScore {
        JSONScore(valid: false, keyJaccard: 0, pathJaccard: 0, missing: schema.paths(), extra: [], typeErrors: [])
    }

    /// Scores `value` against `schema`.
    public static func score(_ value: DataValue, schema: JSONSchema) -> JSONScore {
        var typeErrors: [TypeError] = []
        var requiredMissing = false
        check(value, against: schema, path: "", typeErrors: &typeErrors, requiredMissing: &requiredMissing)
        let schemaPaths = schema.paths()
        let valuePaths = paths(of: value)
        let schemaSet = Set(schemaPaths), valueSet = Set(valuePaths)
        let union = schemaSet.union(valueSet)
        return JSONScore(
            valid: typeErrors.isEmpty && !requiredMissing,
            keyJaccard: paperScore(value, schema: schema),
            pathJaccard: union.isEmpty ? 1 : Double(schemaSet.intersection(valueSet).count) / Double(union.count),
            missing: schemaPaths.filter { !valueSet.contains($0) },
            extra: valuePaths.filter { !schemaSet.contains($0) },
            typeErrors: typeErrors)
    }

    /// |top-level keys present with the right type| / max(|schema keys|, |generated keys|).
    static func paperScore(_ value: DataValue, schema: JSONSchema) -> Double {
        guard case .record(let record) = value else { return 0 }
        let expected = schema.properties.count
        let correct = schema.properties.filter { property in
            record[property.key].map { property.schema.accepts($0) } ?? false
        }.count
        let denominator = max(expected, record.fields.count)
        return denominator == 0 ? 1 : Double(correct) / Double(denominator)
    }

    private static func check(_ value: DataValue, against schema: JSONSchema, path: String,
                              typeErrors: inout [TypeError], requiredMissing: inout Bool) {
        guard schema.accepts(value) else {
            typeErrors.append(TypeError(path: path.isEmpty ? "$" : path, expected: schema.typeDescription,
                                        found: JSONSchema.typeName(of: value)))
            return
        }
        switch value {
        case .record(let record):
            for key in schema.requiredKeys where record[key] == nil { requiredMissing = true }
            for (key, propertySchema) in schema.properties {
                if let field = record[key] {
                    check(field, against: propertySchema, path: join(path, key), typeErrors: &typeErrors,
                          requiredMissing: &requiredMissing)
                }
            }
        case .list(let items):
            if let itemSchema = schema.items {
                for (index, item) in items.enumerated() {
                    check(item, against: itemSchema, path: path + "[\(index)]", typeErrors: &typeErrors,
                          requiredMissing: &requiredMissing)
                }
            }
        default:
            break
        }
    }

    /// The key paths of a value, in first-seen order: `a`, `a.b`, `list[].key`.
    static func paths(of value: DataValue, prefix: String = "") -> [String] {
        var result: [String] = []
        var seen = Set<String>()
        func visit(_ value: DataValue, _ prefix: String) {
            switch value {
            case .record(let record):
                for field in record.fields {
                    let path = join(prefix, field.key)
                    if seen.insert(path).inserted { result.append(path) }
                    visit(field.value, path)
                }
            case .list(let items):
                for item in items { visit(item, prefix + "[]") }
            default:
                break
            }
        }
        visit(value, prefix)
        return result
    }

    static func join(_ prefix: String, _ key: String) -> String {
        prefix.isEmpty ? key : prefix + "." + key
    }
}

/// The JSON-Schema subset `json_score` understands (see `JSONScore`).
public struct JSONSchema: Equatable {
    /// Accepted types; empty accepts anything.
    public var types: [String]
    /// Object properties, in order.
    public var properties: [(key: String, schema: JSONSchema)]
    /// Keys that must be present.
    public var requiredKeys: [String]
    /// The schema of array elements.
    public var items: JSONSchema? {
        get { itemBox.first }
        set { itemBox = newValue.map { [$0] } ?? [] }
    }
    private var itemBox: [JSONSchema] = []

    static let knownTypes: Set<String> = ["object", "array", "string", "number", "integer", "boolean", "null"]

    public static func == (a: JSONSchema, b: JSONSchema) -> Bool {
        a.types == b.types && a.requiredKeys == b.requiredKeys && a.itemBox == b.itemBox
            && a.properties.map(\.key) == b.properties.map(\.key)
            && zip(a.properties, b.properties).allSatisfy { $0.schema == $1.schema }
    }

    /// Reads a schema; an error names the path of the bad part (`properties.title.type`).
    public init(_ data: DataValue, path: String = "schema") throws {
        guard case .record(let record) = data else {
            throw JSONSchemaError("\(path) must be a record (a JSON object), found \(data.kindName)")
        }
        switch record["type"] {
        case nil: types = []
        case .string(let type)?: types = [type]
        case .list(let list)?:
            types = try list.map {
                guard case .string(let type) = $0 else { throw JSONSchemaError("\(path).type must hold strings") }
                return type
            }
        case let other?: throw JSONSchemaError("\(path).type must be a string or a list, found \(other.kindName)")
        }
        if let unknown = types.first(where: { !Self.knownTypes.contains($0) }) {
            throw JSONSchemaError("\(path).type: unknown type \"\(unknown)\"; known: \(Self.knownTypes.sorted().joined(separator: ", "))")
        }
        properties = []
        if let value = record["properties"] {
            guard case .record(let fields) = value else {
                throw JSONSchemaError("\(path).properties must be a record, found \(value.kindName)")
            }
            properties = try fields.fields.map { ($0.key, try JSONSchema($0.value, path: "\(path).properties.\($0.key)")) }
        }
        switch record["required"] {
        case nil: requiredKeys = properties.map(\.key)
        case .list(let list)?:
            requiredKeys = try list.map {
                guard case .string(let key) = $0 else { throw JSONSchemaError("\(path).required must hold strings") }
                return key
            }
        case let other?: throw JSONSchemaError("\(path).required must be a list, found \(other.kindName)")
        }
        if let items = record["items"] { self.items = try JSONSchema(items, path: "\(path).items") }
        if types.isEmpty, !properties.isEmpty { types = ["object"] }
    }

    /// Whether `value` has one of the accepted types (an integral number is an `integer`).
    func accepts(_ value: DataValue) -> Bool {
        types.isEmpty || types.contains { type in
            switch (type, value) {
            case ("object", .record), ("array", .list), ("string", .string), ("number", .number),
                 ("boolean", .bool), ("null", .null): return true
            case ("integer", .number(let n)): return n == n.rounded() && n.isFinite
            default: return false
            }
        }
    }

    var typeDescription: String { types.joined(separator: " or ") }

    /// The JSON type name of a value.
    static func typeName(of value: DataValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .list: return "array"
        case .record: return "object"
        }
    }

    /// The schema's key paths, in order: `title`, `characters`, `characters[].name`.
    func paths(prefix: String = "") -> [String] {
        var result: [String] = []
        for (key, schema) in properties {
            let path = JSONScore.join(prefix, key)
            result.append(path)
            result += schema.paths(prefix: path)
        }
        if let items { result += items.paths(prefix: prefix + "[]") }
        return result
    }
}

/// A schema that `json_score` cannot use.
public struct JSONSchemaError: Error, CustomStringConvertible, Equatable {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
