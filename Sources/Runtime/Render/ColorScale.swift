/// Colours shared by the terminal and SVG renderers.
enum ColorScale {
    /// An RGB colour, components in `0...255`.
    struct RGB: Equatable {
        var red: Int
        var green: Int
        var blue: Int

        /// `#rrggbb`, for SVG and HTML.
        var hex: String {
            func byte(_ v: Int) -> String {
                let s = String(max(0, min(255, v)), radix: 16)
                return s.count == 1 ? "0" + s : s
            }
            return "#" + byte(red) + byte(green) + byte(blue)
        }
    }

    /// Distinct colours for series and bars, in order of use.
    static let categorical: [RGB] = [
        RGB(red: 31, green: 119, blue: 180), RGB(red: 255, green: 127, blue: 14),
        RGB(red: 44, green: 160, blue: 44), RGB(red: 214, green: 39, blue: 40),
        RGB(red: 148, green: 103, blue: 189), RGB(red: 140, green: 86, blue: 75),
        RGB(red: 227, green: 119, blue: 194), RGB(red: 127, green: 127, blue: 127),
    ]

    /// The categorical colour for the `index`-th series, cycling.
    static func series(_ index: Int) -> RGB {
        categorical[index % categorical.count]
    }

    /// Anchors of a perceptually ordered dark-blue → green → yellow ramp.
    private static let ramp: [RGB] = [
        RGB(red: 68, green: 1, blue: 84), RGB(red: 59, green: 82, blue: 139),
        RGB(red: 33, green: 145, blue: 140), RGB(red: 94, green: 201, blue: 98),
        RGB(red: 253, green: 231, blue: 37),
    ]

    /// The ramp colour at `t` in `0...1` (clamped; NaN maps to the low end).
    static func heat(_ t: Double) -> RGB {
        let t = t.isNaN ? 0 : min(max(t, 0), 1)
        let scaled = t * Double(ramp.count - 1)
        let index = min(Int(scaled), ramp.count - 2)
        let f = scaled - Double(index)
        let a = ramp[index], b = ramp[index + 1]
        func mix(_ x: Int, _ y: Int) -> Int { Int((Double(x) + (Double(y) - Double(x)) * f).rounded()) }
        return RGB(red: mix(a.red, b.red), green: mix(a.green, b.green), blue: mix(a.blue, b.blue))
    }
}
