"""Strings of the "Mixed precision" page and its figures."""
STRINGS = {
    "amp_intro": (
        "A **float16** number has 5 exponent bits and 10 mantissa bits. The largest value it holds is 65504, the "
        "smallest positive one 2⁻²⁴ ≈ 6·10⁻⁸ (below 2⁻¹⁴ ≈ 6·10⁻⁵ it keeps fewer and fewer significant bits: the "
        "*subnormal* numbers). Half the bytes of float32 means half the memory traffic and, on GPUs with tensor "
        "cores, much faster matrix products. **Automatic mixed precision (AMP)** therefore runs the matrix products "
        "in float16 but keeps a float32 **master copy** of the weights for the optimizer (a tiny update added to a "
        "float16 weight would simply be rounded away).\n\n"
        "The weak spot is the backward pass. Many gradient values are tiny, and anything below about 2⁻²⁵ rounds to "
        "exactly 0 in float16: it **underflows**, and its weight gets no update. **Loss scaling** multiplies the loss "
        "by a large number S before `backward()`. By the chain rule every gradient is S times larger and lands "
        "inside float16's range; before the optimizer step the float32 gradients are divided by S again, so the "
        "update itself does not change. Too large an S makes some gradient overflow to inf. **Dynamic loss "
        "scaling** (torch's `GradScaler`) then skips that step and multiplies S by `backoff_factor`; after "
        "`growth_interval` clean steps in a row it multiplies S by `growth_factor`. S thus hovers just below the "
        "overflow limit.\n\n"
        "Below, three copies of the same network start from the same weights and see the same mini-batches: "
        "**float32** (the reference), **float16 without scaling**, and **float16 with dynamic scaling** (GradScaler's "
        "exact rules). The float16 forward and backward passes are computed on the CPU the way "
        "`torch.autocast(dtype=torch.float16)` computes them: the tests check that the gradients are bit for bit "
        "torch's, and that scale sequence and skipped steps match `torch.amp.GradScaler`.",
        "**float16** 수는 지수 5비트와 가수 10비트로 이루어집니다. 담을 수 있는 가장 큰 값은 65504, 가장 작은 양수는 "
        "2⁻²⁴ ≈ 6·10⁻⁸입니다(2⁻¹⁴ ≈ 6·10⁻⁵보다 작아지면 유효 비트가 점점 줄어드는 *비정규(subnormal)* 수가 됩니다). "
        "float32의 절반 크기이므로 메모리 이동량이 절반이고, 텐서 코어가 있는 GPU에서는 행렬 곱이 훨씬 빨라집니다. 그래서 "
        "**자동 혼합 정밀도**(AMP)는 행렬 곱을 float16으로 계산하되, 옵티마이저가 갱신하는 가중치는 float32 **마스터 "
        "사본**으로 따로 둡니다(float16 가중치에 아주 작은 업데이트를 더하면 반올림되어 사라지기 때문입니다).\n\n"
        "약점은 역전파입니다. 기울기 값 중에는 아주 작은 것이 많은데, 대략 2⁻²⁵보다 작은 값은 float16에서 정확히 0으로 "
        "반올림됩니다. 이것이 **언더플로**이고, 그 가중치는 업데이트를 받지 못합니다. **Loss scaling**은 `backward()` "
        "전에 손실에 큰 수 S를 곱합니다. 연쇄 법칙에 따라 모든 기울기가 S배 커져 float16이 표현할 수 있는 범위로 "
        "들어옵니다. 옵티마이저 스텝 직전에 float32 기울기를 다시 S로 나누므로 업데이트 자체는 변하지 않습니다. S가 "
        "너무 크면 어떤 기울기는 inf로 오버플로합니다. **동적 loss scaling**(torch의 `GradScaler`)은 그럴 때 그 스텝을 "
        "건너뛰고 S에 `backoff_factor`를 곱합니다. 반대로 `growth_interval` 스텝 연속으로 문제가 없으면 S에 "
        "`growth_factor`를 곱합니다. 그래서 S는 오버플로 한계 바로 아래에서 오르내립니다.\n\n"
        "아래에서는 같은 신경망 세 개가 같은 가중치에서 출발해 같은 미니배치를 봅니다. **float32**(기준), **스케일링 "
        "없는 float16**, **동적 스케일링을 쓰는 float16**(GradScaler의 규칙 그대로)입니다. float16 순전파와 역전파는 "
        "`torch.autocast(dtype=torch.float16)`과 똑같은 방식으로 CPU에서 계산합니다. 기울기가 torch의 것과 비트 단위로 "
        "같은지, 스케일 값의 순서와 건너뛴 스텝이 `torch.amp.GradScaler`와 같은지는 테스트로 확인합니다."),
    "amp_why_factor": (
        "**Why the loss is multiplied by c.** This small network has comfortably large gradients (mostly "
        "2⁻¹⁵ … 2⁻⁵), so with c = 1 almost nothing underflows. Large models are different: their loss averages over "
        "hundreds of thousands of tokens and their deep stacks of layers shrink the backward signal, so a large "
        "part of their gradient values lies around 2⁻²⁰ … 2⁻³⁰ (Micikevicius et al., *Mixed Precision Training*, "
        "2018, show such histograms). Multiplying the loss by c = 2ᵏ moves every gradient of this network k powers "
        "of two down into that regime and changes nothing else. Adam-type optimizers hardly notice c, because their "
        "step divides the gradient by its own running size, as long as the gradients stay well above ε (10⁻⁸); at "
        "very small c, ε starts to damp the steps of every run, float32 included. Slide c up to 2⁰ and the "
        "underflow disappears; slide it down and the unscaled float16 run stalls while the scaled one follows "
        "float32.",
        "**손실에 c를 곱하는 이유.** 이 작은 신경망은 기울기가 넉넉히 큽니다(대부분 2⁻¹⁵ … 2⁻⁵). 그래서 c = 1이면 "
        "언더플로가 거의 일어나지 않습니다. 큰 모델은 다릅니다. 손실이 수십만 개 토큰의 평균이고, 깊게 쌓인 층을 지나며 "
        "역전파 신호가 작아지므로 기울기 값의 상당 부분이 2⁻²⁰ … 2⁻³⁰ 근처에 있습니다(Micikevicius 외, *Mixed "
        "Precision Training*, 2018에 이런 히스토그램이 나옵니다). 손실에 c = 2ᵏ를 곱하면 이 신경망의 모든 기울기가 "
        "2의 거듭제곱 k단계만큼 내려가 바로 그 영역에 놓이고, 그 밖에는 아무것도 바뀌지 않습니다. Adam 계열 옵티마이저는 "
        "기울기를 자신의 이동 평균 크기로 나누므로 c를 거의 느끼지 못합니다. 단, 기울기가 ε(10⁻⁸)보다 충분히 클 때의 "
        "이야기입니다. c가 아주 작으면 ε가 모든 실행(float32 포함)의 스텝을 줄이기 시작합니다. c를 2⁰까지 올리면 "
        "언더플로가 사라지고, 내리면 스케일링 없는 float16은 멈춰 서는 반면 스케일링한 쪽은 float32를 따라갑니다."),
    "amp_bf16": (
        "**bfloat16** keeps float32's 8 exponent bits (values down to about 10⁻³⁸) and only 7 mantissa bits: "
        "gradients practically never underflow, so bfloat16 autocast needs no GradScaler. It is the usual choice on "
        "recent GPUs and TPUs, and the default of CPU autocast; float16 with a GradScaler remains the recipe for "
        "GPUs without bfloat16.",
        "**bfloat16**은 float32와 같은 지수 8비트(약 10⁻³⁸까지 표현)에 가수는 7비트뿐입니다. 기울기가 사실상 "
        "언더플로하지 않으므로 bfloat16 autocast에는 GradScaler가 필요 없습니다. 최근 GPU와 TPU에서 흔히 쓰이고, CPU "
        "autocast의 기본값이기도 합니다. bfloat16을 지원하지 않는 GPU에서는 여전히 float16 + GradScaler가 정석입니다."),
    "amp_mode_float32": ("float32", "float32"),
    "amp_mode_float16": ("float16, no scaling", "float16, 스케일링 없음"),
    "amp_mode_float16_scaled": ("float16 + dynamic scaling", "float16 + 동적 스케일링"),
    "amp_dataset": ("Data set", "데이터셋"),
    "amp_width": ("Hidden width", "은닉층 너비"),
    "amp_depth": ("Hidden layers", "은닉층 수"),
    "amp_epochs": ("Epochs (max 10)", "에포크 수 (최대 10)"),
    "amp_batch": ("Batch size", "배치 크기"),
    "amp_factor": ("Loss factor c = 2ᵏ: k", "손실 배율 c = 2ᵏ: k"),
    "amp_factor_help": ("Multiplies the loss (and so every gradient) by 2ᵏ. Small c puts the gradients where large "
                        "models have them.",
                        "손실(따라서 모든 기울기)에 2ᵏ를 곱합니다. c가 작으면 기울기가 큰 모델의 기울기와 비슷한 크기가 "
                        "됩니다."),
    "amp_scaler": ("GradScaler", "GradScaler"),
    "amp_init_scale": ("init_scale = 2ᵏ: k", "init_scale = 2ᵏ: k"),
    "amp_growth_interval": ("growth_interval (torch default 2000)", "growth_interval (torch 기본값 2000)"),
    "amp_growth_factor": ("growth_factor", "growth_factor"),
    "amp_backoff_factor": ("backoff_factor", "backoff_factor"),
    "amp_seed": ("Seed (weights and batch order)", "시드 (가중치와 배치 순서)"),
    "amp_overflow_button": ("💥 Show me: overflow and back-off", "💥 예시: 오버플로와 축소"),
    "amp_underflow_button": ("🕳️ Show me: underflow", "🕳️ 예시: 언더플로"),
    "amp_h_range": ("Where the gradients sit in float16's range", "float16 범위에서 기울기의 위치"),
    "amp_h_loss": ("Training loss", "훈련 손실"),
    "amp_h_underflow": ("Gradients lost to underflow", "언더플로로 사라진 기울기"),
    "amp_h_scale": ("The loss scale S", "손실 스케일 S"),
    "amp_range_caption": (
        "Red bars: log₂ of every non-zero gradient value of the float32 run (all steps). Blue bars: the same "
        "values multiplied by the dynamic run's median loss scale. Background: float16 turns values left of "
        "2⁻²⁵ into 0, keeps fewer bits between 2⁻²⁵ and 2⁻¹⁴ (subnormal), and turns values above 65504 into inf.",
        "빨간 막대: float32 실행의 0이 아닌 모든 기울기 값(모든 스텝)의 log₂. 파란 막대: 같은 값에 동적 실행의 손실 "
        "스케일 중앙값을 곱한 것. 배경: float16은 2⁻²⁵보다 왼쪽 값을 0으로 만들고, 2⁻²⁵와 2⁻¹⁴ 사이에서는 비트를 덜 "
        "쓰며(비정규 수), 65504보다 큰 값은 inf로 만듭니다."),
    "amp_loss_caption": (
        "Mini-batch cross-entropy (without the factor c); bold: moving average over half an epoch.",
        "미니배치 교차 엔트로피(배율 c 제외). 굵은 선: 반 에포크 구간 이동 평균."),
    "amp_underflow_caption": (
        "Of the gradient entries that are non-zero in float32 (same weights, same batch), the share that is exactly "
        "0 after the float16 backward pass.",
        "float32에서 0이 아닌 기울기 성분(같은 가중치, 같은 배치) 가운데 float16 역전파 뒤 정확히 0이 된 비율."),
    "amp_scale_caption": (
        "S grows ×growth_factor after growth_interval clean steps; on inf/NaN gradients the step is skipped (✕) and "
        "S shrinks ×backoff_factor. torch's growth_interval of 2000 suits runs of many thousand steps; a smaller "
        "one shows the rhythm in this short run.",
        "S는 문제없는 스텝이 growth_interval번 이어지면 growth_factor배 커지고, 기울기에 inf/NaN이 나오면 그 스텝을 "
        "건너뛰며(✕) backoff_factor배 작아집니다. torch의 기본값 2000은 수천 스텝 이상의 훈련에 맞춘 값이라, 이 짧은 "
        "실행에서는 더 작은 값으로 그 리듬을 보여 줍니다."),
    "amp_loss_axis": ("cross-entropy (log)", "교차 엔트로피 (로그)"),
    "amp_underflow_axis": ("underflowed gradients (%)", "언더플로된 기울기 (%)"),
    "amp_scale": ("loss scale S", "손실 스케일 S"),
    "amp_scale_axis": ("log₂ S", "log₂ S"),
    "amp_skipped": ("skipped step ({n})", "건너뛴 스텝 ({n})"),
    "amp_skipped_hover": ("inf/NaN in the gradients, step skipped", "기울기에 inf/NaN, 스텝 건너뜀"),
    "amp_zone_zero": ("→ 0", "→ 0"),
    "amp_zone_subnormal": ("subnormal", "비정규"),
    "amp_zone_normal": ("float16 normal range", "float16 정규 범위"),
    "amp_zone_overflow": ("→ inf", "→ inf"),
    "amp_hist_raw": ("gradients (c = {c})", "기울기 (c = {c})"),
    "amp_hist_scaled": ("× S = {s}", "× S = {s}"),
    "amp_hist_axis": ("log₂ |gradient value|", "log₂ |기울기 값|"),
    "amp_hist_share": ("share of values (%)", "값의 비율 (%)"),
    "amp_col_mode": ("run", "실행"),
    "amp_col_train_loss": ("final training loss", "최종 훈련 손실"),
    "amp_col_test_acc": ("test accuracy (%)", "테스트 정확도 (%)"),
    "amp_col_underflow": ("mean underflow (%)", "평균 언더플로 (%)"),
    "amp_col_skipped": ("skipped steps", "건너뛴 스텝"),
    "amp_col_status": ("status", "상태"),
    "amp_steps_info": ("{steps} optimizer steps ({epochs} epochs × {spe} per epoch), float16 simulated on the CPU.",
                       "옵티마이저 스텝 {steps}번 (에포크 {epochs} × 에포크당 {spe}), float16은 CPU에서 재현."),
}
