"""Strings of the "Inside the optimizer" page."""
STRINGS = {
    "inside_intro": (
        "An optimizer is a small machine with a memory. At every step it receives the gradient g, updates a few "
        "running quantities (a velocity, running means of g and of g²) and only then decides how far to move. "
        "Here the real kernels — the ones proven equal to torch.optim — step a single parameter one update at a "
        "time, fed a gradient sequence you type, and every internal quantity is listed. The first two examples "
        "reproduce the worked numbers of the study note.",
        "옵티마이저는 기억을 가진 작은 기계입니다. 매 스텝 기울기 g를 받아 몇 가지 누적량(속도, g와 g²의 이동 평균)을 "
        "갱신하고, 그다음에야 얼마나 움직일지 정합니다. 여기서는 torch.optim과 같음이 검증된 실제 커널로 파라미터 하나를 "
        "한 번에 한 스텝씩 갱신합니다. 기울기 수열은 직접 입력하고, 내부의 모든 값을 표로 보여 줍니다. 처음 두 예시는 "
        "학습 노트의 수치 예시를 그대로 재현합니다."),
    "inside_section": ("Part", "보기"),
    "inside_h_steps": ("Step by step", "한 스텝씩"),
    "inside_example": ("Example", "예시"),
    "inside_example_help": ("Each example remembers its own settings; change them freely.",
                            "예시마다 설정이 따로 기억됩니다. 마음껏 바꿔 보세요."),
    "inside_ex_momentum": ("SGD + momentum (note: lr 0.1, β 0.9, g = 2.0, 1.8)",
                           "SGD + 모멘텀 (노트: lr 0.1, β 0.9, g = 2.0, 1.8)"),
    "inside_ex_rmsprop": ("RMSprop (note: lr 0.1, α 0.9, g = 10, 12)", "RMSprop (노트: lr 0.1, α 0.9, g = 10, 12)"),
    "inside_ex_adam": ("Adam (bias-corrected moments)", "Adam (편향 보정된 모멘트)"),
    "inside_ex_custom": ("Your own (any optimizer)", "직접 설정 (모든 옵티마이저)"),
    "inside_grads": ("Gradients g₁, g₂, … (comma-separated)", "기울기 g₁, g₂, … (쉼표로 구분)"),
    "inside_grads_help": (
        "Numbers separated by commas, e.g. 2.0, 1.8, -0.5, 1e-3 (at most 200). Each is fed to the optimizer as "
        "it is: here the gradient does not depend on θ.",
        "쉼표로 구분한 숫자입니다. 예: 2.0, 1.8, -0.5, 1e-3 (최대 200개). 입력한 값이 그대로 옵티마이저에 들어가며, "
        "여기서 기울기는 θ에 의존하지 않습니다."),
    "inside_theta0": ("Initial parameter θ₀", "초기 파라미터 θ₀"),
    "inside_err_empty": ("entry {index} of the gradient list is empty (two commas in a row, or one at the end?)",
                         "기울기 목록의 {index}번째 항목이 비어 있습니다 (쉼표가 연달아 있거나 끝에 쉼표가 있나요?)"),
    "inside_err_not_number": ("entry {index} of the gradient list, “{token}”, is not a number",
                              "기울기 목록의 {index}번째 항목 “{token}”은(는) 숫자가 아닙니다"),
    "inside_err_not_finite": ("entry {index} of the gradient list, “{token}”, is not a finite number",
                              "기울기 목록의 {index}번째 항목 “{token}”은(는) 유한한 숫자가 아닙니다"),
    "inside_err_too_many": ("at most {limit} gradients, please", "기울기는 최대 {limit}개까지 넣을 수 있습니다"),
    "inside_table_caption": (
        "Every quantity after step t, read from the optimizer's state (torch's state_dict names in brackets). "
        "Δθ = θₜ − θₜ₋₁ is the move; −Δθ/g is the learning rate plain SGD would need for the same move.",
        "스텝 t가 끝난 뒤의 모든 값으로, 옵티마이저 상태에서 직접 읽었습니다 (괄호 안은 torch state_dict 이름). "
        "Δθ = θₜ − θₜ₋₁은 이동량이고, −Δθ/g는 기본 SGD가 같은 만큼 움직이는 데 필요한 학습률입니다."),
    "inside_col_t": ("step t", "스텝 t"),
    "inside_col_delta": ("Δθ (move)", "Δθ (이동량)"),
    "inside_col_eff_lr": ("effective lr −Δθ/g", "유효 학습률 −Δθ/g"),
    "inside_col_delta_eps_inside": ("Δθ, note's form (ε inside √)", "Δθ, 노트의 식 (√ 안의 ε)"),
    "inside_walk_momentum": ("**Step {t}.** v = {mu} × {v_prev} + {g} = **{v}**, so θ moves by −{lr} × {v} = **{d}**.",
                             "**스텝 {t}.** v = {mu} × {v_prev} + {g} = **{v}** 이므로 θ는 −{lr} × {v} = **{d}** 만큼 움직입니다."),
    "inside_walk_rmsprop": (
        "**Step {t}.** s = {a} × {s_prev} + {a1} × ({g})² = **{s}**; θ moves by −{lr} × {g} / (√s + ε) = **{d}** "
        "(the note's −{lr} × {g} / √(s + ε) gives {d_in}).",
        "**스텝 {t}.** s = {a} × {s_prev} + {a1} × ({g})² = **{s}**; θ의 이동량은 −{lr} × {g} / (√s + ε) = **{d}** "
        "입니다 (노트의 식 −{lr} × {g} / √(s + ε)로는 {d_in})."),
    "inside_walk_adam": (
        "**Step {t}.** m = {b1}·m + (1 − {b1})·{g} = {m}, v = {b2}·v + (1 − {b2})·({g})² = {v}; corrected "
        "m̂ = {mh}, v̂ = {vh}; θ moves by −{lr} · m̂ / (√v̂ + ε) = **{d}**.",
        "**스텝 {t}.** m = {b1}·m + (1 − {b1})·{g} = {m}, v = {b2}·v + (1 − {b2})·({g})² = {v}; 보정하면 "
        "m̂ = {mh}, v̂ = {vh}; θ의 이동량은 −{lr} · m̂ / (√v̂ + ε) = **{d}** 입니다."),
    "inside_moral_momentum": (
        "Watch v: it keeps adding gradients of the same sign, so the move can grow while the gradient shrinks. "
        "In the note g drops from 2.0 to 1.8, yet the move grows from 0.2 to 0.36. When g changes sign, v absorbs "
        "it first instead of reversing the step at once.",
        "v를 보세요. 부호가 같은 기울기를 계속 더하므로, 기울기가 줄어도 이동량은 커질 수 있습니다. 노트에서 g는 "
        "2.0에서 1.8로 줄었지만 이동량은 0.2에서 0.36으로 커졌습니다. g의 부호가 바뀌면 스텝이 바로 뒤집히지 않고 "
        "v가 먼저 그 변화를 흡수합니다."),
    "inside_moral_rmsprop": (
        "s is a running mean of g², so dividing by √s makes the move roughly lr × g / RMS(g). A gradient that is "
        "large compared with its recent past gets damped: in the note g grows from 10 to 12, but s grows faster "
        "(10 → 23.4) and the move shrinks from 0.316 to 0.248.",
        "s는 g²의 이동 평균이므로 √s로 나누면 이동량이 대략 lr × g / RMS(g)가 됩니다. 최근에 비해 큰 기울기는 "
        "눌립니다. 노트에서 g는 10에서 12로 커졌지만 s가 더 빨리 커져서(10 → 23.4) 이동량은 0.316에서 0.248로 "
        "줄었습니다."),
    "inside_moral_adam": (
        "m and v start at 0, so early on they underestimate the gradient and its square; dividing by 1 − βᵗ "
        "(bias correction) undoes that. After correction the first move is lr × sign(g) up to ε, whatever the "
        "size of g — see the next section.",
        "m과 v는 0에서 출발하므로 초반에는 기울기와 그 제곱을 과소평가합니다. 1 − βᵗ로 나누는 편향 보정이 이를 "
        "바로잡습니다. 보정 뒤 첫 이동량은 g의 크기와 상관없이 (ε 만큼의 차이를 빼면) lr × sign(g)입니다. "
        "다음 절에서 확인해 보세요."),
    "inside_eps_note": (
        "torch adds ε outside the square root, −lr·g / (√s + ε); the note writes it inside, −lr·g / √(s + ε). "
        "With ε = {eps} both give the same moves to three decimals here ({torch} against {note}); they only part "
        "when √s is tiny, i.e. for gradients close to zero. optviz follows torch.",
        "torch는 ε을 제곱근 밖에 더하고(−lr·g / (√s + ε)), 노트는 안에 씁니다(−lr·g / √(s + ε)). ε = {eps}이면 "
        "여기서 두 식의 이동량은 소수 셋째 자리까지 같습니다({torch} 대 {note}). 둘은 √s가 아주 작을 때, 즉 기울기가 "
        "0에 가까울 때만 달라집니다. optviz는 torch를 따릅니다."),
    "inside_fig_first": ("g and its running averages (first moment)", "g와 그 이동 평균 (1차 모멘트)"),
    "inside_fig_second": ("running averages of g² (second moment)", "g²의 이동 평균 (2차 모멘트)"),
    "inside_fig_step": ("move Δθ per step", "스텝별 이동량 Δθ"),
    "inside_fig_efflr": ("effective learning rate −Δθ/g", "유효 학습률 −Δθ/g"),
    "inside_h_bias": ("Adam with and without bias correction", "편향 보정이 있는 Adam과 없는 Adam"),
    "inside_bias_text": (
        "Adam keeps m (a running mean of g) and v (a running mean of g²), both starting at 0. After one step "
        "m = (1 − β₁)·g, a tenth of g for β₁ = 0.9, and v = (1 − β₂)·g², a thousandth of g² for β₂ = 0.999. "
        "Dividing by 1 − β₁ᵗ and 1 − β₂ᵗ gives unbiased m̂ and v̂; at t = 1 they are exactly g and g², so the first "
        "move is −lr·g / (|g| + ε) ≈ −lr·sign(g): its size is lr whether g is 0.001 or 1000.\n\n"
        "Feed a constant gradient and compare three versions of the step. Without correcting m (dashed) the "
        "first steps are tiny — 0.1·lr, 0.19·lr, 0.27·lr, … — until m has filled up after roughly 1/(1 − β₁) "
        "steps. Leaving v uncorrected too (dotted) errs the other way: √v starts even further below its true value "
        "than m, so with β₁ = 0.9, β₂ = 0.999 the first step is (1 − β₁)/√(1 − β₂) ≈ 3.2·lr, the steps grow to about "
        "6.6·lr near step 12 and are still twice too large after 280 steps. Only with both corrections (solid) is "
        "every step lr from the very first one.",
        "Adam은 m(g의 이동 평균)과 v(g²의 이동 평균)를 모두 0에서 시작합니다. 한 스텝 뒤 m = (1 − β₁)·g는 "
        "β₁ = 0.9일 때 g의 10분의 1이고, v = (1 − β₂)·g²는 β₂ = 0.999일 때 g²의 1000분의 1입니다. "
        "1 − β₁ᵗ, 1 − β₂ᵗ로 나누면 치우침이 없는 m̂, v̂가 되고, t = 1에서는 정확히 g와 g²입니다. 그래서 첫 이동량은 "
        "−lr·g / (|g| + ε) ≈ −lr·sign(g)이며, g가 0.001이든 1000이든 크기가 lr입니다.\n\n"
        "일정한 기울기를 넣고 세 가지 스텝을 비교해 보세요. m을 보정하지 않으면(파선) 첫 스텝들이 0.1·lr, 0.19·lr, "
        "0.27·lr, …로 아주 작고, 대략 1/(1 − β₁) 스텝이 지나 m이 채워져야 제 크기가 됩니다. v까지 보정하지 않으면"
        "(점선) 반대로 빗나갑니다. √v가 m보다도 훨씬 더 작게 출발하므로, β₁ = 0.9, β₂ = 0.999에서 첫 스텝은 "
        "(1 − β₁)/√(1 − β₂) ≈ 3.2·lr이고, 스텝 12 근처에서 약 6.6·lr까지 커지며, 280 스텝이 지나도 여전히 두 배 "
        "큽니다. 두 보정을 모두 해야(실선) 첫 스텝부터 매번 크기가 lr입니다."),
    "inside_bias_g": ("constant gradient g", "일정한 기울기 g"),
    "inside_bias_steps": ("Steps (max 2000)", "스텝 수 (최대 2000)"),
    "inside_bc_both": ("both corrected (Adam)", "둘 다 보정 (Adam)"),
    "inside_bc_no_m": ("m not corrected", "m 보정 없음"),
    "inside_bc_none": ("neither corrected", "둘 다 보정 없음"),
    "inside_fig_estimates": ("running means ÷ true value (1 = unbiased)", "이동 평균 ÷ 실제 값 (1 = 치우침 없음)"),
    "inside_fig_step_lr": ("step size in units of lr (log)", "lr 단위의 스텝 크기 (로그)"),
    "inside_first_step_caption": (
        "First move from θ = 0 for gradients of very different sizes (lr = {lr}): SGD's move scales with g, "
        "Adam's is lr every time.",
        "크기가 전혀 다른 기울기로 θ = 0에서 한 첫 이동량 (lr = {lr}): SGD는 g에 비례하지만 Adam은 언제나 lr입니다."),
    "inside_col_g1": ("gradient g₁", "기울기 g₁"),
    "inside_h_wd": ("Adam + L2 vs AdamW", "Adam + L2 대 AdamW"),
    "inside_wd_text": (
        "Both shrink the weights with the same λ, but in different places. `Adam(weight_decay=λ)` adds λθ to the "
        "gradient (L2 regularisation), so the decay goes through m and is divided by √v̂ + ε like the rest of the "
        "gradient: on a coordinate with large gradients √v̂ is large and the decay nearly disappears. "
        "`AdamW(weight_decay=λ)` keeps the decay out of the gradient: each step first multiplies θ by 1 − lr·λ, "
        "the same fraction on every coordinate, however steep. Both runs start at the same point with the same "
        "lr and λ. The lower chart shows the fraction of θ each removes per step (for Adam + L2 the λθ part of "
        "the step, lr·λ / (√v̂ + ε), exact when β₁ = 0).",
        "둘 다 같은 λ로 가중치를 줄이지만 적용하는 자리가 다릅니다. `Adam(weight_decay=λ)`는 기울기에 λθ를 더합니다"
        "(L2 정규화). 그래서 감쇠가 m을 거쳐 나머지 기울기처럼 √v̂ + ε로 나뉘고, 기울기가 큰 좌표에서는 √v̂가 커서 "
        "감쇠가 거의 사라집니다. `AdamW(weight_decay=λ)`는 감쇠를 기울기와 분리합니다. 매 스텝 먼저 θ에 1 − lr·λ를 "
        "곱하므로, 얼마나 가파른지와 상관없이 모든 좌표가 같은 비율로 줄어듭니다. 두 실행은 같은 점에서 같은 lr, λ로 "
        "출발합니다. 아래 그래프는 각각이 스텝마다 θ의 몇 분의 일을 줄이는지 보여 줍니다 (Adam + L2는 스텝 가운데 "
        "λθ 부분인 lr·λ / (√v̂ + ε)이며, β₁ = 0이면 정확합니다)."),
    "inside_wd_lambda": ("weight decay λ", "가중치 감쇠 λ"),
    "inside_wd_steps": ("Steps (max 2000)", "스텝 수 (최대 2000)"),
    "inside_start_x": ("start x", "시작 x"),
    "inside_start_y": ("start y", "시작 y"),
    "inside_decay_axis": ("decay per step (fraction of θ, log)", "스텝당 감쇠 (θ 대비 비율, 로그)"),
    "inside_wd_caption": (
        "Where each run ended. Adam + L2 heads for the minimum of f + λ‖θ‖²/2, where ∇f + λθ = 0. AdamW's decay "
        "is not rescaled, so it competes on equal terms with the normalised gradient step and usually pulls θ "
        "further towards 0.",
        "각 실행이 끝난 위치입니다. Adam + L2는 ∇f + λθ = 0인 곳, 즉 f + λ‖θ‖²/2의 최솟값으로 갑니다. AdamW의 "
        "감쇠는 다시 스케일되지 않으므로 정규화된 기울기 스텝과 대등하게 겨루고, 보통 θ를 0 쪽으로 더 많이 "
        "끌어당깁니다."),
    "inside_col_run": ("run", "실행"),
}
