"""Strings of the "Batch size & noise" page."""
STRINGS = {
    "batchnoise_intro": (
        "The loss over a data set is the average of its N per-example losses, and so is its gradient. "
        "**Batch gradient descent** computes that average exactly: its steps are smooth and stable, but one epoch "
        "(one pass over the data) buys a single step. **SGD** uses one random example at a time: N cheap steps per "
        "epoch, each noisy, so it zig-zags and never quite settles — and the same noise can shake it out of a poor "
        "local minimum. **Mini-batch** SGD averages B examples: the noise shrinks like 1/√B, there are still N/B "
        "steps per epoch, and a batch keeps a GPU busy. That compromise is what practice uses.\n\n"
        "Here the exact gradient of a 2-D surface plays the full-batch gradient, and one example's gradient is "
        "that plus independent noise of std σ per coordinate. A batch of B out of N examples (drawn without "
        "replacement) then carries noise of std σ·√((N − B)/(B(N − 1))): σ for B = 1, about σ/√B when B ≪ N, and 0 "
        "for the full batch. Every batch size uses the same random draws (same seed), so the differences you see "
        "come from B alone.",
        "데이터셋의 손실은 N개 예제 손실의 평균이고, 기울기도 마찬가지입니다. **배치 경사 하강법**은 이 평균을 정확히 "
        "계산합니다. 스텝이 매끄럽고 안정적이지만, 에포크(데이터 한 바퀴)마다 한 스텝밖에 가지 못합니다. **SGD**는 무작위 "
        "예제를 하나씩 씁니다. 에포크마다 값싼 스텝을 N번 가지만 스텝마다 노이즈가 있어 지그재그로 움직이고 끝내 한 점에 "
        "멈추지 못합니다. 대신 그 노이즈 덕분에 나쁜 지역 최솟값에서 튀어나오기도 합니다. **미니배치** SGD는 B개 예제를 "
        "평균합니다. 노이즈는 1/√B로 줄고, 에포크마다 여전히 N/B 스텝을 가며, GPU도 쉬지 않습니다. 실전에서 쓰는 절충안이 "
        "바로 이것입니다.\n\n"
        "여기서는 2차원 곡면의 정확한 기울기가 전체 배치의 기울기 역할을 하고, 예제 하나의 기울기는 거기에 좌표마다 "
        "표준편차 σ인 독립 노이즈를 더한 값입니다. N개 중 B개를 비복원으로 뽑은 배치의 노이즈 표준편차는 "
        "σ·√((N − B)/(B(N − 1)))입니다. B = 1이면 σ, B ≪ N이면 약 σ/√B, 전체 배치이면 0입니다. 모든 배치 크기가 같은 "
        "난수(같은 시드)를 쓰므로, 보이는 차이는 오직 B 때문입니다."),
    "batchnoise_noise": ("Per-example gradient noise σ", "예제당 기울기 노이즈 σ"),
    "batchnoise_dataset": ("Data set size N", "데이터셋 크기 N"),
    "batchnoise_batches": ("Batch sizes to compare", "비교할 배치 크기"),
    "batchnoise_full_option": ("full batch (B = N)", "전체 배치 (B = N)"),
    "batchnoise_full_label": ("batch GD (B = {n})", "배치 GD (B = {n})"),
    "batchnoise_sgd_label": ("SGD (B = 1)", "SGD (B = 1)"),
    "batchnoise_pick_one": ("Pick at least one batch size.", "배치 크기를 하나 이상 고르세요."),
    "batchnoise_steps": ("Steps (max 2000)", "스텝 수 (최대 2000)"),
    "batchnoise_start_x": ("start x", "시작 x"),
    "batchnoise_start_y": ("start y", "시작 y"),
    "batchnoise_seed": ("Noise seed", "노이즈 시드"),
    "batchnoise_new_noise": ("🎲 New noise", "🎲 새 노이즈"),
    "batchnoise_new_noise_help": ("Draws a different noise sequence by changing the seed. The same seed always "
                                  "gives the same picture.",
                                  "시드를 바꿔 다른 노이즈 수열을 뽑습니다. 같은 시드는 언제나 같은 그림을 줍니다."),
    "batchnoise_escape_button": ("🎯 Show me: escaping a local minimum", "🎯 예시: 지역 최솟값 탈출"),
    "batchnoise_escape_text": (
        "Noise is not only a nuisance. On the six-hump camel surface, from its suggested start, full-batch GD "
        "slides into the nearest local minimum (loss ≈ 2.1) and stays there; with SGD at lr ≈ 0.03 and σ = 2, the "
        "B = 1 run is usually shaken out of it into a deeper basin. Press 🎲 a few times: it is luck, not a promise.",
        "노이즈가 늘 방해만 되는 것은 아닙니다. six-hump camel 곡면에서 추천 시작점으로 출발하면 전체 배치 GD는 가장 "
        "가까운 지역 최솟값(손실 ≈ 2.1)으로 미끄러져 그대로 머뭅니다. SGD를 lr ≈ 0.03, σ = 2로 돌리면 B = 1 실행은 "
        "대개 흔들려서 빠져나와 더 깊은 골짜기로 갑니다. 🎲 버튼을 몇 번 눌러 보세요. 보장이 아니라 운입니다."),
    "batchnoise_h_paths": ("Paths", "경로"),
    "batchnoise_h_zoom": ("Near the minimum: the last half of every run", "최솟값 근처: 각 실행의 후반부"),
    "batchnoise_zoom_caption": (
        "Zoomed on the minimum, both axes to the same scale. With a constant learning rate the noisy runs do not "
        "come to rest: they keep wandering in a cloud whose width follows their noise std σ_B.",
        "최솟값을 확대한 그림이며 두 축의 배율이 같습니다. 학습률이 일정하면 노이즈가 있는 실행은 멈추지 않고, 폭이 "
        "노이즈 표준편차 σ_B를 따르는 구름 안을 계속 떠돕니다."),
    "batchnoise_no_minimum": ("This surface has no known minimum, so there is no zoomed view or distance chart.",
                              "이 곡면에는 알려진 최솟값이 없어 확대 그림과 거리 그래프를 그릴 수 없습니다."),
    "batchnoise_h_loss": ("Loss", "손실"),
    "batchnoise_per": ("x-axis", "x축"),
    "batchnoise_per_step": ("steps", "스텝"),
    "batchnoise_per_epoch": ("epochs", "에포크"),
    "batchnoise_epochs": ("epochs = examples seen ÷ N (log)", "에포크 = 본 예제 수 ÷ N (로그)"),
    "batchnoise_loss_caption": (
        "Per step, bigger batches win: less noise, a smoother descent. Per epoch (switch the x-axis) the picture "
        "turns around: in one pass over the data batch GD takes a single step while SGD takes N.",
        "스텝 기준으로는 큰 배치가 유리합니다. 노이즈가 적어 매끄럽게 내려갑니다. 에포크 기준(x축 전환)으로 보면 반대가 "
        "됩니다. 데이터를 한 바퀴 도는 동안 배치 GD는 한 스텝을 가지만 SGD는 N 스텝을 갑니다."),
    "batchnoise_distance": ("distance to the nearest minimum (log)", "가장 가까운 최솟값까지 거리 (로그)"),
    "batchnoise_h_wander": ("How far they wander", "얼마나 떠도는가"),
    "batchnoise_wander_caption": (
        "RMS distance to the nearest minimum over the last half of the steps (shaded above). Once a run has settled "
        "into its noise cloud — a small enough learning rate on a nearly quadratic bowl — its spread is "
        "proportional to σ_B, so the last-but-one column stays roughly constant while the spread shrinks like "
        "1/√B: four times the batch, half the wandering.",
        "후반 절반 스텝(위 그래프의 음영) 동안 가장 가까운 최솟값까지의 RMS 거리입니다. 실행이 노이즈 구름 안에 자리를 "
        "잡으면(학습률이 충분히 작고 곡면이 2차식에 가까우면) 퍼짐은 σ_B에 비례합니다. 그래서 끝에서 두 번째 열은 대략 "
        "일정하고, 퍼짐은 1/√B로 줄어듭니다. 배치를 4배로 늘리면 떠도는 폭은 절반이 됩니다."),
    "batchnoise_col_batch": ("batch", "배치"),
    "batchnoise_col_std": ("noise std σ_B", "노이즈 표준편차 σ_B"),
    "batchnoise_col_rms": ("RMS distance (last half)", "RMS 거리 (후반부)"),
    "batchnoise_col_ratio": ("RMS distance ÷ σ_B", "RMS 거리 ÷ σ_B"),
    "batchnoise_col_final": ("final loss", "최종 손실"),
}
