"""Schedule lab strings."""
STRINGS = {
    # widgets
    "schedlab_start": ("Start point", "시작점"),
    "schedlab_steps": ("Steps (max 3000)", "스텝 수 (최대 3000)"),
    "schedlab_noise": ("Gradient noise (std)", "기울기 노이즈 (표준편차)"),
    "schedlab_seed": ("Random seed", "난수 시드"),
    "schedlab_more_params": ("More parameters", "추가 파라미터"),
    "schedlab_milestones_help": ("Steps at which the lr is multiplied by γ, e.g. 200, 350.",
                                 "학습률에 γ를 곱할 스텝들. 예: 200, 350"),
    "schedlab_bad_milestones": ("milestones must be whole numbers ≥ 0 separated by commas, not {bad!r}",
                                "마일스톤은 쉼표로 구분한 0 이상의 정수여야 합니다 ({bad!r}는 안 됩니다)"),
    "schedlab_auto": ("{name} = the run length", "{name} = 실행 길이"),
    # figures
    "schedlab_warmup_band": ("warm-up", "워밍업"),
    "schedlab_reductions": ("lr reduced ({n}×)", "학습률 감소 ({n}회)"),
    "schedlab_drop": ("step {step}: lr {a} → {b}", "스텝 {step}: 학습률 {a} → {b}"),
    "schedlab_run_sched": ("with {schedule}", "{schedule} 적용"),
    "schedlab_run_const": ("constant lr {lr}", "고정 학습률 {lr}"),
    # sections
    "schedlab_curve_title": ("The schedule: lr against step", "스케줄: 스텝별 학습률"),
    "schedlab_formula": ("Formula (η₀ = the optimizer's lr, t = step)", "수식 (η₀ = 옵티마이저 학습률, t = 스텝)"),
    "schedlab_warmup_text": (
        "With warm-up the first {W} steps ramp the lr linearly from a third of its starting value up to it "
        "(LinearLR), then the schedule starts from its own step 0 (SequentialLR with milestones=[{W}]). The "
        "starting value is η₀, except for OneCycleLR and CyclicLR, which set their own low lr when they are "
        "built: torch then warms up towards that value.",
        "워밍업을 켜면 처음 {W} 스텝 동안 학습률이 시작값의 1/3에서 시작값까지 선형으로 오르고(LinearLR), "
        "그다음 스케줄이 자기 0번째 스텝부터 시작합니다(milestones=[{W}]인 SequentialLR). 시작값은 보통 η₀이지만, "
        "OneCycleLR와 CyclicLR는 만들어질 때 자기만의 낮은 학습률을 정하므로 torch는 그 값을 향해 워밍업합니다."),
    "schedlab_log_lr": ("Log lr axis", "학습률 로그 축"),
    "schedlab_runs_title": ("Same optimizer, scheduled against constant lr", "같은 옵티마이저: 스케줄 적용 대 고정 학습률"),
    "schedlab_runs_caption": (
        "Solid: with the schedule; dashed: the same optimizer at its constant lr. Both see the same gradient "
        "noise. With noise, a constant lr keeps the run jittering at a distance set by lr × noise; shrinking "
        "the lr late in training lets it settle much closer to the minimum.",
        "실선은 스케줄 적용, 점선은 같은 옵티마이저의 고정 학습률입니다. 두 실행은 같은 기울기 노이즈를 받습니다. "
        "노이즈가 있으면 고정 학습률은 lr × 노이즈 정도의 거리에서 계속 흔들리지만, 후반에 학습률을 줄이면 "
        "최솟값에 훨씬 가까이 자리 잡습니다."),
    "schedlab_final_sched": ("final loss, scheduled", "최종 손실 (스케줄)"),
    "schedlab_final_const": ("final loss, constant lr", "최종 손실 (고정 학습률)"),
    "schedlab_mean_note": ("mean of the last 10% of steps", "마지막 10% 스텝의 평균"),
    "schedlab_loop_order": (
        "Order in the loop: **optimizer.step()** first, then **scheduler.step()** — the lr used at step k is the "
        "one the scheduler set after step k − 1 (calling the scheduler first skips its first value, and torch "
        "warns about it). ReduceLROnPlateau is stepped with the loss: **scheduler.step(loss)**. Here the "
        "scheduler steps once per optimizer step; in most training scripts it steps once per epoch.",
        "루프 순서: **optimizer.step()** 다음에 **scheduler.step()** 입니다. 스텝 k에서 쓰는 학습률은 스텝 k − 1 "
        "뒤에 스케줄러가 정한 값입니다(스케줄러를 먼저 부르면 첫 값을 건너뛰고 torch가 경고합니다). "
        "ReduceLROnPlateau는 손실을 넘겨 **scheduler.step(loss)** 로 부릅니다. 여기서는 옵티마이저 한 스텝마다 "
        "스케줄러도 한 번 부르지만, 대부분의 학습 코드에서는 에포크마다 한 번 부릅니다."),
    "schedlab_plateau_title": ("ReduceLROnPlateau: the lr reacts to the loss", "ReduceLROnPlateau: 손실에 반응하는 학습률"),
    "schedlab_plateau_text": (
        "Instead of following the clock, ReduceLROnPlateau watches the loss passed to scheduler.step(loss). "
        "It remembers the best loss so far; a step counts as an improvement only if it beats the best by more "
        "than threshold (relative: best × (1 − threshold)). After more than **patience** steps without "
        "improvement the lr is multiplied by **factor**, then **cooldown** steps pass before it counts again, "
        "and the lr never goes below min_lr.",
        "ReduceLROnPlateau는 시간표 대신 scheduler.step(loss)로 받은 손실을 봅니다. 지금까지의 최고 손실을 "
        "기억하고, 그보다 threshold 이상(상대 모드: best × (1 − threshold)보다 작게) 좋아져야 개선으로 칩니다. "
        "**patience** 스텝보다 오래 개선이 없으면 학습률에 **factor**를 곱하고, **cooldown** 스텝 동안은 다시 세지 "
        "않으며, 학습률은 min_lr 아래로 내려가지 않습니다."),
    "schedlab_plateau_caption": (
        "Top: loss (solid: ReduceLROnPlateau, dashed: constant lr). Bottom: the lr used at each step; every ▼ "
        "and dotted line is a reduction ({n} in {steps} steps). With no gradient noise the loss on these "
        "surfaces usually keeps improving, so nothing happens: raise the noise to see the lr react to the "
        "loss settling on its noise floor.",
        "위: 손실(실선: ReduceLROnPlateau, 점선: 고정 학습률). 아래: 각 스텝에서 쓴 학습률이며, ▼와 점선이 "
        "감소 시점입니다({steps} 스텝 중 {n}회). 기울기 노이즈가 없으면 이 곡면들에서는 손실이 대개 계속 "
        "좋아지므로 아무 일도 일어나지 않습니다. 노이즈를 올려서 손실이 노이즈 바닥에 머무를 때 학습률이 "
        "반응하는 모습을 보세요."),
    "schedlab_plateau_settings": ("ReduceLROnPlateau settings", "ReduceLROnPlateau 설정"),
    # torch code comments
    "schedlab_code_noise": ("# gradient noise, as on this page", "# 이 페이지와 같은 기울기 노이즈"),
    "schedlab_code_first": ("# first the optimizer …", "# 먼저 옵티마이저 …"),
    "schedlab_code_then": ("# … then the scheduler", "# … 그다음 스케줄러"),
    "schedlab_code_loss": ("# ReduceLROnPlateau reads the loss after the step", "# ReduceLROnPlateau는 스텝 후 손실을 읽음"),
}
