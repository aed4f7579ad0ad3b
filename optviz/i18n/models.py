"""Real models (CNN, Transformer, RNN) and the edge of stability."""

STRINGS = {
    # registry
    "model_title_mlp": ("MLP", "MLP (다층 퍼셉트론)"),
    "model_title_cnn": ("Small CNN", "작은 CNN"),
    "model_title_transformer": ("Tiny Transformer", "작은 트랜스포머"),
    "model_title_rnn": ("Plain RNN", "기본 RNN"),
    "model_desc_mlp": ("A multi-layer perceptron on digits (64 → 64 → 10), cross-entropy.",
                       "손글씨 숫자 위의 다층 퍼셉트론(64 → 64 → 10), 교차 엔트로피 손실."),
    "model_desc_cnn": ("Two 3×3 conv layers (16, 32 channels) with max-pooling on 8×8 digits, cross-entropy.",
                       "8×8 손글씨 숫자 위의 3×3 합성곱 두 층(채널 16, 32)과 최대 풀링, 교차 엔트로피 손실."),
    "model_desc_transformer": ("One post-norm encoder block (d_model 32, 2 heads) learning to reverse 16 digits; "
                               "accuracy counts right tokens.",
                               "숫자 16개를 뒤집도록 배우는 post-norm 인코더 블록 하나(d_model 32, 헤드 2); "
                               "정확도는 맞힌 토큰의 비율입니다."),
    "model_desc_rnn": ("An Elman RNN (32 tanh units) on the adding problem (length 20): add the two marked "
                       "numbers; squared error, accuracy = within 0.04.",
                       "덧셈 문제(길이 20)를 푸는 Elman RNN(tanh 32개): 표시된 두 수를 더합니다; "
                       "제곱 오차, 정확도 = 오차 0.04 이내."),
    # Real models page
    "page_models": ("Real models", "실제 모델"),
    "page_models_blurb": ("A small CNN, a tiny Transformer and an RNN trained with several optimizers at once: "
                          "warm-up, clipping and the note's recipes, tested.",
                          "작은 CNN, 작은 트랜스포머, RNN을 여러 옵티마이저로 함께 학습: 워밍업, 클리핑, 노트의 "
                          "추천 설정을 직접 확인합니다."),
    "page_eos": ("Edge of stability", "안정성의 경계"),
    "page_eos_blurb": ("Full-batch gradient descent on a real network: the sharpness climbs to 2/η and stays there.",
                       "실제 신경망의 전체 배치 경사 하강법: 샤프니스가 2/η까지 올라가 그 자리에 머뭅니다."),
    "rm_settings": ("Training", "학습"),
    "rm_summary": ("{data}: {n_train} training and {n_test} test examples, {params:,} weights, {steps} steps per epoch.",
                   "{data}: 학습 예제 {n_train}개, 테스트 예제 {n_test}개, 가중치 {params:,}개, 에포크당 {steps} 스텝."),
    "rm_title": ("Real models: the note's advice, tested", "실제 모델: 노트의 조언을 직접 확인하기"),
    "rm_intro": ("The study note ends with advice for each kind of model. Here several optimizers train the same "
                 "small CNN, Transformer or RNN together — same initial weights, same mini-batches — so the "
                 "curves differ only because of the optimizer, its schedule and its clipping.",
                 "공부 노트는 모델 종류별 조언으로 끝납니다. 여기서는 여러 옵티마이저가 같은 작은 CNN, "
                 "트랜스포머, RNN을 함께 학습합니다 — 같은 초기 가중치, 같은 미니배치 — 그래서 곡선의 "
                 "차이는 옵티마이저, 스케줄, 클리핑의 차이뿐입니다."),
    "rm_model": ("Model", "모델"),
    "rm_n_opt": ("Optimizers", "옵티마이저 수"),
    "rm_preset": ("Use the note's recommendations", "노트의 추천 설정 사용"),
    "rm_epochs": ("Epochs", "에포크"),
    "rm_batch": ("Batch size", "배치 크기"),
    "rm_seed": ("Seed", "시드"),
    "rm_schedule": ("Schedule", "스케줄"),
    "rm_sched_none": ("constant", "고정"),
    "rm_sched_warmup": ("linear warm-up (100 steps)", "선형 워밍업 (100 스텝)"),
    "rm_sched_warmup_cosine": ("warm-up (100) + cosine", "워밍업 (100) + 코사인"),
    "rm_sched_cosine": ("cosine", "코사인"),
    "rm_sched_step": ("StepLR (÷10 at half)", "StepLR (절반에서 ÷10)"),
    "rm_clip": ("Clip gradient norm at", "기울기 노름 클리핑 값"),
    "rm_clip_off": ("off", "끔"),
    "rm_loss": ("Training loss per step", "스텝별 학습 손실"),
    "rm_acc": ("Test accuracy per epoch", "에포크별 테스트 정확도"),
    "rm_gradnorm": ("Gradient norm per step (before clipping)", "스텝별 기울기 노름 (클리핑 전)"),
    "rm_lr": ("Learning rate per step", "스텝별 학습률"),
    "rm_claim": ("What the note claims", "노트의 주장"),
    "rm_shows": ("What this run shows", "이 실행이 보여 주는 것"),
    "rm_claim_mlp": ("SGD + momentum and Adam both work; Adam gets there with less tuning.",
                     "SGD + 모멘텀과 Adam 모두 잘 동작하며, Adam은 튜닝이 덜 필요합니다."),
    "rm_claim_cnn": ("CNNs: SGD + momentum with StepLR or cosine decay is the classic recipe; Adam converges fast.",
                     "CNN: SGD + 모멘텀에 StepLR이나 코사인 감쇠가 고전적인 조합이고, Adam은 빠르게 수렴합니다."),
    "rm_claim_transformer": ("Transformers: AdamW, a small lr, weight decay, warm-up then cosine; plain SGD struggles.",
                             "트랜스포머: AdamW, 작은 학습률, 가중치 감쇠, 워밍업 후 코사인; 일반 SGD는 고전합니다."),
    "rm_claim_rnn": ("RNNs: gradients can explode through time — clip the gradient norm.",
                     "RNN: 시간을 거슬러 기울기가 폭발할 수 있으니 기울기 노름을 클리핑하세요."),
    "rm_result_line": ("{label}: test accuracy {acc:.1%}, final training loss {loss:.3g}, largest gradient norm {norm:.3g}",
                       "{label}: 테스트 정확도 {acc:.1%}, 마지막 학습 손실 {loss:.3g}, 가장 큰 기울기 노름 {norm:.3g}"),
    "rm_result_diverged": ("{label}: diverged at step {step} (largest gradient norm {norm:.3g})",
                           "{label}: 스텝 {step}에서 발산 (가장 큰 기울기 노름 {norm:.3g})"),
    "rm_best": ("Best here: {label}.", "이번 실행의 최고: {label}."),
    "rm_honest": ("Runs are what they are: at lr 1e-3 this tiny Transformer also learns without warm-up — warm-up "
                  "only delays its start — while plain SGD lags far behind. Compare the lr 3e-2 pair to see what "
                  "warm-up does at a larger lr.",
                  "실행 결과는 있는 그대로입니다: 학습률 1e-3에서는 이 작은 트랜스포머가 워밍업 없이도 학습합니다 — "
                  "워밍업은 출발을 늦출 뿐입니다 — 반면 일반 SGD는 한참 뒤처집니다. 더 큰 학습률에서 워밍업이 "
                  "하는 일은 학습률 3e-2 두 실행을 비교해 보세요."),
    "rm_bad": ("Could not train with these settings: {error}", "이 설정으로 학습할 수 없습니다: {error}"),
    # Edge of stability page
    "eos_title": ("Edge of stability", "안정성의 경계 (Edge of Stability)"),
    "eos_intro": ("On a quadratic, gradient descent with step η converges only if the curvature L < 2/η (see the "
                  "Learning-rate lab). On a real network trained with full-batch gradient descent, the sharpness — "
                  "the largest eigenvalue of the loss Hessian — first rises (progressive sharpening), then stops at "
                  "2/η and hovers there while the loss keeps falling, with small bumps (Cohen et al., ICLR 2021). "
                  "The same law, enforced by the training itself.",
                  "이차 함수에서 스텝 η의 경사 하강법은 곡률 L < 2/η일 때만 수렴합니다(학습률 실험실 참고). "
                  "실제 신경망을 전체 배치 경사 하강법으로 학습하면 샤프니스(손실 헤시안의 가장 큰 고윳값)가 먼저 "
                  "커지다가(점진적 샤프닝) 2/η에서 멈추어 그 근처를 맴돌고, 손실은 작은 출렁임과 함께 계속 "
                  "줄어듭니다(Cohen 외, ICLR 2021). 같은 법칙을 학습이 스스로 지키는 것입니다."),
    "eos_lrs": ("Learning rates η", "학습률 η"),
    "eos_steps": ("Steps", "스텝 수"),
    "eos_every": ("Sharpness every … steps", "샤프니스 측정 간격 (스텝)"),
    "eos_sharpness": ("Sharpness (top Hessian eigenvalue) and 2/η", "샤프니스(헤시안 최대 고윳값)와 2/η"),
    "eos_loss": ("Full-batch training loss", "전체 배치 학습 손실"),
    "eos_threshold": ("2/η = {v:.3g}", "2/η = {v:.3g}"),
    "eos_progress": ("Gradient descent with η = {lr:g}: step {step} / {steps}",
                     "η = {lr:g}인 경사 하강법: 스텝 {step} / {steps}"),
    "eos_result": ("η = {lr:g}: sharpness {start:.3g} → median {median:.3g} over the last third ({ratio:.0%} of 2/η = "
                   "{thr:.3g}); loss {l0:.3g} → {l1:.3g}, rose on {ups} steps",
                   "η = {lr:g}: 샤프니스 {start:.3g} → 마지막 1/3 중앙값 {median:.3g} (2/η = {thr:.3g}의 {ratio:.0%}); "
                   "손실 {l0:.3g} → {l1:.3g}, {ups}개 스텝에서 증가"),
    "eos_diverged": ("η = {lr:g}: diverged at step {step}", "η = {lr:g}: 스텝 {step}에서 발산"),
    "eos_setup": ("Network: tanh MLP {sizes} on {n} digits, squared error against one-hot labels, full batch, float64; "
                  "sharpness by Lanczos on Hessian-vector products (double backward).",
                  "신경망: 손글씨 숫자 {n}개 위의 tanh MLP {sizes}, 원-핫 레이블과의 제곱 오차, 전체 배치, float64; "
                  "샤프니스는 헤시안-벡터 곱(이중 역전파)에 대한 Lanczos로 계산합니다."),
    "eos_link": ("The 2/L bound on quadratics: Learning-rate lab", "이차 함수의 2/L 경계: 학습률 실험실"),
    "eos_bad": ("Could not run with these settings: {error}", "이 설정으로 실행할 수 없습니다: {error}"),
}
