/// The documentation of the core builtins (`help(len)`, `docs/builtins.md`). Signatures
/// and defaults come from the builtins' declarations; this table holds the prose.
enum CoreBuiltinDocs {
    static func doc(_ category: String, _ summary: String, _ parameters: [String: String] = [:],
                    example: String) -> BuiltinDoc {
        BuiltinDoc(category: category, summary: summary, parameters: parameters, example: example)
    }

    static let all: [String: BuiltinDoc] = [
        // Language
        "help": doc("language", """
            Prints the documentation of a builtin (signature, parameters with their defaults, a \
            description and an example), the signature of a function, or the type and fields of any \
            other value. `help()` lists every builtin by category; `help("name")` looks a name up.
            """, ["value": "a function, a value, or a name as a string; nil lists the builtins"],
            example: "help(map)\nhelp()"),
        "type": doc("language", """
            The type name of a value: `"nil"`, `"bool"`, `"number"`, `"string"`, `"list"`, \
            `"record"`, `"range"`, `"function"`, `"key path"`, or a host type such as `"model"`.
            """, example: "type([1, 2])   # \"list\""),
        "print": doc("language", """
            Writes its arguments separated by spaces and ends the line. Strings are written raw, \
            other values as they display (`[1, 3.5, "fr"]`). Returns nil.
            """, example: "print(\"delta\", 2, [1, 2])"),

        // Collections
        "len": doc("collections", """
            The number of elements of a list, characters of a string, fields of a record or numbers of a range.
            """, example: "len([3, 4, 5])   # 3"),
        "range": doc("collections", """
            `range(n)` is `0..<n`, `range(a, b)` is `a..<b`; with a `step` it is the list of `a`, \
            `a + step`, … before `b` (a negative step counts down).
            """, example: "range(0, 10, 3)   # [0, 3, 6, 9]"),
        "map": doc("collections", """
            A new list with `transform` applied to each element of a list, range, string (its \
            characters) or record (its keys). `transform` may be a key path such as `.delta`.
            """, example: "map([1, 2, 3], fn(x) => x * 10)   # [10, 20, 30]\nrows |> map(.delta)"),
        "filter": doc("collections", """
            The elements for which `keep` returns true, in order. `keep` must return a bool.
            """, example: "filter(0..<10, fn(n) => n % 3 == 0)   # [0, 3, 6, 9]"),
        "sort": doc("collections", """
            A sorted copy of a list. `by` gives the sort key of each element (a function or a key \
            path); the sort is stable. Numbers, strings, bools and lists can be ordered.
            """, ["by": "a function or key path giving each element's key", "descending": "largest first when true"],
            example: "sort(rows, by: .score, descending: true)"),
        "keys": doc("collections", "The field names of a record, in order.", example: "keys({a: 1, b: 2})   # [\"a\", \"b\"]"),
        "values": doc("collections", "The field values of a record, in order.", example: "values({a: 1, b: 2})   # [1, 2]"),
        "get": doc("collections", """
            The field `key` of a record, or `default` when the record has no such field.
            """, example: "get({a: 1}, \"b\", 0)   # 0"),
        "zip": doc("collections", """
            Pairs up the elements of two or more lists: a list of lists `[a[i], b[i], …]`, as long \
            as the shortest input.
            """, example: "zip([1, 2, 3], [\"a\", \"b\"])   # [[1, \"a\"], [2, \"b\"]]"),
        "append": doc("collections", """
            A copy of the list with `value` added at the end (the list itself is not changed).
            """, example: "append([1, 2], 3)   # [1, 2, 3]"),
        "reverse": doc("collections", "A list (or string) in reverse order.", example: "reverse([1, 2, 3])   # [3, 2, 1]"),

        "enumerate": doc("collections", """
            Pairs each element with its position: a list of `[i, x]`, counting from `start`. Unpack \
            the pairs in a loop with `for (i, x) in enumerate(xs) { … }`.
            """, example: "enumerate([\"fr\", \"de\"])   # [[0, \"fr\"], [1, \"de\"]]"),
        "take": doc("collections", """
            The first `count` elements of a list, characters of a string or numbers of a range (all \
            of them when there are fewer); `xs[..<count]` does the same.
            """, example: "take([5, 6, 7], 2)   # [5, 6]"),
        "drop": doc("collections", """
            Everything after the first `count` elements of a list, characters of a string or \
            numbers of a range (empty when there are fewer); `xs[count...]` does the same.
            """, example: "drop([5, 6, 7], 2)   # [7]"),

        // Numbers
        "sum": doc("numbers", "The sum of a list or range of numbers (0 for an empty list).", example: "sum(1...4)   # 10"),
        "min": doc("numbers", """
            The smallest of a non-empty list, or of several arguments. Works on anything that can be \
            ordered (numbers, strings, bools, lists).
            """, example: "min([3, 1, 2])   # 1\nmin(4, 9)   # 4"),
        "max": doc("numbers", """
            The largest of a non-empty list, or of several arguments. Works on anything that can be \
            ordered (numbers, strings, bools, lists).
            """, example: "max([3, 1, 2])   # 3\nmax(4, 9)   # 9"),
        "num": doc("numbers", """
            A number from a string (nil when the text is not a number), a bool (1 or 0) or a number. \
            Underscores and surrounding blanks are allowed: `num(" 1_000 ")` is 1000.
            """, example: "num(\"2.5\")   # 2.5\nnum(\"abc\")   # nil"),
        "abs": doc("numbers", "The absolute value.", example: "abs(-3)   # 3"),
        "floor": doc("numbers", "The largest whole number ≤ x.", example: "floor(2.7)   # 2"),
        "ceil": doc("numbers", "The smallest whole number ≥ x.", example: "ceil(2.1)   # 3"),
        "sqrt": doc("numbers", "The square root (nan for a negative number).", example: "sqrt(16)   # 4"),
        "pow": doc("numbers", "x raised to the power y; `x ** y` is the same.", example: "pow(2, 10)   # 1024\n2 ** 0.5"),
        "exp": doc("numbers", "e raised to the power x.", example: "exp(0)   # 1"),
        "log": doc("numbers", "The natural logarithm (−inf at 0, nan below 0).", example: "log(exp(2))   # 2"),
        "round": doc("numbers", """
            x rounded to `digits` decimal places (0 to 15), halves away from zero.
            """, example: "round(2.345, 2)   # 2.35\nround(2.5)   # 3"),

        // Strings
        "str": doc("strings", """
            The display text of any value, uncut: strings as they are, numbers without a needless \
            decimal point, lists and records as literals.
            """, example: "str(3.0) + \"x\"   # \"3x\""),
        "format_table": doc("strings", """
            A table as the terminal shows it, with your choice of column widths, digits and rows: \
            the text to print or to show in the REPL. A table on its own displays with every cell \
            cut at 40 characters, numbers to 6 significant digits (integers in full) and the first 50 \
            rows; `str(t)` keeps everything.
            """, ["widths": "a record of column widths in characters, e.g. `{text: 80}`; other columns keep `width`",
                  "width": "the widest cell of the other columns before it is cut with …",
                  "digits": "significant digits of numbers that are not whole, 1 to 17",
                  "max_rows": "rows shown before the rest are counted; nil shows every row"],
            example: "format_table(rows, widths: {text: 80}, digits: 3)"),
        "split": doc("strings", """
            The pieces of `text` between occurrences of `separator`; without one, the words \
            between runs of blanks (spaces, tabs, newlines).
            """, example: "split(\"a,b,,c\", \",\")   # [\"a\", \"b\", \"\", \"c\"]\nsplit(\"one  two\")   # [\"one\", \"two\"]"),
        "join": doc("strings", """
            The elements of a list as text (strings raw, other values as displayed), with \
            `separator` between them.
            """, example: "join([1, 2, 3], \", \")   # \"1, 2, 3\""),
        "lower": doc("strings", "The text in lower case.", example: "lower(\"Bonjour\")   # \"bonjour\""),
        "upper": doc("strings", "The text in upper case.", example: "upper(\"fr\")   # \"FR\""),
        "trim": doc("strings", "The text without leading and trailing blanks.", example: "trim(\"  hi \\n\")   # \"hi\""),
        "replace": doc("strings", "The text with every occurrence of `old` replaced by `new`.",
                       example: "replace(\"a-b-c\", \"-\", \"+\")   # \"a+b+c\""),
        "contains": doc("strings", """
            Whether a string contains a substring, a list an element, a record a field name, or a \
            range a number.
            """, example: "contains(\"Bonjour tout\", \"jour\")   # true\ncontains([1, 2], 3)   # false"),
        "starts_with": doc("strings", "Whether the text begins with `prefix`.", example: "starts_with(\"delta_2\", \"delta\")   # true"),
        "ends_with": doc("strings", "Whether the text ends with `suffix`.", example: "ends_with(\"run.jsonl\", \".jsonl\")   # true"),
    ]
}
