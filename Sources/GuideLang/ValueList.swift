/// The elements of a list value (and the field values of a record): an array with value
/// semantics (copy-on-write) whose storage releases nested lists and records without
/// recursion, so a value nested a million levels deep is freed in constant stack space.
///
/// It behaves as `[Value]` does (random access, mutation, appending, array literals);
/// `array` gives the elements as a Swift array where one is needed.
public struct ValueList: RandomAccessCollection, MutableCollection, RangeReplaceableCollection,
    ExpressibleByArrayLiteral {
    private var storage: ValueStorage

    /// An empty list.
    public init() { storage = ValueStorage([]) }

    /// A list of `elements`.
    public init(_ elements: [Value]) { storage = ValueStorage(elements) }

    /// A list of the elements of `elements`.
    public init<S: Sequence>(_ elements: S) where S.Element == Value { storage = ValueStorage(Array(elements)) }

    public init(arrayLiteral elements: Value...) { storage = ValueStorage(elements) }

    /// The elements as a Swift array (shares storage until either side changes).
    public var array: [Value] { storage.items }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.items.count }
    public var count: Int { storage.items.count }
    public var isEmpty: Bool { storage.items.isEmpty }
    public func index(after i: Int) -> Int { i + 1 }
    public func index(before i: Int) -> Int { i - 1 }

    public subscript(position: Int) -> Value {
        get { storage.items[position] }
        _modify {
            makeUnique()
            yield &storage.items[position]
        }
    }

    public mutating func replaceSubrange<C: Collection>(_ subrange: Range<Int>, with newElements: C) where C.Element == Value {
        makeUnique()
        storage.items.replaceSubrange(subrange, with: newElements)
    }

    public mutating func reserveCapacity(_ n: Int) {
        makeUnique()
        storage.items.reserveCapacity(n)
    }

    public mutating func append(_ newElement: Value) {
        makeUnique()
        storage.items.append(newElement)
    }

    public mutating func append<S: Sequence>(contentsOf newElements: S) where S.Element == Value {
        makeUnique()
        storage.items.append(contentsOf: newElements)
    }

    /// Whether both lists share one storage (then they are equal, element for element).
    func sharesStorage(with other: ValueList) -> Bool { storage === other.storage }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = ValueStorage(storage.items) }
    }

    /// The identity of the storage, shared by copies until one changes.
    var storageIdentity: ObjectIdentifier { ObjectIdentifier(storage) }

    /// The storage of this list, for `ValueStorage`'s teardown.
    var sharedStorage: ValueStorage { storage }
}

/// The shared, reference-counted element array of a `ValueList`.
final class ValueStorage {
    var items: [Value]

    init(_ items: [Value]) { self.items = items }

    /// Frees nested lists and records from a work list instead of recursively: a storage
    /// this one held the last reference to gives up its own nested storages to the work
    /// list before it is released, so every release below happens on an empty storage.
    deinit {
        guard items.contains(where: \.isContainer) else { return }
        var pending: [ValueStorage] = []
        Self.moveNestedStorages(from: &items, to: &pending)
        while var storage = pending.popLast() {
            if isKnownUniquelyReferenced(&storage) { Self.moveNestedStorages(from: &storage.items, to: &pending) }
        }
    }

    /// Appends the storages of the lists and records in `items` to `pending`, then empties
    /// `items`: what it held alone is now held by `pending`, so emptying it releases nothing nested.
    private static func moveNestedStorages(from items: inout [Value], to pending: inout [ValueStorage]) {
        for item in items {
            switch item {
            case .list(let list): pending.append(list.sharedStorage)
            case .record(let record): pending.append(record.values.sharedStorage)
            default: break
            }
        }
        items = []
    }
}

extension Value {
    /// A list value of `items`.
    public static func list(_ items: [Value]) -> Value { .list(ValueList(items)) }

    /// True for lists and records, the values that can nest.
    var isContainer: Bool {
        switch self {
        case .list, .record: return true
        default: return false
        }
    }
}
