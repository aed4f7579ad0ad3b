"""Learning-rate lab strings."""
STRINGS = {
    "lrlab_regime_small": ("too small", "너무 작음"),
    "lrlab_regime_good": ("good", "적절함"),
    "lrlab_regime_big": ("too big", "너무 큼"),
    "lrlab_regime_diverged": ("diverged", "발산"),
    "lrlab_band_small": ("crawls", "느림"),
    "lrlab_band_good": ("good", "적절"),
    "lrlab_band_big": ("bounces", "진동"),
    "lrlab_band_diverged": ("diverges", "발산"),
    "lrlab_final_loss": ("final loss {loss}", "최종 손실 {loss}"),
    "lrlab_sweep_trace": ("final loss per lr", "학습률별 최종 손실"),
    "lrlab_gap": ("loss − minimum", "손실 − 최솟값"),
    "lrlab_gap_axis": ("loss − minimum after {steps} steps (log)", "{steps} 스텝 후 손실 − 최솟값 (로그)"),
    "lrlab_best": ("best lr {lr}", "최적 학습률 {lr}"),
    "lrlab_start_loss": ("starting loss", "시작 손실"),
    "lrlab_bound_mark": ("bound {value}", "한계 {value}"),
    "lrlab_overshoot_mark": ("1/L = {value}: overshooting starts", "1/L = {value}: 넘어가기 시작"),
    # widgets
    "lrlab_settings": ("Settings", "설정"),
    "lrlab_start": ("Start point", "시작점"),
    "lrlab_steps": ("Steps (max 2000)", "스텝 수 (최대 2000)"),
    "lrlab_mode": ("Choose the three learning rates", "세 학습률 고르는 방법"),
    "lrlab_mode_factor": ("good lr × factor", "적절한 lr × 배수"),
    "lrlab_mode_direct": ("each one directly", "각각 직접"),
    "lrlab_good_lr": ("Good learning rate η", "적절한 학습률 η"),
    "lrlab_factor": ("Factor (too small = η ÷ factor, too big = η × factor)",
                     "배수 (너무 작음 = η ÷ 배수, 너무 큼 = η × 배수)"),
    "lrlab_lr_small": ("Too-small learning rate", "너무 작은 학습률"),
    "lrlab_lr_good": ("Good learning rate", "적절한 학습률"),
    "lrlab_lr_big": ("Too-big learning rate", "너무 큰 학습률"),
    "lrlab_hyper": ("Other hyperparameters (the lr is set above)", "다른 하이퍼파라미터 (학습률은 위에서 정함)"),
    "lrlab_log_loss": ("Log scale", "로그 스케일"),
    "lrlab_use_best": ("Use the sweep's best lr ({lr}) as the good one", "스윕의 최적 학습률({lr})을 적절한 학습률로"),
    "lrlab_order": ("The three learning rates must increase: too small < good < too big.",
                    "세 학습률은 너무 작음 < 적절함 < 너무 큼 순서여야 합니다."),
    # sections
    "lrlab_paths_title": ("Three learning rates, same everything else", "학습률만 다른 세 번의 실행"),
    "lrlab_loss_title": ("Loss against step", "스텝별 손실"),
    "lrlab_sweep_title": ("Learning-rate sweep: {n} learning rates in one vectorised run",
                          "학습률 스윕: 학습률 {n}개를 한 번의 벡터 연산으로"),
    "lrlab_sweep_caption": (
        "Every point is a full run of {steps} steps from the same start, differing only in the lr "
        "({n} values from {low} to {high}, log-spaced). ✕ along the top: the run blew up. Shaded bands: "
        "blue = crawls, green = good (within a factor 10 of the best final loss), orange = bounces or ends "
        "above its start, red = diverges.",
        "각 점은 같은 시작점에서 학습률만 바꿔 {steps} 스텝을 끝까지 돌린 결과입니다({low}부터 {high}까지 로그 "
        "간격으로 {n}개). 위쪽의 ✕는 폭발한 실행입니다. 배경색: 파랑 = 느림, 초록 = 적절(최고 최종 손실의 "
        "10배 이내), 주황 = 진동하거나 시작보다 높게 끝남, 빨강 = 발산."),
    "lrlab_regimes_title": ("What each regime looks like", "각 양상의 모습"),
    "lrlab_regime_small_text": (
        "**Too small — it crawls.** The loss falls steadily but very slowly, and the curve flattens into a "
        "long, almost level tail long before the minimum: each step is a tiny fraction of the distance. "
        "Nothing goes wrong, it just costs many more steps.",
        "**너무 작으면 — 기어갑니다.** 손실이 꾸준히 줄긴 하지만 아주 느려서, 최솟값에 닿기 한참 전에 곡선이 "
        "거의 수평인 긴 꼬리로 누워 버립니다. 한 걸음이 남은 거리의 아주 작은 일부일 뿐이라, 문제는 없지만 "
        "스텝이 훨씬 많이 듭니다."),
    "lrlab_regime_good_text": (
        "**Good — fast and steady.** A steep drop at first, then the curve bends and settles near the "
        "minimum. The best lr is usually just below the point where runs start to bounce.",
        "**적절하면 — 빠르고 안정적입니다.** 처음에 가파르게 떨어진 뒤 곡선이 꺾여 최솟값 근처에 자리 잡습니다. "
        "가장 좋은 학습률은 보통 실행이 튀기 시작하는 지점의 바로 아래에 있습니다."),
    "lrlab_regime_big_text": (
        "**Too big — it oscillates or diverges.** Each step jumps past the minimum to the other side. "
        "If the overshoot is smaller than the distance, the loss zig-zags down slowly; if it is larger, the "
        "loss climbs by a constant factor per step and the run blows up (✕).",
        "**너무 크면 — 진동하거나 발산합니다.** 매 걸음이 최솟값을 지나 반대편으로 건너뜁니다. 넘어가는 폭이 "
        "남은 거리보다 작으면 손실이 지그재그로 천천히 줄고, 더 크면 매 스텝 일정한 비율로 커져 결국 폭발합니다(✕)."),
    "lrlab_ranges": (
        "Typical starting points for real networks: **SGD 0.01 – 0.1**, **Adam 1e-4 – 1e-3** (Adam's step is "
        "about lr per coordinate whatever the gradient's size, so it needs a smaller lr). On these 2-D surfaces "
        "the right lr depends on the curvature instead (for SGD below 2/L), so the sweep is the honest guide: "
        "start small and increase the lr until the runs start to bounce.",
        "실제 신경망에서 흔한 출발점: **SGD 0.01 – 0.1**, **Adam 1e-4 – 1e-3** (Adam은 기울기 크기와 "
        "상관없이 좌표마다 대략 lr만큼 움직이므로 더 작은 학습률이 필요합니다). 이 2차원 곡면들에서는 곡률이 "
        "알맞은 학습률을 정하므로(SGD는 2/L 미만) 스윕이 가장 정직한 안내서입니다. 작게 시작해서 실행이 튀기 "
        "시작할 때까지 키워 보세요."),
    # stability
    "lrlab_stability_title": ("Why there is a hard limit: the stability bound", "넘으면 안 되는 선: 안정성 한계"),
    "lrlab_stability_gd": (
        "On a quadratic f(θ) = ½ θᵀHθ a gradient step is θ ← (I − ηH) θ. Along each eigenvector of H "
        "(curvature λ) the error is multiplied by **1 − ηλ** every step. It shrinks only if |1 − ηλ| < 1, "
        "i.e. η < 2/λ, and the steepest direction λ = L decides: **η < 2/L**. Between 1/L and 2/L the factor "
        "is negative, so the run overshoots and alternates sides while still converging; above 2/L that "
        "direction grows and the run diverges, however small the other curvatures are.",
        "2차 함수 f(θ) = ½ θᵀHθ에서 경사 하강 한 스텝은 θ ← (I − ηH) θ 입니다. H의 고유벡터(곡률 λ) 방향마다 "
        "오차가 매 스텝 **1 − ηλ** 배가 됩니다. |1 − ηλ| < 1, 즉 η < 2/λ 일 때만 줄어들고, 가장 가파른 방향 "
        "λ = L이 결정합니다: **η < 2/L**. 1/L과 2/L 사이에서는 배율이 음수라 최솟값을 넘어 좌우로 번갈아 튀면서도 "
        "수렴하고, 2/L을 넘으면 그 방향이 커져서 다른 곡률이 아무리 작아도 발산합니다."),
    "lrlab_stability_momentum": (
        "With heavy-ball momentum μ (torch's SGD: b ← μb + (1−τ)g, θ ← θ − ηb) each direction follows a "
        "two-step recurrence θₜ₊₁ = θₜ − η(1−τ)λθₜ + μ(θₜ − θₜ₋₁). It is stable exactly when "
        "**η(1−τ)λ < 2(1 + μ)**, so the bound becomes 2(1+μ)/((1−τ)L): momentum tolerates a larger lr, "
        "up to twice the plain bound as μ approaches 1.",
        "heavy-ball 모멘텀 μ가 있으면(torch의 SGD: b ← μb + (1−τ)g, θ ← θ − ηb) 방향마다 두 스텝 점화식 "
        "θₜ₊₁ = θₜ − η(1−τ)λθₜ + μ(θₜ − θₜ₋₁)을 따릅니다. **η(1−τ)λ < 2(1 + μ)** 일 때 정확히 안정하므로 "
        "한계는 2(1+μ)/((1−τ)L)이 됩니다. 모멘텀은 더 큰 학습률을 견디며, μ가 1에 가까워지면 기본 한계의 "
        "두 배까지 늘어납니다."),
    "lrlab_stability_nesterov": (
        "With Nesterov momentum (torch: b ← μb + g, step η(g + μb)) the step looks ahead, which makes it "
        "stricter: each direction is stable exactly when **ηλ < 2(1+μ)/(1+2μ)**, a bound between 4/3·1/L "
        "and 2/L.",
        "Nesterov 모멘텀(torch: b ← μb + g, 이동량 η(g + μb))은 앞을 내다보고 보정하는 만큼 더 엄격합니다. "
        "방향마다 **ηλ < 2(1+μ)/(1+2μ)** 일 때 정확히 안정하며, 이 한계는 4/3·1/L과 2/L 사이에 있습니다."),
    "lrlab_stability_numbers": (
        "Here: curvatures λ = {curv}{wd}, so L = {L} and the bound is η < **{bound}**.",
        "여기서는 곡률 λ = {curv}{wd}, 따라서 L = {L}이고 한계는 η < **{bound}** 입니다."),
    "lrlab_with_wd": (" (Hessian eigenvalues + weight decay {wd})", " (헤시안 고윳값 + 가중치 감쇠 {wd})"),
    "lrlab_col_run": ("run", "실행"),
    "lrlab_col_lr": ("η", "η"),
    "lrlab_col_factors": ("per-direction factor", "방향별 배율"),
    "lrlab_col_rate": ("ρ (largest)", "ρ (최대)"),
    "lrlab_col_verdict": ("prediction", "예측"),
    "lrlab_col_outcome": ("actual run", "실제 실행"),
    "lrlab_factors_gd": ("1 − ηλ", "1 − ηλ"),
    "lrlab_factors_mom": ("|eigenvalue| of the 2×2 step", "2×2 스텝 행렬 고윳값의 크기"),
    "lrlab_verdict_converges": ("converges (ρ < 1)", "수렴 (ρ < 1)"),
    "lrlab_verdict_diverges": ("diverges (ρ > 1)", "발산 (ρ > 1)"),
    "lrlab_verdict_edge": ("on the edge (ρ = 1)", "경계 (ρ = 1)"),
    "lrlab_outcome_ok": ("final loss {loss}", "최종 손실 {loss}"),
    "lrlab_rate_caption": (
        "ρ is the factor by which the slowest-shrinking (or fastest-growing) direction changes per step "
        "in the long run. The table's prediction comes from the eigenvalues alone; the last column is "
        "the actual run.",
        "ρ는 가장 느리게 줄어드는(또는 가장 빠르게 커지는) 방향이 장기적으로 한 스텝마다 변하는 배율입니다. "
        "예측은 고윳값만으로 계산했고, 마지막 열은 실제 실행 결과입니다."),
    "lrlab_no_bound_surface": (
        "The 2/L bound needs a constant Hessian (choose the round bowl, the ravine, Booth or Matyas). On "
        "this surface the curvature changes from place to place, so the largest safe lr changes along "
        "the path; the sweep still shows where runs start to blow up.",
        "2/L 한계는 헤시안이 일정해야 성립합니다(둥근 그릇, 협곡, Booth, Matyas를 고르세요). 이 곡면은 곳마다 "
        "곡률이 달라서 안전한 최대 학습률도 경로를 따라 바뀝니다. 그래도 스윕을 보면 어디서부터 폭발하는지 알 수 "
        "있습니다."),
    "lrlab_no_bound_indefinite": (
        "This surface's Hessian is constant but has a negative eigenvalue λ < 0: along that direction every step "
        "multiplies the distance by 1 − ηλ > 1, so gradient descent slides away for every lr. Along the upward-"
        "curved directions the limit η < 2/λ still holds.",
        "이 곡면의 헤시안은 일정하지만 음수 고윳값 λ < 0을 가집니다. 그 방향으로는 매 스텝 거리가 1 − ηλ > 1 배가 "
        "되므로 어떤 학습률에서도 경사 하강법이 미끄러져 멀어집니다. 위로 휜 방향에서는 여전히 η < 2/λ 한계가 "
        "성립합니다."),
    "lrlab_no_bound_optimizer": (
        "The closed-form bound is for SGD (plain, heavy-ball or Nesterov). {name} rescales or reshapes "
        "its steps (by running gradient statistics, signs or trust ratios), so its step size does not "
        "follow ηλ and there is no fixed 2/L line: with too big an lr it typically bounces around the "
        "minimum at a distance of about the lr instead of blowing up. The sweep shows where that starts.",
        "닫힌 형태의 한계는 SGD(기본, heavy-ball, Nesterov)에 대한 것입니다. {name}은(는) 기울기 통계나 부호, "
        "신뢰 비율로 보폭을 다시 조정하므로 보폭이 ηλ를 따르지 않고 고정된 2/L 선도 없습니다. 학습률이 너무 "
        "크면 보통 폭발하기보다 최솟값 주변을 학습률 정도의 거리로 맴돕니다. 스윕에서 그 시작점을 볼 수 있습니다."),
    "lrlab_no_bound_maximize": ("With maximize=True SGD climbs the bowl: every lr moves away from the minimum.",
                                "maximize=True이면 SGD가 그릇을 거슬러 올라가므로 모든 학습률이 최솟값에서 멀어집니다."),
    "lrlab_torch_loop": ("# each step: loss, backward, step", "# 매 스텝: 손실, 역전파, 갱신"),
    "lrlab_torch_sweep": ("# the sweep: one run per lr (optviz does all {n} at once)",
                          "# 스윕: 학습률마다 한 번씩 실행 (optviz는 {n}개를 한꺼번에 계산)"),
}
