"""Stability map, basin map and fair comparison: page and figure strings."""
STRINGS = {
    # ---- shared by the map figures
    "maps_beta_momentum": ("momentum β", "모멘텀 β"),
    "maps_beta_betas": ("β₁", "β₁"),
    "maps_beta_alpha": ("α (RMSprop decay)", "α (RMSprop 감쇠율)"),
    "maps_beta_rho": ("ρ (Adadelta decay)", "ρ (Adadelta 감쇠율)"),
    "maps_lr_axis": ("learning rate η (log scale)", "학습률 η (로그 눈금)"),
    "maps_log_gap_axis": ("log₁₀(loss − min)", "log₁₀(손실 − 최솟값)"),
    "maps_final_loss_axis": ("final loss", "최종 손실"),
    "maps_steps_axis": ("steps to tolerance", "허용오차 도달 스텝"),
    "maps_diverged_cells": ("diverged", "발산"),
    "maps_not_reached_cells": ("did not reach the tolerance", "허용오차에 도달하지 못함"),
    "maps_theory": ("theory: {formula}", "이론: {formula}"),
    "maps_bound_heavy_ball": ("η < 2(1+β)/L", "η < 2(1+β)/L"),
    "maps_bound_nesterov": ("η < 2(1+β)/((1+2β)L)", "η < 2(1+β)/((1+2β)L)"),
    "maps_theory_hover": ("stability limit:", "안정 한계:"),
    "maps_selected_cell": ("selected cell", "선택한 칸"),
    "maps_global_min": ("global minimum", "전역 최솟값"),
    "maps_local_min": ("local minimum", "지역 최솟값"),
    "maps_local_minima_each": ("local minima (one colour each)", "지역 최솟값 (각각 다른 색)"),
    "maps_not_converged": ("stopped elsewhere", "다른 곳에서 멈춤"),
    "maps_basin_diverged": ("diverged", "발산"),
    "maps_basin_share": ("{pct}% of starts reach a global minimum", "시작점의 {pct}%가 전역 최솟값에 도달"),

    # ---- stability map page
    "stab_intro": (
        "Every cell of the map is one run from the same start: its column is the learning rate, its row "
        "the decay rate β (momentum for SGD, β₁ for the Adam family, α for RMSprop). All cells run together "
        "as one batch, so a 200 × 200 map of 500 steps takes a few seconds. Red cells blew up. On a quadratic "
        "surface with SGD the dashed line is where theory says runs stop being stable.",
        "지도의 한 칸은 같은 시작점에서 출발한 실행 하나입니다. 열은 학습률, 행은 감쇠율 β입니다(SGD는 "
        "모멘텀, Adam 계열은 β₁, RMSprop은 α). 모든 칸을 한 묶음으로 함께 계산하므로 500스텝짜리 200 × 200 "
        "지도도 몇 초면 그려집니다. 빨간 칸은 발산한 실행입니다. 2차 곡면에서 SGD를 고르면, 이론상 안정성이 "
        "깨지는 경계가 점선으로 함께 그려집니다."),
    "stab_lr_from": ("lr from", "학습률 최소"),
    "stab_lr_to": ("lr to", "학습률 최대"),
    "stab_beta_from": ("{beta} from", "{beta} 최소"),
    "stab_beta_to": ("{beta} to", "{beta} 최대"),
    "stab_grid": ("Grid size n × n (cap 200)", "격자 크기 n × n (최대 200)"),
    "stab_other_hyper": ("Other hyperparameters", "다른 하이퍼파라미터"),
    "stab_bad_lr_range": ("the lr range needs 'from' below 'to'", "학습률 범위는 최소가 최대보다 작아야 합니다"),
    "stab_bad_beta_range": ("the β range needs 'from' at most 'to'", "β 범위는 최소가 최대 이하여야 합니다"),
    "stab_metric": ("Colour shows", "색이 나타내는 값"),
    "stab_metric_loss": ("final loss", "최종 손실"),
    "stab_metric_steps": ("steps to tolerance", "허용오차 도달 스텝"),
    "stab_no_minimum": ("This surface has no known minimum, so 'steps to tolerance' is undefined; showing the final loss.",
                        "이 곡면은 최솟값을 알 수 없어 '허용오차 도달 스텝'을 정할 수 없습니다. 최종 손실을 보여 줍니다."),
    "stab_click": ("Click a cell to see its run on the right (or pick it with the sliders above the path).",
                   "칸을 클릭하면 오른쪽에 그 실행의 경로가 나타납니다(경로 위 슬라이더로 골라도 됩니다)."),
    "stab_stats": ("**{div}%** of the {cells} runs diverged and **{reached}%** came within tolerance of the minimum in {steps} steps.",
                   "{cells}개 실행 중 **{div}**%가 발산했고, **{reached}**%가 {steps}스텝 안에 최솟값의 허용오차 안으로 들어왔습니다."),
    "stab_agree": ("Theory and runs agree on **{pct}%** of the cells (disagreements sit right on the line).",
                   "이론과 실제 실행이 칸의 **{pct}**%에서 일치합니다(어긋나는 칸은 경계선 바로 위에 있습니다)."),
    "stab_cell_lr": ("cell: lr", "선택 칸: 학습률"),
    "stab_cell_beta": ("cell: {beta}", "선택 칸: {beta}"),
    "stab_reached": ("within tolerance at step {step}", "스텝 {step}에서 허용오차 도달"),
    "stab_not_reached": ("not within tolerance after {steps} steps", "{steps}스텝 뒤에도 허용오차 밖"),
    "stab_cell": ("**{opt}** — final loss {loss}, {status}", "**{opt}** — 최종 손실 {loss}, {status}"),
    "stab_theory_title": ("Why is there a sharp edge?", "왜 경계가 뚜렷할까요?"),
    "stab_theory": (
        "On a quadratic with largest curvature L, every step of SGD multiplies the error along that "
        "direction by a fixed matrix. Plain gradient descent multiplies by (1 − ηL), which grows beyond 1 in size "
        "once η > 2/L. With momentum β the step is a second-order recurrence with roots of "
        "z² − (1 + β − ηL) z + β; both stay inside the unit circle exactly while η < 2(1+β)/L, so momentum "
        "lets you use up to about twice the learning rate. Nesterov's look-ahead shrinks that edge to "
        "2(1+β)/((1+2β)L). Dampening τ divides the effective lr by (1 − τ); weight decay adds to L. On other "
        "surfaces the curvature changes from place to place, so the edge bends and blurs, and adaptive "
        "methods (Adam, RMSprop) move it because they divide the step by the gradient's running size.",
        "가장 큰 곡률이 L인 2차 함수에서는 SGD의 한 스텝이 그 방향의 오차에 일정한 행렬을 곱합니다. "
        "순수 경사 하강법은 (1 − ηL)를 곱하므로 η > 2/L이면 그 크기가 1을 넘어 오차가 커집니다. 모멘텀 β가 "
        "있으면 2계 점화식이 되고 특성방정식 z² − (1 + β − ηL) z + β의 두 근이 단위원 안에 머무는 조건이 "
        "정확히 η < 2(1+β)/L입니다. 그래서 모멘텀을 쓰면 학습률을 거의 두 배까지 올릴 수 있습니다. "
        "Nesterov의 앞서 보기는 경계를 2(1+β)/((1+2β)L)로 줄입니다. dampening τ는 실질 학습률을 (1 − τ)배로 "
        "줄이고, 가중치 감쇠는 L에 더해집니다. 다른 곡면에서는 곡률이 위치마다 달라 경계가 휘고 흐려지며, "
        "Adam과 RMSprop 같은 적응형 방법은 기울기 크기의 이동 평균으로 스텝을 나누기 때문에 경계 자체가 "
        "달라집니다."),
    "stab_no_theory": ("The dashed limit is drawn for SGD on quadratic surfaces (round bowl, ravine, Booth, Matyas).",
                       "점선 경계는 2차 곡면(둥근 그릇, 협곡, Booth, Matyas)에서 SGD를 고를 때 그려집니다."),
    "stab_code_cell": ("the selected cell:", "선택한 칸의 설정:"),
    "stab_code_sweep": ("the map repeats this for each of the {n_lr} × {n_beta} (lr, β) pairs from the same start",
                        "지도는 같은 시작점에서 {n_lr} × {n_beta}개의 (학습률, β) 쌍마다 이 설정을 반복합니다"),

    # ---- basin map page
    "basin_intro": (
        "Each pixel is a start point. It is coloured by the minimum a run from there ends at: one colour per "
        "minimum, light grey when the run stopped somewhere else (a saddle, a ridge, or still moving), dark grey "
        "when it diverged. The same lattice of starts runs as one batch per optimizer, so the maps compare "
        "optimizers start by start.",
        "각 픽셀은 하나의 시작점입니다. 그곳에서 출발한 실행이 도착한 최솟값의 색으로 칠합니다. 최솟값마다 "
        "색이 하나씩이고, 다른 곳(안장점, 능선, 아직 이동 중)에서 멈추면 밝은 회색, 발산하면 어두운 회색입니다. "
        "옵티마이저마다 같은 시작점 격자를 한 묶음으로 계산하므로, 시작점 하나하나를 두고 옵티마이저를 비교할 "
        "수 있습니다."),
    "basin_lattice": ("Lattice n × n starts (cap 100)", "시작점 격자 n × n (최대 100)"),
    "basin_caption": ("A run counts as reaching a minimum when it ends within {radius} of it after {steps} steps.",
                      "{steps}스텝 뒤 최솟값에서 {radius} 이내에 있으면 그 최솟값에 도달한 것으로 봅니다."),
    "basin_col_optimizer": ("optimizer", "옵티마이저"),
    "basin_col_global": ("→ global minimum", "→ 전역 최솟값"),
    "basin_col_local": ("→ local minimum", "→ 지역 최솟값"),
    "basin_col_none": ("stopped elsewhere", "다른 곳에서 멈춤"),
    "basin_col_diverged": ("diverged", "발산"),
    "basin_explain": (
        "Plain gradient descent with a small step follows the slope downhill, so its basins are the "
        "surface's own catchment areas: their borders run along ridges. Momentum carries a run past the "
        "first dip it meets, so its borders are frayed and some starts end in a farther minimum; a large "
        "lr does the same by jumping. Adam's first steps all have length about lr in each coordinate, "
        "whatever the slope, which moves its borders along the diagonals.",
        "작은 보폭의 경사 하강법은 비탈을 따라 내려가므로, 수렴 영역이 곡면 자체의 집수 구역과 같고 경계는 "
        "능선을 따라 갑니다. 모멘텀은 처음 만난 웅덩이를 지나쳐 가기도 해서 경계가 들쭉날쭉해지고, 더 먼 "
        "최솟값에 도착하는 시작점이 생깁니다. 학습률이 크면 뛰어넘으면서 같은 일이 일어납니다. Adam은 기울기와 "
        "상관없이 처음 몇 스텝이 좌표마다 약 lr 길이라서 경계가 대각선 방향으로 밀립니다."),
    "basin_code": ("each optimizer starts from each of the {n} × {n} lattice points",
                   "각 옵티마이저가 {n} × {n} 격자의 모든 점에서 출발합니다"),

    # ---- fair comparison page
    "fair_intro": (
        "Comparing optimizers at one hand-picked setting mostly measures how well that setting was picked. "
        "Here each optimizer gets the same number of tries over the same lr range (and the same random draws "
        "in random search). Every try is scored by its final loss gap (log₁₀, lower is better; one "
        "diverged start fails the try). The chart shows the whole spread, not only the lucky best.",
        "손으로 고른 한 가지 설정에서 옵티마이저를 비교하면, 대부분 그 설정을 얼마나 잘 골랐는지를 재게 "
        "됩니다. 여기서는 모든 옵티마이저가 같은 학습률 범위에서 같은 횟수만큼 시도합니다(무작위 탐색이면 "
        "같은 난수도 씁니다). 각 시도는 최종 손실 차이(log₁₀, 낮을수록 좋음)로 점수를 매기고, 한 시작점에서라도 "
        "발산하면 실패로 칩니다. 그래프는 운 좋은 최고점만이 아니라 전체 분포를 보여 줍니다."),
    "fair_optimizers": ("Optimizers (up to 6)", "옵티마이저 (최대 6개)"),
    "fair_budget": ("Budget: configurations per optimizer", "예산: 옵티마이저당 설정 수"),
    "fair_search": ("Search", "탐색 방식"),
    "fair_search_grid": ("grid", "격자"),
    "fair_search_random": ("random (seeded)", "무작위 (시드 고정)"),
    "fair_tune_beta": ("Also tune β", "β도 함께 튜닝"),
    "fair_tune_beta_help": ("Momentum for SGD+momentum, β₁ for the Adam family, α for RMSprop; plain SGD has none.",
                            "SGD+모멘텀은 모멘텀, Adam 계열은 β₁, RMSprop은 α를 튜닝합니다. 기본 SGD에는 없습니다."),
    "fair_starts": ("Starts per configuration", "설정당 시작점 수"),
    "fair_pick_one": ("pick at least one optimizer", "옵티마이저를 하나 이상 고르세요"),
    "fair_scores_title": ("Scores over the whole budget", "예산 전체의 점수 분포"),
    "fair_scores_caption": (
        "Each dot is one of {budget} configurations, averaged over {starts} start(s) after {steps} steps. "
        "★ best of the budget, ◇ the optimizer's default settings. A tall box means the result depends "
        "strongly on the lr: hard to tune.",
        "점 하나가 {budget}개 설정 중 하나이며, {steps}스텝 뒤 {starts}개 시작점의 평균입니다. ★는 예산 중 "
        "최고, ◇는 기본 설정입니다. 상자가 길수록 결과가 학습률에 크게 좌우된다는 뜻, 곧 튜닝이 어렵다는 "
        "뜻입니다."),
    "fair_best_marker": ("best of the budget", "예산 중 최고"),
    "fair_default_marker": ("default settings", "기본 설정"),
    "fair_diverged_count": ("{k}/{n} diverged", "{k}/{n} 발산"),
    "fair_default_diverged": ("default diverged", "기본값 발산"),
    "fair_lower_better": ("lower is better", "낮을수록 좋음"),
    "fair_col_default": ("default", "기본 설정"),
    "fair_col_default_score": ("default score", "기본 점수"),
    "fair_col_best": ("best found", "찾은 최적 설정"),
    "fair_col_best_score": ("best score", "최적 점수"),
    "fair_col_diverged": ("diverged tries", "발산한 시도"),
    "fair_side_title": ("Best-tuned against defaults", "최적 튜닝 대 기본 설정"),
    "fair_tuned_title": ("Best of each budget", "예산별 최적 설정"),
    "fair_default_title": ("Default settings", "기본 설정"),
    "fair_all_diverged": ("Every configuration diverged: there is no best one to show.",
                          "모든 설정이 발산해서 보여 줄 최적 설정이 없습니다."),
    "fair_side_caption": ("Same start, same steps, same loss axis: left the best configuration each optimizer found "
                          "within the budget, right its default settings.",
                          "같은 시작점, 같은 스텝 수, 같은 손실 축입니다. 왼쪽은 각 옵티마이저가 예산 안에서 찾은 최적 "
                          "설정, 오른쪽은 기본 설정입니다."),
    "fair_why_title": ("Why a budget, and why the spread matters", "왜 예산을 맞추고, 왜 분포를 보나요"),
    "fair_why": (
        "Papers that compare optimizers often tune their own method more than the baselines. Giving every "
        "optimizer the same budget removes that bias. The best score tells how good an optimizer can be; the "
        "spread tells how much tuning that takes. Defaults matter too: torch's default lr (1e-3 for SGD and "
        "Adam) is picked for neural networks, not for these 2-D surfaces, so the default can lose badly here "
        "and still be a fine starting point for a real model.",
        "옵티마이저를 비교하는 연구는 자기 방법을 기준 방법보다 더 많이 튜닝하는 경우가 많습니다. 모두에게 같은 "
        "예산을 주면 그 편향이 사라집니다. 최고 점수는 옵티마이저가 얼마나 좋아질 수 있는지, 분포의 폭은 그러기 "
        "위해 튜닝이 얼마나 필요한지를 알려 줍니다. 기본값도 중요합니다. torch의 기본 학습률(SGD와 Adam 모두 "
        "1e-3)은 신경망을 위해 정한 값이지 이런 2차원 곡면을 위한 값이 아니므로, 여기서 크게 져도 실제 모델에서는 "
        "좋은 출발점일 수 있습니다."),
    "fair_code_best": ("the best configuration of each optimizer's budget", "옵티마이저별 예산에서 찾은 최적 설정"),
}
