/// Structural equality of values, computed with a work list instead of recursion so that
/// values nested to any depth compare without overflowing the stack.
///
/// Lists are equal element for element (two lists sharing storage are equal at once, as
/// Swift arrays are); records when they have the same keys with equal values, in any
/// order; functions by identity; numbers as IEEE doubles; host values by `isEqual(to:)`.
enum ValueEquality {
    static func equal(_ a: Value, _ b: Value) -> Bool {
        // Pairs of nested lists or records still to compare; empty (no allocation) for flat values.
        var pending: [(Value, Value)] = []
        var compared = StoragePairs()
        var pair = (a, b)
        while true {
            if compared.insert(pair.0, pair.1) {
                guard equalOneLevel(pair.0, pair.1, deferring: &pending) else { return false }
            }
            guard let next = pending.popLast() else { return true }
            pair = next
        }
    }

    /// Compares `a` and `b` down to their direct children; children that are themselves
    /// both lists or both records go to `pending`.
    private static func equalOneLevel(_ a: Value, _ b: Value, deferring pending: inout [(Value, Value)]) -> Bool {
        switch (a, b) {
        case (.list(let x), .list(let y)):
            if x.sharesStorage(with: y) { return true }
            guard x.count == y.count else { return false }
            for (u, v) in zip(x, y) where !equalOrDeferred(u, v, &pending) {
                return false
            }
            return true
        case (.record(let x), .record(let y)):
            if x.values.sharesStorage(with: y.values), x.keys == y.keys { return true }
            guard x.count == y.count else { return false }
            for (key, u) in zip(x.keys, x.values) {
                guard let v = y[key], equalOrDeferred(u, v, &pending) else { return false }
            }
            return true
        default:
            return equalOrDeferred(a, b, &pending)
        }
    }

    /// Equality of two values that are not both containers; two containers are deferred
    /// (counted as equal for now).
    @inline(__always)
    private static func equalOrDeferred(_ a: Value, _ b: Value, _ pending: inout [(Value, Value)]) -> Bool {
        switch (a, b) {
        case (.nil, .nil): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.list, .list), (.record, .record):
            pending.append((a, b))
            return true
        case (.range(let x), .range(let y)): return x == y
        case (.function(let x), .function(let y)): return x === y
        case (.keyPath(let x), .keyPath(let y)): return x == y
        case (.native(let x), .native(let y)): return x.isEqual(to: y)
        default: return false
        }
    }
}

/// The pairs of lists (or records) a walk over two values has already compared, so values
/// that share parts (`x = [x, x]` repeated) are compared in time proportional to their
/// distinct parts rather than to their expanded size. Only walks longer than
/// `threshold` pairs keep the set, so small comparisons stay allocation-free.
struct StoragePairs {
    private var visits = 0
    private var seen: Set<Pair> = []
    private static let threshold = 1024

    /// Notes the pair `(a, b)`; false when it was compared before (and needs no second look).
    mutating func insert(_ a: Value, _ b: Value) -> Bool {
        visits += 1
        guard visits > Self.threshold, let x = a.storageIdentity, let y = b.storageIdentity else { return true }
        return seen.insert(Pair(first: x, second: y)).inserted
    }

    private struct Pair: Hashable {
        var first, second: ObjectIdentifier
    }
}

extension Value {
    /// The identity of a list's or record's element storage, nil for other values.
    var storageIdentity: ObjectIdentifier? {
        switch self {
        case .list(let items): return items.storageIdentity
        case .record(let record): return record.values.storageIdentity
        default: return nil
        }
    }
}
