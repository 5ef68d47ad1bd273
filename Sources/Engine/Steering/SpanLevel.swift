/// The kind of a marked span: one of the three GUIDE bias levels or the measured span.
///
/// Levels keep the reference pipeline's ratios 1 : 2 : 4; Δ is the bias of level 1.
public enum SpanLevel: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `<!-> … <-!>`: bias Δ.
    case guide1 = 1
    /// `<!!-> … <-!!>`: bias 2Δ.
    case guide2 = 2
    /// `<!!!-> … <-!!!>`: bias 4Δ.
    case guide3 = 3
    /// `<?-> … <-?>`: no bias; the span whose Influence is measured.
    case measured = 0

    /// The factor applied to Δ on this span's keys (1, 2, 4, or 0 for the measured span).
    public var multiplier: Float {
        switch self {
        case .guide1: return 1
        case .guide2: return 2
        case .guide3: return 4
        case .measured: return 0
        }
    }

    /// The tag that opens a span of this level, e.g. `<!!->`.
    public var openingTag: String { "<" + marks + "->" }

    /// The tag that closes a span of this level, e.g. `<-!!>`.
    public var closingTag: String { "<-" + marks + ">" }

    public var description: String { openingTag }

    private var marks: String {
        switch self {
        case .guide1: return "!"
        case .guide2: return "!!"
        case .guide3: return "!!!"
        case .measured: return "?"
        }
    }
}
