"""Strings of the "Data parallel" page and its figures."""
STRINGS = {
    "ddp_intro": (
        "**DistributedDataParallel (DDP)** trains one model on K GPUs, the *workers* (or *ranks*). Every worker "
        "holds a full copy of the model and of the optimizer. In each step every worker takes its own mini-batch "
        "of B examples (a `DistributedSampler` cuts each shuffled epoch into K disjoint shards), runs the forward "
        "and backward pass on it and gets its gradient gₖ. An **all-reduce** then adds the K gradients and every "
        "worker divides by K, so all of them hold the same average ḡ = (1/K) Σₖ gₖ. Each worker applies the same "
        "optimizer step with it, and the copies stay identical without ever sending weights around.\n\n"
        "Each gₖ is a mean over B examples, so the mean of the K means is the mean over all K·B examples: **one "
        "step with K workers is exactly one step with a batch K times larger** (up to float rounding). Its noise "
        "around the full-data gradient therefore behaves like that of a K·B batch: the variance falls like 1/K.",
        "**DistributedDataParallel**(DDP)은 GPU K개, 곧 *워커*(또는 *랭크*) K개로 모델 하나를 학습합니다. 워커마다 "
        "모델과 옵티마이저의 완전한 사본을 가집니다. 스텝마다 각 워커는 자기 몫의 미니배치 B개를 받아"
        "(`DistributedSampler`가 섞인 에포크를 겹치지 않는 K개 조각으로 나눕니다) 순전파와 역전파를 하고 자기 기울기 "
        "gₖ를 얻습니다. 이어서 **all-reduce**가 K개의 기울기를 더하고 각 워커가 K로 나누므로, 모두가 같은 평균 "
        "ḡ = (1/K) Σₖ gₖ를 갖게 됩니다. 모든 워커가 이 평균으로 같은 옵티마이저 스텝을 밟으니, 가중치를 주고받지 "
        "않아도 사본들이 계속 똑같이 유지됩니다.\n\n"
        "각 gₖ는 B개 예제의 평균이므로, K개 평균의 평균은 K·B개 예제 전체의 평균입니다. **워커 K개로 한 스텝은 K배 큰 "
        "배치로 한 스텝과 정확히 같습니다**(부동소수점 반올림 차이만 빼면). 그래서 전체 데이터 기울기 주변의 노이즈도 "
        "K·B 배치와 똑같이 움직입니다. 분산은 1/K로 줄어듭니다."),
    "ddp_dataset": ("Data set", "데이터셋"),
    "ddp_width": ("Hidden width (one ReLU layer)", "은닉층 너비 (ReLU 한 층)"),
    "ddp_workers": ("Workers K (GPUs)", "워커 수 K (GPU)"),
    "ddp_batch": ("Batch per worker B", "워커당 배치 B"),
    "ddp_seed": ("Seed (weights and shuffling)", "시드 (가중치와 섞기)"),
    "ddp_step_index": ("Step of the epoch", "에포크 안의 스텝"),
    "ddp_section": ("Part", "보기"),
    "ddp_h_step": ("One step with K workers", "워커 K개의 한 스텝"),
    "ddp_step_caption": (
        "A plane through the gradients: e₁ along the all-reduce average, e₂ along the workers' largest "
        "disagreement with it. Thin arrows: one per worker. Black: their average. Yellow dashed: the gradient of "
        "one batch made of all K·B examples; it lies exactly on the black arrow. Grey dotted: the gradient on the "
        "whole training set.",
        "기울기들을 지나는 평면: e₁은 all-reduce 평균 방향, e₂는 워커들이 평균과 가장 크게 어긋나는 방향입니다. 가는 "
        "화살표: 워커 하나씩. 검은색: 그 평균. 노란 점선: K·B개 예제 전체를 한 배치로 계산한 기울기로, 검은 화살표와 "
        "정확히 겹칩니다. 회색 점선: 훈련 세트 전체의 기울기."),
    "ddp_metric_diff": ("max |all-reduce − big batch|", "최대 |all-reduce − 큰 배치|"),
    "ddp_metric_diff_help": ("Largest difference over all {p} gradient entries (float64): only rounding.",
                             "기울기 성분 {p}개 전체에서 가장 큰 차이(float64): 반올림 오차뿐입니다."),
    "ddp_metric_spread": ("max difference between replicas", "사본 간 최대 차이"),
    "ddp_metric_spread_help": ("After the all-reduce every worker holds the same gradient, so every copy takes the "
                               "same step.",
                               "all-reduce 뒤에는 모든 워커가 같은 기울기를 가지므로 모든 사본이 같은 스텝을 밟습니다."),
    "ddp_metric_traffic": ("values sent per worker", "워커당 전송 값 수"),
    "ddp_metric_traffic_help": ("Ring all-reduce: 2(K − 1)/K · P for P = {p} parameters.",
                                "링 all-reduce: 파라미터 P = {p}개일 때 2(K − 1)/K · P."),
    "ddp_ring": (
        "The all-reduce above is simulated as a **ring**, as NCCL and Gloo run it: every gradient is cut into K "
        "chunks; in K − 1 steps the chunks travel around the ring and are added up (*reduce-scatter*), then in "
        "K − 1 more steps the finished sums travel around once more and are copied (*all-gather*). Each worker "
        "sends 2(K − 1)/K · P values per step, almost the same for 2 or 1000 workers: that is why data parallelism "
        "scales.",
        "위의 all-reduce는 NCCL과 Gloo가 하듯 **링** 방식으로 재현했습니다. 각 기울기를 K개 조각으로 나누고, K − 1 "
        "단계 동안 조각들이 링을 돌며 더해집니다(*reduce-scatter*). 이어서 K − 1 단계 동안 완성된 합이 한 바퀴 더 돌며 "
        "복사됩니다(*all-gather*). 워커 하나가 스텝마다 보내는 값은 2(K − 1)/K · P개로, 워커가 2개든 1000개든 거의 "
        "같습니다. 데이터 병렬이 잘 확장되는 이유입니다."),
    "ddp_h_noise": ("Gradient noise against K", "K에 따른 기울기 노이즈"),
    "ddp_noise_caption": (
        "For each K, {draws} random steps: the mean of ‖ḡ − ∇L‖², the squared distance between the averaged "
        "gradient and the full-data gradient. Filled dots: K workers with B = {b} each, averaged. Open diamonds: one "
        "batch of K·B drawn on its own; they sit on the dots. Dashed: σ²/(K·B) · (N − K·B)/(N − 1). The fitted "
        "slope on these log-log axes is {slope:.2f} (−1 means 1/K). Dotted: ‖∇L‖², the signal; once the noise is "
        "far below it, more workers hardly change the direction of the step.",
        "K마다 무작위 스텝 {draws}번: 평균 기울기와 전체 데이터 기울기 사이의 제곱 거리 ‖ḡ − ∇L‖²의 평균. 채운 점: "
        "워커 K개가 각각 B = {b}개로 계산해 평균한 값. 빈 마름모: K·B개를 한 배치로 따로 뽑은 값으로, 점과 겹칩니다. "
        "파선: σ²/(K·B) · (N − K·B)/(N − 1). 로그-로그 축에서 맞춘 기울기는 {slope:.2f}입니다(−1이면 1/K). 점선: "
        "신호 ‖∇L‖². 노이즈가 이보다 훨씬 작아지면 워커를 더 늘려도 스텝 방향은 거의 바뀌지 않습니다."),
    "ddp_cloud_caption": (
        "Each dot: one step's averaged gradient minus the full-data gradient, projected on the two directions in "
        "which single examples' gradients disagree most. The cloud's width shrinks like 1/√K.",
        "점 하나: 한 스텝의 평균 기울기에서 전체 데이터 기울기를 뺀 것을, 개별 예제의 기울기가 가장 크게 갈리는 두 "
        "방향에 투영한 것. 구름의 폭은 1/√K로 줄어듭니다."),
    "ddp_noise_too_few": ("With B = {b} and {n} training examples only K = 1 fits; pick a smaller B.",
                          "B = {b}, 훈련 예제 {n}개로는 K = 1만 가능합니다. B를 줄이세요."),
    "ddp_h_surface": ("The same on a 2-D surface", "2차원 곡면에서 같은 실험"),
    "ddp_surface_text": (
        "The exact gradient of the surface plays the full-data gradient; one example's gradient adds noise of std "
        "σ, and K workers × B examples average K·B of them, so the noise std is σ·√((N − K·B)/(K·B·(N − 1))). "
        "Every K sees the same random draws (same seed).",
        "곡면의 정확한 기울기가 전체 데이터 기울기 역할을 하고, 예제 하나의 기울기는 표준편차 σ인 노이즈를 더합니다. "
        "워커 K개 × 예제 B개는 그중 K·B개를 평균하므로 노이즈 표준편차는 σ·√((N − K·B)/(K·B·(N − 1)))입니다. 모든 K가 "
        "같은 난수(같은 시드)를 씁니다."),
    "ddp_surface_batch": ("Batch per worker B", "워커당 배치 B"),
    "ddp_surface_noise": ("Per-example noise σ", "예제당 노이즈 σ"),
    "ddp_surface_n": ("Data set size N", "데이터셋 크기 N"),
    "ddp_surface_steps": ("Steps (max 1000)", "스텝 수 (최대 1000)"),
    "ddp_surface_seed": ("Noise seed", "노이즈 시드"),
    "ddp_scale_lr": ("Linear scaling rule: lr × K", "선형 스케일링 규칙: lr × K"),
    "ddp_scale_lr_help": (
        "Goyal et al. (2017): with a K times larger batch, multiply the learning rate by K, and warm it up over "
        "the first steps, because a large lr at the very start is unstable.",
        "Goyal 외 (2017): 배치가 K배 커지면 학습률도 K배로 하고, 처음 몇 스텝 동안 워밍업하라는 규칙입니다. 시작하자마자 "
        "큰 학습률을 쓰면 불안정하기 때문입니다."),
    "ddp_h_paths": ("Paths for K = 1, 2, 4, 8", "K = 1, 2, 4, 8의 경로"),
    "ddp_h_zoom": ("Second half, zoomed to the minimum", "후반부, 최솟값 주변 확대"),
    "ddp_scale_lr_caption": (
        "With lr × K the larger K converge in fewer steps, until lr × K passes the stability limit 2/λ_max of the "
        "surface's steepest direction: then that run diverges. The rule has a ceiling. On this fixed surface warm-up "
        "cannot lift it; in real networks warm-up helps partly because the curvature falls early in training.",
        "lr × K를 쓰면 K가 클수록 더 적은 스텝에 수렴합니다. 그러다 lr × K가 곡면의 가장 가파른 방향의 안정 한계 "
        "2/λ_max를 넘으면 그 실행은 발산합니다. 이 규칙에는 천장이 있습니다. 곡률이 고정된 이 곡면에서는 워밍업으로도 "
        "천장을 올릴 수 없습니다. 실제 신경망에서 워밍업이 도움이 되는 이유 중 하나는 훈련 초반에 곡률이 줄어들기 "
        "때문입니다."),
    "ddp_h_real": ("What a real multi-GPU run does", "실제 멀티 GPU 학습에서 일어나는 일"),
    "ddp_real": (
        "- `torchrun --nproc_per_node=K train.py` starts K processes, one per GPU; each reads `RANK`, `LOCAL_RANK` "
        "and `WORLD_SIZE` from its environment.\n"
        "- `torch.distributed.init_process_group(\"nccl\")` connects them (NCCL between GPUs, Gloo on CPUs).\n"
        "- `DistributedDataParallel(model, device_ids=[local_rank])` copies rank 0's weights to every rank, so all "
        "replicas start equal, and hooks into `backward()`: gradients are grouped in **buckets** (25 MB by "
        "default) and each bucket is all-reduced as soon as it is complete, while backward is still computing the "
        "earlier layers. Communication hides behind computation.\n"
        "- `DistributedSampler` hands each rank a disjoint shard; call `sampler.set_epoch(epoch)` so that every "
        "epoch is shuffled differently.\n"
        "- The optimizer is an ordinary `torch.optim` optimizer: every rank steps its own copy with the same "
        "averaged gradient.\n"
        "- The effective batch is K·B. The **linear scaling rule** (lr × K) with a **warm-up** of a few epochs is "
        "the usual starting point for SGD; for Adam-type optimizers a square-root rule (lr × √K) is often "
        "suggested (Malladi et al., 2022). Beyond some batch size, larger batches stop saving steps.\n"
        "- BatchNorm statistics stay per GPU unless you convert the model with `SyncBatchNorm`; save checkpoints from "
        "rank 0 only.\n"
        "- `nn.DataParallel` (one process, threads) is simpler but slower; PyTorch recommends DDP even on one machine.",
        "- `torchrun --nproc_per_node=K train.py`가 GPU마다 하나씩 프로세스 K개를 띄웁니다. 각 프로세스는 환경 변수에서 "
        "`RANK`, `LOCAL_RANK`, `WORLD_SIZE`를 읽습니다.\n"
        "- `torch.distributed.init_process_group(\"nccl\")`이 프로세스들을 연결합니다(GPU 사이에는 NCCL, CPU에서는 "
        "Gloo).\n"
        "- `DistributedDataParallel(model, device_ids=[local_rank])`는 랭크 0의 가중치를 모든 랭크에 복사해 모든 사본이 "
        "같은 상태에서 시작하게 하고, `backward()`에 훅을 겁니다. 기울기를 **버킷**(기본 25 MB) 단위로 묶어, 버킷이 "
        "채워지는 즉시 all-reduce를 시작합니다. 그동안 역전파는 앞쪽 층을 계속 계산하므로 통신 시간이 계산 뒤에 "
        "숨습니다.\n"
        "- `DistributedSampler`가 랭크마다 겹치지 않는 조각을 나눠 줍니다. 에포크마다 다르게 섞이도록 "
        "`sampler.set_epoch(epoch)`를 호출하세요.\n"
        "- 옵티마이저는 평범한 `torch.optim` 옵티마이저입니다. 각 랭크가 같은 평균 기울기로 자기 사본을 갱신합니다.\n"
        "- 실질 배치 크기는 K·B입니다. SGD에서는 **선형 스케일링 규칙**(lr × K)과 몇 에포크의 **워밍업**이 보통의 "
        "출발점이고, Adam 계열에는 제곱근 규칙(lr × √K)이 자주 제안됩니다(Malladi 외, 2022). 배치가 어느 크기를 넘으면 "
        "더 키워도 필요한 스텝 수가 줄지 않습니다.\n"
        "- BatchNorm 통계는 `SyncBatchNorm`으로 바꾸지 않는 한 GPU마다 따로 계산됩니다. 체크포인트는 랭크 0에서만 "
        "저장하세요.\n"
        "- `nn.DataParallel`(프로세스 하나, 스레드 사용)은 더 간단하지만 느립니다. PyTorch는 한 대의 머신에서도 DDP를 "
        "권장합니다."),
    "ddp_worker": ("worker gradients gₖ", "워커 기울기 gₖ"),
    "ddp_worker_k": ("worker {k}", "워커 {k}"),
    "ddp_allreduce": ("all-reduce mean of {k}", "워커 {k}개의 all-reduce 평균"),
    "ddp_big_batch": ("one batch of {n}", "배치 {n}개 한 번"),
    "ddp_full_grad": ("full training set", "훈련 세트 전체"),
    "ddp_axis_e1": ("along the average (e₁)", "평균 방향 (e₁)"),
    "ddp_axis_e2": ("across (e₂)", "수직 방향 (e₂)"),
    "ddp_col_who": ("gradient", "기울기"),
    "ddp_col_loss": ("loss", "손실"),
    "ddp_col_norm": ("‖g‖", "‖g‖"),
    "ddp_col_cos": ("cos to the average", "평균과의 cos"),
    "ddp_theory": ("theory σ²/(KB)·(N−KB)/(N−1)", "이론값 σ²/(KB)·(N−KB)/(N−1)"),
    "ddp_avg_workers": ("K workers × B = {b}, averaged", "워커 K개 × B = {b}, 평균"),
    "ddp_one_batch": ("one batch of K·{b}", "K·{b}개 배치 한 번"),
    "ddp_signal": ("signal ‖∇L‖²", "신호 ‖∇L‖²"),
    "ddp_axis_workers": ("workers K", "워커 수 K"),
    "ddp_axis_sq_error": ("E‖ḡ − ∇L‖² (log)", "E‖ḡ − ∇L‖² (로그)"),
    "ddp_axis_pc1": ("1st direction of disagreement", "첫째 불일치 방향"),
    "ddp_axis_pc2": ("2nd direction of disagreement", "둘째 불일치 방향"),
    "ddp_path_label": ("K = {k} (batch {n})", "K = {k} (배치 {n})"),
}
