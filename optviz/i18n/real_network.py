"""The "Real network" page."""
STRINGS = {
    "rn_data": ("Data", "데이터"),
    "rn_dataset": ("Data set", "데이터셋"),
    "rn_n_samples": ("Points (generated sets)", "점 개수 (생성 데이터)"),
    "rn_noise": ("Noise", "노이즈"),
    "rn_network": ("Network", "신경망"),
    "rn_layers": ("Hidden layers", "은닉층 수"),
    "rn_width": ("Width of hidden layer {i}", "은닉층 {i}의 너비"),
    "rn_activation": ("Activation", "활성화 함수"),
    "rn_training": ("Training", "학습"),
    "rn_epochs": ("Epochs (≤ 100)", "에포크 (≤ 100)"),
    "rn_batch": ("Batch size", "배치 크기"),
    "rn_schedule_clip": ("Schedule and clipping", "스케줄과 클리핑"),
    "rn_schedule_unit": ("scheduler.step() after every", "scheduler.step() 호출 단위"),
    "rn_unit_step": ("mini-batch", "미니배치마다"),
    "rn_unit_epoch": ("epoch", "에포크마다"),
    "rn_stop": ("Stop training", "학습 멈추기"),
    "rn_stopped": ("Training stopped. Change a setting, or train these settings again.",
                   "학습을 멈췄습니다. 설정을 바꾸거나 이 설정으로 다시 학습하세요."),
    "rn_train": ("Train", "학습하기"),
    "rn_coincide": (
        "{b}'s curve lies on {a}'s (drawn with open circles): the two took the same steps.",
        "{b}의 곡선이 {a}의 곡선과 겹칩니다(빈 원으로 표시): 두 옵티마이저가 같은 스텝을 밟았습니다."),
    "rn_coincide_adamw": (
        "AdamW with weight_decay 0 is Adam; raise weight_decay to see them part.",
        "weight_decay가 0인 AdamW는 Adam과 같습니다. weight_decay를 키우면 갈라집니다."),
    "rn_progress": ("Training {k} optimizers: epoch {epoch} / {epochs}", "옵티마이저 {k}개 학습 중: 에포크 {epoch} / {epochs}"),
    "rn_cached": ("These results are cached: changing how they are shown does not retrain; changing a setting in "
                  "the sidebar trains again (with live curves).",
                  "결과는 캐시됩니다. 보기 옵션을 바꿔도 다시 학습하지 않고, 사이드바 설정을 바꾸면 다시 "
                  "학습합니다(실시간 곡선과 함께)."),
    "rn_summary": ("{n_train} training and {n_test} test examples, {features} features, {classes} classes; "
                   "{params:,} weights per network, {steps} steps per epoch.",
                   "학습 예제 {n_train}개, 테스트 예제 {n_test}개, 특성 {features}개, 클래스 {classes}개; "
                   "신경망당 가중치 {params:,}개, 에포크당 {steps} 스텝."),
    "rn_curves_title": ("Loss and accuracy per epoch", "에포크별 손실과 정확도"),
    "rn_curves_caption": ("Solid: training set; dotted: test set. Epoch 0 is the shared initial network. "
                          "A gap that opens between the two is overfitting.",
                          "실선: 학습 데이터, 점선: 테스트 데이터. 에포크 0은 모든 옵티마이저가 공유하는 초기 신경망입니다. "
                          "두 선 사이가 벌어지면 과적합입니다."),
    "rn_epoch": ("epoch", "에포크"),
    "rn_accuracy": ("accuracy", "정확도"),
    "rn_train": ("train", "학습"),
    "rn_test": ("test", "테스트"),
    "rn_loss_title": ("Cross-entropy loss", "교차 엔트로피 손실"),
    "rn_acc_title": ("Accuracy", "정확도"),
    "rn_diverged_at": ("diverged at step {step}", "스텝 {step}에서 발산"),
    "rn_steps_title": ("Step by step", "스텝 단위로 보기"),
    "rn_steps_what": ("Per step", "스텝별 값"),
    "rn_what_loss": ("mini-batch loss", "미니배치 손실"),
    "rn_what_grad_norm": ("gradient norm (before clipping)", "기울기 노름 (클리핑 전)"),
    "rn_what_lr": ("learning rate", "학습률"),
    "rn_log_y": ("Log scale", "로그 스케일"),
    "rn_col_optimizer": ("optimizer", "옵티마이저"),
    "rn_col_train_loss": ("train loss", "학습 손실"),
    "rn_col_test_loss": ("test loss", "테스트 손실"),
    "rn_col_train_acc": ("train accuracy", "학습 정확도"),
    "rn_col_test_acc": ("test accuracy", "테스트 정확도"),
    "rn_col_status": ("status", "상태"),
    "rn_status_ok": ("trained", "학습 완료"),
    "rn_boundary_title": ("Decision boundaries", "결정 경계"),
    "rn_boundary_caption": ("Colour: the predicted class, paler where the network is less sure. Dots: the test set, "
                            "coloured by their true class.",
                            "색: 예측한 클래스, 신경망이 덜 확신할수록 옅어집니다. 점: 테스트 데이터(실제 클래스 색)."),
    "rn_boundary_epoch": ("Boundary after epoch", "경계를 볼 에포크"),
    "rn_confusion_title": ("Confusion matrix (test set)", "혼동 행렬 (테스트 데이터)"),
    "rn_confusion_which": ("Optimizer", "옵티마이저"),
    "rn_confusion_caption": ("Row: the true class; column: the predicted one. The diagonal counts the {right} of "
                             "{total} test examples it got right.",
                             "행: 실제 클래스, 열: 예측한 클래스. 대각선은 테스트 예제 {total}개 중 맞힌 {right}개입니다."),
    "rn_true": ("true class", "실제 클래스"),
    "rn_predicted": ("predicted class", "예측 클래스"),
    "rn_landscape_title": ("Loss landscape with the optimizers' paths", "손실 지형과 옵티마이저의 경로"),
    "rn_landscape_show": ("Compute the loss landscape", "손실 지형 계산하기"),
    "rn_landscape_method": ("Plane", "평면"),
    "rn_method_pca": ("PCA of the paths", "경로의 PCA"),
    "rn_method_random": ("random (filter-normalised)", "무작위 (필터 정규화)"),
    "rn_landscape_n": ("Grid points per side (≤ {n} for this network)", "한 변의 격자 점 수 (이 신경망은 ≤ {n})"),
    "rn_landscape_span": ("Span", "범위"),
    "rn_landscape_caption_pca": ("Training loss on the plane through {centre} spanned by the two directions along "
                                 "which the weights moved most ({e1:.0%} and {e2:.0%} of the paths' variance). "
                                 "Each path is one optimizer's weights after each snapshot epoch, projected onto that "
                                 "plane; all start at the same ●.",
                                 "{centre}을(를) 지나며 가중치가 가장 많이 움직인 두 방향(경로 분산의 {e1:.0%}, {e2:.0%})이 "
                                 "만드는 평면 위의 학습 손실입니다. 각 경로는 스냅샷 에포크마다의 가중치를 이 평면에 "
                                 "투영한 것이며, 모두 같은 ●에서 출발합니다."),
    "rn_landscape_caption_random": ("Training loss on a random plane through {centre} (filter-normalised directions, "
                                    "Li et al. 2018). Random directions are nearly orthogonal to the paths, so the "
                                    "projected paths are short: this view shows the shape of the minimum, not the "
                                    "journey.",
                                    "{centre}을(를) 지나는 무작위 평면(필터 정규화 방향, Li et al. 2018) 위의 학습 손실입니다. "
                                    "무작위 방향은 경로와 거의 직교하므로 투영된 경로가 짧습니다: 여정이 아니라 최솟값의 "
                                    "모양을 보여줍니다."),
    "rn_centre": ("the final weights of {label}", "{label}의 최종 가중치"),
    "rn_direction": ("direction {i}", "방향 {i}"),
    "rn_log_loss": ("log₁₀ loss", "log₁₀ 손실"),
    "rn_start": ("shared start", "공통 시작점"),
    "rn_notice_title": ("What to notice", "눈여겨볼 점"),
    "rn_notice": (
        "- **Adam and AdamW fall fastest with almost no tuning.** Each weight gets its own step size from the running "
        "size of its gradient, the same effect that lets Adam walk straight down the ravine in the Playground.\n"
        "- **SGD with momentum is slower at first but often generalises as well or better.** Watch the test curves "
        "(dotted), not only the training ones: the note's advice for vision models is SGD + momentum with weight "
        "decay.\n"
        "- **Plain SGD is the slowest and the most sensitive to its lr.** Push its lr to 10: the loss explodes within "
        "a few steps and the run is marked as diverged, just like a too-big lr on a 2-D bowl.\n"
        "- **AdamW** applies weight decay directly to the weights instead of through the gradient; it is the usual "
        "choice for transformers (about lr = 3e-4, weight_decay = 0.01).\n"
        "- Every optimizer starts from the same weights and sees the same mini-batches in the same order, so the "
        "curves differ only because the update rules differ. The colours are the same as on every 2-D page.",
        "- **Adam과 AdamW는 거의 튜닝 없이 가장 빨리 내려갑니다.** 가중치마다 기울기 크기의 이동 평균으로 자기 보폭을 "
        "정하기 때문입니다. 플레이그라운드에서 Adam이 협곡을 곧장 내려가던 것과 같은 효과입니다.\n"
        "- **모멘텀 SGD는 처음엔 느리지만 일반화는 비슷하거나 더 좋은 경우가 많습니다.** 학습 곡선만 보지 말고 테스트 "
        "곡선(점선)을 보세요. 노트도 비전 모델에는 가중치 감쇠를 곁들인 모멘텀 SGD를 권합니다.\n"
        "- **기본 SGD는 가장 느리고 학습률에 가장 민감합니다.** 학습률을 10으로 올려 보세요. 몇 스텝 만에 손실이 "
        "폭발하고 발산으로 표시됩니다. 2차원 그릇에서 학습률이 너무 클 때와 똑같습니다.\n"
        "- **AdamW**는 가중치 감쇠를 기울기를 거치지 않고 가중치에 직접 적용합니다. 트랜스포머에서 보통 이것을 씁니다"
        "(대략 lr = 3e-4, weight_decay = 0.01).\n"
        "- 모든 옵티마이저는 같은 초기 가중치에서 출발해 같은 미니배치를 같은 순서로 봅니다. 그래서 곡선의 차이는 "
        "오직 업데이트 규칙의 차이입니다. 색은 모든 2차원 페이지와 같습니다."),
    "rn_links": ("The same ideas on 2-D surfaces, where every step can be seen:",
                 "모든 스텝을 눈으로 볼 수 있는 2차원 곡면에서 같은 개념을 확인해 보세요:"),
    "rn_no_optimizer": ("Choose at least one optimizer.", "옵티마이저를 하나 이상 고르세요."),
}
