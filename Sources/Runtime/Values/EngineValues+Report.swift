/// How the engine's values appear in a report.
extension PromptValue: ReportRenderable {
    public var reportOutputs: [Report.Output] {
        [.prompt(segments.map { Report.PromptSegment(text: $0.text, level: $0.level) })]
    }
}

extension GenerationValue: ReportRenderable {
    public var reportOutputs: [Report.Output] { [.text(generation.text)] }
}

extension InfluenceValue: ReportRenderable {
    /// The final influence over the prompt's tokens, then the layers × tokens heatmap.
    public var reportOutputs: [Report.Output] {
        [.tokenHeat(tokens: tokenTexts, values: matrix.final.map { Double(shortest: $0) }),
         .chart(Chart(title: heatmapTitle, xLabel: "token", yLabel: "layer", content: .heatmap(heatmap)))]
    }
}
