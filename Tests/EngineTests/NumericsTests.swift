import Foundation
import Testing
@testable import Engine

/// The numerics users choose (`--numerics`, `model(…, numerics:)`): parsing, and what the
/// exact mode buys: Influence that a float64 reference reproduces.
@Suite struct NumericsTests {
    @Test(arguments: [("float32", Numerics.float32), ("llamacpp", .llamaCPP), ("LlamaCPP", .llamaCPP),
                      ("FLOAT32", .float32)])
    func namesParse(name: String, numerics: Numerics) throws {
        #expect(try Numerics(name: name) == numerics)
    }

    @Test(arguments: ["", "f32", "llama.cpp", "float64", " float32"])
    func unknownNamesAreRefusedNamingTheChoices(name: String) {
        #expect(throws: NumericsError.unknown(name)) { try Numerics(name: name) }
        let message = NumericsError.unknown(name).description
        #expect(message.contains("'\(name)'") && message.contains("'float32'") && message.contains("'llamacpp'"))
    }

    @Test func theDefaultIsLlamaCPP() throws {
        let model = try TransformerTests.model(.llama).load()
        #expect(try InferenceSession(model: model).numerics == .llamaCPP)
        #expect(Numerics.names == ["float32", "llamacpp"])
    }

    @Test(arguments: TransformerTests.flavours)
    func float32InfluenceMatchesTheFloat64Reference(flavour: SyntheticModel.Flavour) throws {
        let spec = TransformerTests.model(flavour)
        let model = try spec.load()
        let tokens = TransformerTests.tokens(40, vocabSize: spec.vocabSize)
        var indicator = [Float](repeating: 0, count: tokens.count)
        for position in 5..<12 { indicator[position] = 1 }
        // Influence from the float64 naive pass over the same weights.
        let expected = NaiveTransformer.influence(NaiveTransformer(model: spec).forwardInDouble(tokens),
                                                  indicator: indicator.map(Double.init), method: .influence)
        var worst: [Numerics: Double] = [:]
        for numerics in Numerics.allCases {
            let probe = InfluenceProbe(indicator: indicator, layerCount: spec.config.layerCount)
            _ = try InferenceSession(model: model, numerics: numerics).prefill(tokens, hooks: AttentionHooks(probe: probe))
            worst[numerics] = zip(probe.matrix.values.joined(), expected.joined()).map { abs(Double($0) - $1) }.max()
        }
        print("\(flavour): Influence against the float64 reference, max |Δ| float32 \(worst[.float32]!), "
              + "llamacpp \(worst[.llamaCPP]!)")
        #expect(worst[.float32]! < 1e-6)
        // The default mode rounds as llama.cpp does and is measurably further away.
        #expect(worst[.llamaCPP]! > 10 * worst[.float32]!)
    }
}
