import Foundation

/// Quantiles of the standard normal and Student's t distributions, for confidence intervals.
///
/// The normal quantile is Wichura's algorithm AS 241 (`PPND16`, relative error below 1e-16);
/// the t distribution goes through the regularized incomplete beta function, evaluated by its
/// continued fraction (modified Lentz), and is inverted by bisection to full double precision.
public enum Distributions {
    /// The value z with P(Z ≤ z) = `p` for a standard normal Z; ±infinity at 0 and 1, NaN outside.
    public static func normalQuantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else {
            if p == 0 { return -.infinity }
            if p == 1 { return .infinity }
            return .nan
        }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            return q * polynomial(r, centralNumerator) / polynomial(r, centralDenominator)
        }
        var r = q < 0 ? p : 1 - p
        r = (-log(r)).squareRoot()
        let z: Double
        if r <= 5 {
            r -= 1.6
            z = polynomial(r, intermediateNumerator) / polynomial(r, intermediateDenominator)
        } else {
            r -= 5
            z = polynomial(r, tailNumerator) / polynomial(r, tailDenominator)
        }
        return q < 0 ? -z : z
    }

    /// P(T ≤ `t`) for Student's t with `degreesOfFreedom` > 0.
    public static func studentCDF(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        guard !t.isNaN, nu > 0 else { return .nan }
        if t.isInfinite { return t > 0 ? 1 : 0 }
        let tail = upperTail(abs(t), nu)
        return t > 0 ? 1 - tail : tail
    }

    /// The value t with P(T ≤ t) = `p` for Student's t with `degreesOfFreedom` > 0.
    public static func studentQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        guard p > 0, p < 1, nu > 0 else {
            if nu > 0, p == 0 { return -.infinity }
            if nu > 0, p == 1 { return .infinity }
            return .nan
        }
        if p == 0.5 { return 0 }
        if p < 0.5 { return -studentQuantile(1 - p, degreesOfFreedom: nu) }
        // Solve P(T > t) = 1 − p on the upper tail, which keeps its precision for p near 1.
        // The root lies in (0, high]; the normal quantile is a lower bound to start from.
        let tail = 1 - p
        var low = 0.0
        var high = max(1, normalQuantile(p))
        while upperTail(high, nu) > tail, high < 1e300 { high *= 2 }
        // Bisection until the bracket stops shrinking: the answer to the last bit the tail resolves.
        for _ in 0..<2000 {
            let middle = low + (high - low) / 2
            if middle <= low || middle >= high { break }
            if upperTail(middle, nu) > tail { low = middle } else { high = middle }
        }
        return low + (high - low) / 2
    }

    /// P(T > t) for t ≥ 0: I_{ν/(ν+t²)}(ν/2, 1/2) / 2.
    private static func upperTail(_ t: Double, _ nu: Double) -> Double {
        0.5 * regularizedIncompleteBeta(nu / (nu + t * t), a: nu / 2, b: 0.5)
    }

    /// I_x(a, b), the regularized incomplete beta function, for a, b > 0 and x in [0, 1].
    static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use symmetry otherwise.
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaContinuedFraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * betaContinuedFraction(1 - x, a: b, b: a) / b
    }

    /// The continued fraction of I_x(a, b) (Numerical Recipes' `betacf`), by modified Lentz.
    private static func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let epsilon = 1e-16
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...10_000 {
            let m = Double(m)
            let twoM = 2 * m
            // Even step.
            var numerator = m * (b - m) * x / ((a + twoM - 1) * (a + twoM))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            // Odd step.
            numerator = -(a + m) * (a + b + m) * x / ((a + twoM) * (a + twoM + 1))
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            result *= step
            if abs(step - 1) < epsilon { break }
        }
        return result
    }

    /// Σ coefficients[i]·x^i by Horner's rule.
    private static func polynomial(_ x: Double, _ coefficients: [Double]) -> Double {
        coefficients.reversed().reduce(0) { $0 * x + $1 }
    }

    // AS 241 coefficients, lowest power first.
    private static let centralNumerator = [
        3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
        45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
    ]
    private static let centralDenominator = [
        1.0, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077,
        21213.794301586595867, 39307.89580009271061, 28729.085735721942674, 5226.495278852545925,
    ]
    private static let intermediateNumerator = [
        1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
        1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4,
    ]
    private static let intermediateDenominator = [
        1.0, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455,
        0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9,
    ]
    private static let tailNumerator = [
        6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123,
        0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
    ]
    private static let tailDenominator = [
        1.0, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525,
        7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
    ]
}
