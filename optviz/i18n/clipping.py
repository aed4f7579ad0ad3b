"""Strings of the "Gradient clipping" page."""
STRINGS = {
    "clipping_intro": (
        "Some losses have cliffs: a narrow region where the loss shoots up, as in recurrent networks unrolled over "
        "many time steps. The gradient there is hundreds of times larger than anywhere else, so a plain step lr·g "
        "throws the parameters far away — one step can undo hundreds of steps of progress, or turn the loss into "
        "NaN. Gradient clipping bounds the gradient between `loss.backward()` and `optimizer.step()`:\n\n"
        "- **by norm** (`clip_grad_norm_`): if ‖g‖ > max_norm, g is rescaled to norm max_norm. The direction is "
        "kept and only the length is capped, so plain SGD never moves more than lr·max_norm.\n"
        "- **by value** (`clip_grad_value_`): every component is clamped into [−c, c]. Large components are cut "
        "while small ones stay, so the direction changes: it tilts towards the diagonal.\n\n"
        "Below, the same optimizer runs three times from the same start on a valley that ends in a cliff "
        "(a rise of 10 within 0.05): without clipping, clipped by norm, clipped by value.",
        "어떤 손실 함수에는 절벽이 있습니다. 손실이 갑자기 치솟는 좁은 구간으로, 여러 시간 스텝에 걸쳐 펼친 순환 "
        "신경망에서 자주 나타납니다. 그곳의 기울기는 다른 곳보다 수백 배 커서, 평범한 스텝 lr·g가 파라미터를 멀리 "
        "날려 보냅니다. 한 스텝이 수백 스텝의 진척을 되돌리거나 손실을 NaN으로 만들 수도 있습니다. 기울기 "
        "클리핑은 `loss.backward()`와 `optimizer.step()` 사이에서 기울기를 제한합니다.\n\n"
        "- **노름 기준** (`clip_grad_norm_`): ‖g‖ > max_norm이면 g의 노름이 max_norm이 되도록 줄입니다. 방향은 "
        "그대로 두고 길이만 제한하므로, 기본 SGD는 한 번에 lr·max_norm보다 멀리 가지 않습니다.\n"
        "- **값 기준** (`clip_grad_value_`): 각 성분을 [−c, c] 안으로 자릅니다. 큰 성분은 잘리고 작은 성분은 그대로라서 "
        "방향이 바뀝니다. 대각선 쪽으로 기울어집니다.\n\n"
        "아래에서는 같은 옵티마이저를 같은 시작점에서 세 번 실행합니다. 골짜기가 절벽(폭 0.05 안에서 높이 10만큼 "
        "상승)으로 끝나는 곡면에서, 클리핑 없이, 노름 기준으로, 값 기준으로 각각 돌립니다."),
    "clipping_max_norm": ("max_norm (clip by norm)", "max_norm (노름 기준 클리핑)"),
    "clipping_clip_value": ("clip_value c (clip by value)", "clip_value c (값 기준 클리핑)"),
    "clipping_steps": ("Steps (max 1000)", "스텝 수 (최대 1000)"),
    "clipping_start_x": ("start x", "시작 x"),
    "clipping_start_y": ("start y", "시작 y"),
    "clipping_run_none": ("no clipping", "클리핑 없음"),
    "clipping_run_norm": ("norm ≤ {c}", "노름 ≤ {c}"),
    "clipping_run_value": ("values in ±{c}", "값을 ±{c}로"),
    "clipping_h_paths": ("Paths on the cliff", "절벽 위의 경로"),
    "clipping_arrows_caption": (
        "At the black diamond the unclipped run hits the wall (step {step}). The arrows are the directions the "
        "three versions step in, −g: the raw gradient (grey, shortened to fit: its norm is {raw}), clipped by norm "
        "(blue: {norm_turn}° away from the raw direction, norm {norm}) and clipped by value (red: the huge "
        "x-component is cut to c while the small y-component is not, so the step turns {value_turn}° away from the "
        "gradient). The two clipped arrows share one scale.",
        "검은 마름모에서 클리핑 없는 실행이 벽에 닿습니다(스텝 {step}). 화살표는 세 가지 방식이 실제로 움직이는 방향 "
        "−g입니다. 회색은 원래 기울기(그림에 맞게 줄였으며 노름은 {raw}), 파랑은 노름 기준 클리핑(원래 방향과 "
        "{norm_turn}° 차이, 노름 {norm}), 빨강은 값 기준 클리핑입니다. 빨강은 거대한 x 성분만 c로 잘리고 작은 y 성분은 "
        "그대로라서, 스텝이 기울기 방향에서 {value_turn}° 꺾입니다. 클리핑된 두 화살표는 같은 축척으로 그렸습니다."),
    "clipping_no_wall": (
        "With these settings the unclipped run never hits the wall (its gradient never grows to 10× its size at "
        "the start), so there is nothing to clip. Try a start closer to the cliff, more steps or a larger lr.",
        "이 설정에서는 클리핑 없는 실행이 벽에 닿지 않습니다(기울기가 시작점의 10배까지 커지지 않음). 그래서 자를 것이 "
        "없습니다. 절벽에 더 가까운 시작점, 더 많은 스텝, 더 큰 lr을 시도해 보세요."),
    "clipping_arrow_raw": ("raw −g, ‖g‖ = {norm} (shortened)", "원래 −g, ‖g‖ = {norm} (축소)"),
    "clipping_arrow_norm": ("by norm, ‖g‖ = {norm}", "노름 기준, ‖g‖ = {norm}"),
    "clipping_arrow_value": ("by value, ‖g‖ = {norm}", "값 기준, ‖g‖ = {norm}"),
    "clipping_wall_point": ("hits the wall (step {step})", "벽에 닿는 점 (스텝 {step})"),
    "clipping_hits_wall": ("hits the wall at step {step}", "스텝 {step}에서 벽에 닿음"),
    "clipping_h_norms": ("The gradient each run stepped with", "각 실행이 스텝에 쓴 기울기"),
    "clipping_h_steps": ("How far each step went", "각 스텝의 이동 거리"),
    "clipping_used_norm": ("‖g‖ after clipping (log)", "클리핑 후 ‖g‖ (로그)"),
    "clipping_step_len": ("step length ‖Δθ‖ (log)", "스텝 길이 ‖Δθ‖ (로그)"),
    "clipping_cap": ("lr × max_norm = {cap}", "lr × max_norm = {cap}"),
    "clipping_steps_caption": (
        "Without clipping, the wall's gradient becomes one enormous step. Clipped by norm, SGD never moves further "
        "than lr × max_norm (dashed line); clipped by value, at most lr × c × √2 (both components at ±c). A "
        "“hit” is the first step whose gradient is more than 10 times its size at the start. Adaptive optimizers "
        "such as Adam divide by √v̂, so even unclipped their steps stay within a few lr: the spike hurts plain SGD "
        "and momentum most.",
        "클리핑이 없으면 벽의 기울기가 그대로 거대한 한 스텝이 됩니다. 노름 기준으로 자르면 SGD는 lr × max_norm(파선)보다 "
        "멀리 가지 않고, 값 기준으로 자르면 최대 lr × c × √2(두 성분 모두 ±c)입니다. “닿음”은 기울기가 시작점의 10배를 "
        "처음 넘는 스텝입니다. Adam 같은 적응형 옵티마이저는 √v̂로 나누므로 클리핑 없이도 스텝이 lr의 몇 배 안에 "
        "머뭅니다. 이런 급등에 가장 크게 다치는 것은 기본 SGD와 모멘텀입니다."),
    "clipping_col_run": ("run", "실행"),
    "clipping_col_max_used": ("largest ‖g‖ used", "사용한 최대 ‖g‖"),
    "clipping_col_max_step": ("longest step", "가장 긴 스텝"),
    "clipping_col_wall": ("hits the wall at step", "벽에 닿은 스텝"),
    "clipping_col_final": ("final loss", "최종 손실"),
    "clipping_never": ("never", "없음"),
    "clipping_h_compare": ("Norm or value?", "노름 기준인가, 값 기준인가?"),
    "clipping_compare_text": (
        "Norm clipping treats the whole gradient as one vector and shrinks all of it by the same factor, so the "
        "update still points along the true gradient, only shorter. `clip_grad_norm_(model.parameters(), "
        "max_norm)` computes that norm over all parameters together; it is the usual choice for RNNs and "
        "Transformers. Value clipping acts coordinate by coordinate: simple and cheap, but once a component is cut "
        "the others weigh relatively more and the step no longer follows the gradient. It also ignores how many "
        "coordinates there are: a million parameters each at ±c still make a long step.",
        "노름 기준 클리핑은 기울기 전체를 하나의 벡터로 보고 모든 성분을 같은 비율로 줄입니다. 그래서 업데이트는 여전히 "
        "실제 기울기 방향을 가리키고 길이만 짧아집니다. `clip_grad_norm_(model.parameters(), max_norm)`은 모든 파라미터를 "
        "합쳐서 노름을 계산하며, RNN과 Transformer에서 보통 이 방식을 씁니다. 값 기준 클리핑은 좌표마다 따로 작동합니다. "
        "간단하고 싸지만, 한 성분이 잘리면 나머지 성분의 비중이 상대적으로 커져 스텝이 더는 기울기를 따르지 않습니다. "
        "좌표 수도 고려하지 않습니다. 파라미터 백만 개가 각각 ±c이면 스텝은 여전히 깁니다."),
}
