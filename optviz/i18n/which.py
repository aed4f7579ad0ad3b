"""'Which optimizer?' page strings."""
STRINGS = {
    "which_intro": (
        "Study notes usually end with a table like the one below: speed, stability, generalisation and "
        "tuning difficulty for SGD, SGD+Momentum, RMSprop, Adam and AdamW. Here each rating sits next to a "
        "measurement: every optimizer runs over a sweep of learning rates on several surfaces, and is ranked "
        "on each surface (1 = best). The ranks are averaged over the surfaces you pick.",
        "학습 노트는 흔히 아래와 같은 표로 끝납니다. SGD, SGD+Momentum, RMSprop, Adam, AdamW의 속도, 안정성, "
        "일반화, 튜닝 난이도를 평가한 표입니다. 여기서는 각 평가 옆에 측정값을 나란히 둡니다. 모든 옵티마이저가 "
        "여러 곡면에서 학습률을 바꿔 가며 실행되고, 곡면마다 순위(1 = 최고)가 매겨집니다. 순위는 고른 곡면들에 "
        "대해 평균합니다."),
    "which_surfaces": ("Surfaces", "곡면"),
    "which_n_lr": ("Learning rates per sweep", "스윕당 학습률 개수"),
    "which_lr_choice": ("lr of the single runs", "단일 실행의 학습률"),
    "which_lr_note": ("the note's typical values", "노트의 대표값"),
    "which_lr_torch": ("torch defaults", "torch 기본값"),
    "which_pick_surface": ("pick at least one surface", "곡면을 하나 이상 고르세요"),
    "which_surface_ravine": ("Ravine (κ = 25)", "협곡 (κ = 25)"),
    "which_surface_rosenbrock": ("Rosenbrock", "로젠브록"),
    "which_surface_himmelblau": ("Himmelblau", "Himmelblau"),
    "which_surface_rastrigin": ("Rastrigin (loss < 1)", "Rastrigin (손실 < 1)"),
    "which_surface_plateau": ("Plateau", "고원"),
    "which_surface_saddle": ("Saddle (escape)", "안장점 (탈출)"),
    "which_table_title": ("The note's table, checked", "노트의 표와 측정 결과"),
    "which_col_optimizer": ("optimizer", "옵티마이저"),
    "which_col_speed": ("speed: note → measured", "속도: 노트 → 측정"),
    "which_col_stability": ("stability: note → measured", "안정성: 노트 → 측정"),
    "which_col_tuning": ("tuning: note's difficulty → measured ease", "튜닝: 노트의 난이도 → 측정한 용이성"),
    "which_col_general": ("generalisation: note → measured", "일반화: 노트 → 측정"),
    "which_cell": ("{claim} → rank {r} of {n}", "{claim} → {n}개 중 {r}위"),
    "which_general_cell": ("{claim} → not measurable in 2-D", "{claim} → 2차원에서는 잴 수 없음"),
    "which_claim_slow": ("slow", "느림"),
    "which_claim_medium": ("medium", "보통"),
    "which_claim_fast": ("fast", "빠름"),
    "which_claim_good": ("good", "좋음"),
    "which_claim_tuning_hard": ("hard", "어려움"),
    "which_claim_tuning_medium": ("medium", "보통"),
    "which_claim_tuning_easy": ("easy", "쉬움"),
    "which_rank": ("rank", "순위"),
    "which_bar_steps": ("steps to tolerance", "허용오차까지 스텝"),
    "which_bar_stability": ("widest converging lr band (decades)", "수렴하는 가장 넓은 학습률 구간 (자릿수)"),
    "which_bar_tuning": ("lrs that reach the tolerance", "허용오차에 도달한 학습률 비율"),
    "which_agreement": (
        "Agreement between the note's ratings and the measured order (Spearman ρ; +1 same order, 0 unrelated, "
        "−1 reversed): speed **{speed}**, stability **{stability}**, ease of tuning **{tuning}**.",
        "노트의 평가와 측정 순위의 일치도(스피어먼 ρ; +1은 같은 순서, 0은 무관, −1은 반대): 속도 **{speed}**, "
        "안정성 **{stability}**, 튜닝 용이성 **{tuning}**."),
    "which_generalisation": (
        "Generalisation means doing well on data not seen in training. A 2-D surface has no training or test "
        "data, only one loss, so it cannot show generalisation. The Real network page trains a small network "
        "with several optimizers and reports training and test accuracy side by side.",
        "일반화는 학습에 쓰지 않은 데이터에서도 잘 동작하는 능력입니다. 2차원 곡면에는 학습 데이터도 테스트 "
        "데이터도 없이 손실 하나뿐이므로 일반화를 보여 줄 수 없습니다. '실제 신경망' 페이지에서 작은 신경망을 "
        "여러 옵티마이저로 학습시키고 학습 정확도와 테스트 정확도를 나란히 볼 수 있습니다."),
    "which_evidence_title": ("The evidence, surface by surface", "곡면별 근거"),
    "which_criterion": ("Criterion", "기준"),
    "which_crit_speed": ("speed", "속도"),
    "which_crit_stability": ("stability", "안정성"),
    "which_crit_tuning": ("ease of tuning", "튜닝 용이성"),
    "which_crit_caption_speed": (
        "Fewest steps to reach the tolerance with the best of {n} lrs from {lo} to {hi} (— none reached it in "
        "{steps} steps; then the lowest final loss decides the rank).",
        "{lo}부터 {hi}까지 {n}개의 학습률 중 가장 좋은 학습률로 허용오차에 도달한 최소 스텝 수입니다(—는 {steps}스텝 "
        "안에 아무도 도달하지 못한 경우이고, 그때는 가장 낮은 최종 손실로 순위를 정합니다)."),
    "which_crit_caption_stability": (
        "The widest unbroken band of lrs, in decades (factors of 10), that all reach the tolerance ({n} lrs from {lo} to {hi}): a wide band means the lr can be off by a lot and training still converges.",
        "허용오차에 모두 도달하는, 끊기지 않은 가장 넓은 학습률 구간의 폭(자릿수, 즉 10배 단위)입니다({lo}부터 {hi}까지 {n}개의 학습률). 구간이 넓으면 학습률이 많이 어긋나도 수렴합니다."),
    "which_crit_caption_tuning": (
        "Share of the {n} lrs (from {lo} to {hi}) that reach the tolerance within {steps} steps: the wider the "
        "range of working lrs, the easier the optimizer is to tune.",
        "{lo}부터 {hi}까지 {n}개의 학습률 가운데 {steps}스텝 안에 허용오차에 도달한 비율입니다. 잘 되는 학습률의 "
        "범위가 넓을수록 튜닝하기 쉽습니다."),
    "which_default_title": ("One lr each: what the defaults do", "학습률 하나씩: 기본값으로 하면"),
    "which_steps": ("{k} steps", "{k}스텝"),
    "which_not_reached": ("not reached", "미도달"),
    "which_default_caption": (
        "Reaching means loss ≤ {target} on the surface shown. The note's typical lrs (SGD 0.01, SGD+Momentum 0.1, "
        "Adam 1e-3, AdamW 3e-4) are meant for neural networks; on a 2-D surface they can be far too small or "
        "too large, which is exactly why the ranking above sweeps the lr instead.",
        "도달은 보이는 곡면에서 손실 ≤ {target}를 뜻합니다. 노트의 대표 학습률(SGD 0.01, SGD+Momentum 0.1, "
        "Adam 1e-3, AdamW 3e-4)은 신경망을 위한 값이라 2차원 곡면에서는 너무 작거나 너무 클 수 있습니다. 위의 "
        "순위가 학습률 하나 대신 여러 학습률을 훑는 이유가 바로 이것입니다."),
    "which_reco_title": ("The note's recommendations", "노트의 권장 설정"),
    "which_reco_default": ("**Most cases:** Adam with lr = 1e-3 works well and needs little tuning.",
                           "**대부분의 경우:** Adam, lr = 1e-3. 잘 동작하고 튜닝이 거의 필요 없습니다."),
    "which_reco_cnn": ("**Vision (CNNs):** SGD with momentum 0.9, lr = 0.1 and weight decay 1e-4 often generalises better.",
                       "**컴퓨터 비전 (CNN):** 모멘텀 0.9, lr = 0.1, 가중치 감쇠 1e-4의 SGD가 일반화가 더 나은 경우가 많습니다."),
    "which_reco_transformer": ("**Language (Transformers):** AdamW with lr = 3e-4 and weight decay 0.01 is the usual choice.",
                               "**자연어 처리 (Transformer):** lr = 3e-4, 가중치 감쇠 0.01의 AdamW가 일반적인 선택입니다."),
    "which_how_title": ("How the ranks are measured", "순위를 재는 방법"),
    "which_how": (
        "For every optimizer and surface, {n} learning rates from {lo} to {hi} (log-spaced) run for {steps} "
        "steps from the surface's suggested start, all in one batch. A run *reaches* when its loss comes within "
        "the surface's tolerance of the minimum (on Rastrigin: below 1, the global dip or one of its four "
        "neighbours; on the saddle: below −1, that is, it has escaped). **Speed**: the fewest steps among the "
        "lrs. **Stability**: the widest unbroken band of lrs (in decades) that all reach. **Ease of tuning**: the share of lrs "
        "that reach. Each criterion ranks the five optimizers per surface (ties share a rank); the table shows "
        "the mean rank. Two caveats: a 2-D surface is much simpler than a network's loss, and the note's "
        "ratings describe typical behaviour on networks, so disagreement is information, not a verdict.",
        "옵티마이저와 곡면마다 {lo}부터 {hi}까지 로그 간격의 학습률 {n}개를 곡면의 추천 시작점에서 {steps}스텝 "
        "동안, 한 묶음으로 실행합니다. 손실이 최솟값의 허용오차 안으로 들어오면 *도달*한 것으로 봅니다(Rastrigin은 "
        "1 미만, 즉 전역 웅덩이나 바로 옆 네 웅덩이; 안장점은 −1 미만, 즉 탈출). **속도**: 학습률들 중 가장 적은 "
        "스텝 수. **안정성**: 모두 도달하는, 끊기지 않은 가장 넓은 학습률 구간(자릿수 단위). **튜닝 용이성**: 도달한 학습률의 비율. 기준마다 "
        "곡면별로 다섯 옵티마이저의 순위를 매기고(동점은 같은 순위), 표에는 평균 순위를 보입니다. 주의할 점 두 "
        "가지: 2차원 곡면은 신경망의 손실보다 훨씬 단순하고, 노트의 평가는 신경망에서의 일반적인 경향이므로, "
        "어긋나는 결과는 판정이 아니라 정보입니다."),
    "which_code_runs": ("the five single runs on {surface}", "{surface}에서의 단일 실행 다섯 개"),
}
STRINGS.update({
    "which_decades": ("{d} dec.", "{d}자리"),
    "which_steps_axis": ("steps to the tolerance", "허용오차까지의 스텝"),
    "which_lr_lo": ("Smallest lr of the sweep", "스윕의 가장 작은 학습률"),
    "which_lr_hi": ("Largest lr of the sweep", "스윕의 가장 큰 학습률"),
    "which_lr_order": ("the largest lr must be above the smallest: using the next value up",
                       "가장 큰 학습률은 가장 작은 학습률보다 커야 합니다: 바로 위 값을 씁니다"),
    "which_rho": ("{r} ({k} distinct ratings over {n})", "{r} ({n}개에 서로 다른 평가 {k}개)"),
    "which_rho_caution": (
        "ρ is shown to one decimal: over {n} optimizers, with only 2–3 distinct ratings in the note, it can take just a "
        "few values, so a second decimal would claim a precision it does not have. Read it as a rough direction.",
        "ρ는 소수 첫째 자리까지만 보입니다: {n}개의 옵티마이저에 노트의 평가가 2–3가지뿐이라 ρ가 가질 수 있는 값이 "
        "몇 개 되지 않으므로, 둘째 자리는 없는 정밀도를 주장하는 셈입니다. 대략적인 방향으로만 읽으세요."),
    "which_adamw_note": (
        "On the 2-D surfaces AdamW runs with weight_decay = 0. With its default 0.01 it minimises f + (λ/2)‖θ‖², "
        "whose minimum sits elsewhere, and it would rank behind Adam for that reason alone; with 0 it is exactly "
        "Adam, so its rows equal Adam's. Decoupled weight decay is about generalisation, which the real network "
        "below measures (there AdamW keeps weight_decay = 0.01).",
        "2차원 곡면에서 AdamW는 weight_decay = 0으로 실행합니다. 기본값 0.01이면 최솟값이 다른 곳에 있는 "
        "f + (λ/2)‖θ‖²를 최소화하므로 그 이유만으로 Adam보다 뒤처집니다. 0이면 Adam과 똑같으므로 행도 Adam과 "
        "같습니다. 분리된 가중치 감쇠는 일반화를 위한 것이고, 아래의 실제 신경망에서 그것을 잽니다(거기서는 "
        "AdamW가 weight_decay = 0.01을 유지합니다)."),
    "which_sweep_surface": ("The whole sweep on", "전체 스윕을 볼 곡면"),
    "which_sweep_caption": (
        "Every lr of the sweep, not just the best: steps to the tolerance (lower is faster; a gap: not reached; ✕: "
        "diverged). Speed is the lowest point of a line, stability the widest unbroken stretch, ease of tuning how "
        "much of the axis a line covers.",
        "가장 좋은 학습률만이 아니라 스윕의 모든 학습률: 허용오차까지의 스텝 수(낮을수록 빠름; 끊김: 미도달; ✕: "
        "발산). 속도는 선의 가장 낮은 점, 안정성은 끊기지 않은 가장 긴 구간, 튜닝 용이성은 선이 축을 얼마나 "
        "덮는지입니다."),
    "which_net_title": ("The same question on a real network", "실제 신경망에서 같은 질문"),
    "which_net_spinner": ("Training five small networks…", "작은 신경망 다섯 개를 학습하는 중…"),
    "which_net_caption": (
        "The note's five at the note's lrs (AdamW with weight_decay = 0.01) on the “{data}” data set, one MLP each "
        "from the same initial weights and mini-batches, {epochs} epochs, one seed. Generalisation is the test "
        "accuracy (dotted) and its gap to the training accuracy (solid). One seed and one lr each: a different "
        "seed or a tuned lr can reorder close results.",
        "노트의 다섯 옵티마이저를 노트의 학습률로(AdamW는 weight_decay = 0.01) “{data}” 데이터셋에서 같은 초기 "
        "가중치와 같은 미니배치로 MLP 하나씩 {epochs} 에포크 동안 학습합니다(시드 하나). 일반화는 테스트 정확도"
        "(점선)와 학습 정확도(실선)의 차이입니다. 시드 하나, 학습률 하나씩이므로 다른 시드나 튜닝한 학습률에서는 "
        "가까운 결과의 순서가 바뀔 수 있습니다."),
})
