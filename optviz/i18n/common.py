"""Words used on every page."""
STRINGS = {
    "app_title": ("optviz — optimizers you can see", "optviz — 눈으로 보는 옵티마이저"),
    "language": ("Language", "언어"),
    "step": ("step", "스텝"),
    "loss": ("loss", "손실"),
    "loss_gap": ("loss − minimum (log)", "손실 − 최솟값 (로그)"),
    "loss_symlog": ("loss (symmetric log)", "손실 (대칭 로그)"),
    "z_log_gap": ("log₁₀(loss − minimum + 1)", "log₁₀(손실 − 최솟값 + 1)"),
    "z_log_low": ("log₁₀(loss − lowest + 1)", "log₁₀(손실 − 가장 낮은 값 + 1)"),
    "diverged_mark": ("✖ diverged at step {step}", "✖ 스텝 {step}에서 발산"),
    "short_momentum": ("momentum", "모멘텀"),
    "short_nesterov": ("Nesterov", "네스테로프"),
    "left_mark": ("{arrow} left the view at step {step}", "{arrow} 스텝 {step}에서 화면 밖으로 나감"),
    "learning_rate": ("learning rate", "학습률"),
    "minimum": ("minimum", "최솟값"),
    "start": ("start", "시작점"),
    "play": ("Play", "재생"),
    "pause": ("Pause", "정지"),
    "left_view": ("left the view at step {step}", "스텝 {step}에서 화면 밖으로 나감"),
    "diverged_at": ("diverged at step {step}", "스텝 {step}에서 발산"),
    "diverged": ("diverged", "발산"),
    "converged": ("converged", "수렴"),
    "pytorch_code": ("PyTorch code for these settings", "이 설정을 재현하는 PyTorch 코드"),
    "share_link": ("The address bar holds every setting: copy it to share this exact view.",
                   "주소창에 모든 설정이 담겨 있습니다. 그대로 복사해 공유하면 같은 화면이 열립니다."),
    "invalid_setting": ("This setting is not valid: {msg}", "유효하지 않은 설정입니다: {msg}"),
}
STRINGS.update({
    "optimizer": ("Optimizer", "옵티마이저"),
    "more_hyper": ("More hyperparameters", "추가 하이퍼파라미터"),
})
STRINGS.update({
    "surface": ("Surface", "손실 곡면"),
    "formula": ("Formula f(x, y)", "수식 f(x, y)"),
    "formula_help": ("Use x, y, numbers, + - * / ** and sin cos tan exp log sqrt abs tanh sinh cosh arctan arcsin arccos sigmoid, pi, e.",
                     "x, y, 숫자, + - * / ** 와 sin cos tan exp log sqrt abs tanh sinh cosh arctan arcsin arccos sigmoid, pi, e 를 쓸 수 있습니다."),
    "domain_min": ("Domain min", "영역 최솟값"),
    "domain_max": ("Domain max", "영역 최댓값"),
    "schedule": ("LR schedule", "학습률 스케줄"),
    "warmup_steps": ("Linear warm-up steps (0 = none)", "선형 워밍업 스텝 (0 = 없음)"),
})
STRINGS.update({
    "running": ("still moving", "진행 중"),
})
STRINGS.update({
})
STRINGS.update({
    "csv_help": ("Every step of every path: x, y, loss, lr, gradient norm.", "모든 경로의 모든 스텝: x, y, 손실, 학습률, 기울기 노름."),
    "gif_help": ("The animation as a GIF, ready for slides.", "슬라이드에 넣을 수 있는 GIF 애니메이션."),
    "png_help": ("PNG: the 📷 button on each chart.", "PNG: 각 차트의 📷 버튼."),
})
STRINGS.update({
    "set_value": ("set {name} (off = torch's automatic default)", "{name} 직접 설정 (끄면 torch의 자동 기본값)"),
})
