/// The named points of the forward pass, in the order one layer reaches them.
///
/// Each point is one line at its call site in `InferenceSession.runLayer`, so the layer reads
/// as the arithmetic alone; what steers or measures attaches at a point instead of living
/// inside the math: GUIDE's bias at `attentionScores`, Influence's norms at `residualPre`,
/// `attentionInput`, `attentionProjection` and `attentionOutput`, Influence, Rollout and
/// attention capture at `attentionPattern`. The names follow TransformerLens's hook points
/// (`hook_resid_pre`, `hook_attn_scores`, `hook_pattern`, `hook_attn_out`, `hook_resid_mid`,
/// `hook_mlp_out`, `hook_resid_post`, `ln_final.hook_normalized`).
public enum HookPoint: String, CaseIterable, Sendable {
    /// The residual stream entering a layer (`hook_resid_pre`).
    case residualPre = "resid_pre"
    /// The attention block's input after its norm (`ln1.hook_normalized`).
    case attentionInput = "attn_in"
    /// Scaled `q·k` per head, before the mask and softmax (`hook_attn_scores`): where GUIDE's
    /// bias is added.
    case attentionScores = "attn_scores"
    /// Attention probabilities per head, after the mask and softmax (`hook_pattern`).
    case attentionPattern = "pattern"
    /// The output projection `W_o · z`, before any post-attention norm.
    case attentionProjection = "attn_proj"
    /// What the attention block adds to the residual stream (`hook_attn_out`): the projection,
    /// after the post-attention norm in architectures that have one (Gemma 3).
    case attentionOutput = "attn_out"
    /// The residual stream between the attention and feed-forward blocks (`hook_resid_mid`).
    case residualMid = "resid_mid"
    /// What the feed-forward block adds to the residual stream (`hook_mlp_out`).
    case mlpOutput = "mlp_out"
    /// The residual stream leaving a layer (`hook_resid_post`).
    case residualPost = "resid_post"
    /// The rows the LM head reads, after the final norm (`ln_final.hook_normalized`).
    case finalNorm = "ln_final"
}
