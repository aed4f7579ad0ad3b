"""The "LR range test" page."""
STRINGS = {
    "lrr_where": ("Run the test on", "테스트 대상"),
    "lrr_where_network": ("a real network", "실제 신경망"),
    "lrr_where_surface": ("a 2-D surface", "2차원 곡면"),
    "lrr_ramp": ("The lr ramp", "학습률 증가 구간"),
    "lrr_min_lr": ("Start lr (min_lr)", "시작 학습률 (min_lr)"),
    "lrr_max_lr": ("End lr (max_lr)", "끝 학습률 (max_lr)"),
    "lrr_steps": ("Steps (one mini-batch each, ≤ 500)", "스텝 수 (스텝마다 미니배치 하나, ≤ 500)"),
    "lrr_beta": ("Smoothing β", "평활 계수 β"),
    "lrr_stop": ("Stop when smoothed loss > … × best", "평활 손실이 최저치의 … 배를 넘으면 중단"),
    "lrr_n_opt": ("Optimizers to compare", "비교할 옵티마이저 수"),
    "lrr_start": ("Start point", "시작점"),
    "lrr_noise": ("Gradient noise (std)", "기울기 노이즈 (표준편차)"),
    "lrr_order": ("min_lr must be smaller than max_lr.", "min_lr은 max_lr보다 작아야 합니다."),
    "lrr_how": (
        "The test trains for a short run while the learning rate grows by the same factor after every step, "
        "from min_lr to max_lr: $\\eta_t = \\eta_{{\\min}}\\,(\\eta_{{\\max}}/\\eta_{{\\min}})^{{t/(T-1)}}$ "
        "(torch's ExponentialLR with γ = {gamma:.4g}). It records the loss at each step, smooths it, and stops "
        "as soon as the smoothed loss exceeds {stop:g}× the best value seen: from there on the lr is too big.",
        "짧게 학습하면서 매 스텝 학습률에 같은 배수를 곱해 min_lr에서 max_lr까지 키웁니다: "
        "$\\eta_t = \\eta_{{\\min}}\\,(\\eta_{{\\max}}/\\eta_{{\\min}})^{{t/(T-1)}}$ "
        "(torch의 ExponentialLR, γ = {gamma:.4g}). 스텝마다 손실을 기록해 평활하고, 평활 손실이 지금까지의 최저치의 "
        "{stop:g}배를 넘는 순간 멈춥니다. 그 지점부터는 학습률이 너무 큰 것입니다."),
    "lrr_smoothing": (
        "Smoothing is fastai's bias-corrected moving average: "
        "$a_t = \\beta a_{t-1} + (1-\\beta)\\,\\ell_t,\\; s_t = a_t/(1-\\beta^{t+1})$. "
        "The correction removes the pull towards the zero start value, as in Adam's m̂.",
        "평활은 fastai의 편향 보정 이동 평균입니다: "
        "$a_t = \\beta a_{t-1} + (1-\\beta)\\,\\ell_t,\\; s_t = a_t/(1-\\beta^{t+1})$. "
        "Adam의 m̂처럼, 보정이 0에서 시작하는 평균이 작게 치우치는 것을 없앱니다."),
    "lrr_plot_title": ("Loss against the learning rate", "학습률에 따른 손실"),
    "lrr_raw": ("raw", "원래 값"),
    "lrr_smoothed": ("smoothed", "평활"),
    "lrr_steep": ("steepest descent", "가장 가파른 하강"),
    "lrr_min10": ("minimum ÷ 10", "최솟값 ÷ 10"),
    "lrr_stopped": ("stopped: loss > {stop:g}× best", "중단: 손실 > 최저치의 {stop:g}배"),
    "lrr_diverged": ("diverged", "발산"),
    "lrr_bound": ("stability bound {name} = {lr:.3g}", "안정 한계 {name} = {lr:.3g}"),
    "lrr_loss_axis_gap": ("loss − minimum", "손실 − 최솟값"),
    "lrr_loss_axis": ("training loss (mini-batch)", "학습 손실 (미니배치)"),
    "lrr_log_y": ("Log scale for the loss", "손실 로그 스케일"),
    "lrr_read_title": ("Reading the two suggestions", "두 추천값 읽는 법"),
    "lrr_read": (
        "- **● Steepest descent**: the lr at which the smoothed loss falls fastest per decade of lr. Training makes "
        "the most progress per step there, so it is a bold but usually safe choice.\n"
        "- **◆ Minimum ÷ 10**: the loss is lowest just before it turns up and blows up; one decade below that point "
        "keeps a safety margin. This is the classic rule of thumb.\n"
        "- Good learning rates usually lie between the two marks. Both come from one short run with a changing lr, "
        "so treat them as a starting point and check with a real run.",
        "- **● 가장 가파른 하강**: 평활 손실이 학습률 한 자릿수(10배)당 가장 빠르게 떨어지는 학습률입니다. 스텝당 "
        "진척이 가장 크므로 과감하지만 대개 안전한 선택입니다.\n"
        "- **◆ 최솟값 ÷ 10**: 손실이 다시 오르며 폭발하기 직전이 최저점입니다. 그보다 한 자릿수 낮추면 안전 여유가 "
        "생깁니다. 고전적인 경험칙입니다.\n"
        "- 좋은 학습률은 보통 두 표시 사이에 있습니다. 둘 다 학습률이 계속 변하는 짧은 실행 한 번에서 나온 값이므로 "
        "출발점으로 삼고 실제 학습으로 확인하세요."),
    "lrr_caveats": (
        "Caveats: the loss at step t still carries the effect of all earlier, smaller lrs, and a large β smooths the "
        "noise but also delays the curve, which moves both suggestions to the right. The test finds where training "
        "becomes unstable; it does not promise the best final loss.",
        "주의: 스텝 t의 손실에는 그 전의 더 작은 학습률들의 영향이 남아 있고, β가 크면 노이즈는 줄지만 곡선이 늦게 "
        "반응해 두 추천값이 오른쪽으로 밀립니다. 이 테스트는 학습이 불안정해지는 지점을 찾을 뿐, 가장 좋은 최종 "
        "손실을 보장하지는 않습니다."),
    "lrr_network_note": (
        "Compare the optimizers' suggestions: {spread} The note's rule of thumb puts SGD at 0.01 – 0.1 and Adam "
        "at 0.0001 – 0.001, one to two decades apart, which is why each has its own default lr; look whether this "
        "network and budget show such a gap. Once you have picked an lr, train with it on the Real network page.",
        "옵티마이저들의 추천값을 비교해 보세요. {spread} 노트의 경험칙은 SGD 0.01 – 0.1, Adam 0.0001 – 0.001로 "
        "한두 자릿수 차이이고, 그래서 각자 기본 학습률이 다릅니다. 이 신경망과 스텝 수에서도 그런 차이가 보이는지 "
        "확인해 보세요. 학습률을 골랐다면 실제 신경망 페이지에서 학습해 보세요."),
    "lrr_spread": (
        "in this run the steepest-descent lrs are {values}, {d} decades between the highest and the lowest.",
        "이번 실행에서 가장 가파른 하강 지점의 학습률은 {values}이고, 가장 큰 값과 가장 작은 값의 차이는 "
        "{d}자릿수입니다."),
    "lrr_spread_one": ("only one test found a suggestion in this run.",
                       "이번 실행에서는 한 테스트만 추천값을 찾았습니다."),
    "lrr_surface_note": (
        "On a quadratic the dashed line marks the stability bound (2/L for SGD, 2(1+μ)/L with momentum): plain "
        "gradient descent cannot blow up below it. The test does not know the bound; it only sees the loss. On an "
        "ill-conditioned ravine the loss keeps falling for a few steps past 2/L, because the unstable direction "
        "starts from almost nothing and needs time to grow.",
        "2차 곡면에서는 점선이 안정 한계(SGD는 2/L, 모멘텀은 2(1+μ)/L)를 표시합니다. 그 아래에서는 경사 하강법이 "
        "폭발할 수 없습니다. 테스트는 이 한계를 모르고 손실만 봅니다. 조건수가 나쁜 협곡에서는 불안정한 방향이 거의 0에서 "
        "시작해 자라는 데 시간이 걸리므로, 2/L을 조금 지나서도 손실이 몇 스텝 더 내려갑니다."),
    "lrr_paths_title": ("The path while the lr grows", "학습률이 커지는 동안의 경로"),
    "lrr_col_optimizer": ("optimizer", "옵티마이저"),
    "lrr_col_steep": ("● steepest", "● 가장 가파름"),
    "lrr_col_min": ("◆ minimum ÷ 10", "◆ 최솟값 ÷ 10"),
    "lrr_col_stop": ("stopped at lr", "중단 학습률"),
    "lrr_col_reason": ("why it stopped", "중단 이유"),
    "lrr_reason_blown": ("smoothed loss > {stop:g}× best", "평활 손실 > 최저치의 {stop:g}배"),
    "lrr_reason_diverged": ("the run diverged", "실행이 발산"),
    "lrr_reason_end": ("reached max_lr", "max_lr 도달"),
    "lrr_try_title": ("Try a suggestion", "추천값 써 보기"),
    "lrr_try": ("Train on the Real network page with {name} at lr = {lr}", "실제 신경망 페이지에서 {name}을(를) lr = {lr}로 학습"),
}
