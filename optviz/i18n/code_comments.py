"""Korean for the comments inside the PyTorch code panels: the code stays, the `# …` prose is translated.

COMMENTS: (regular expression matching the whole English comment, Korean with \\1, \\2 … for its groups).
`localize_code(code, "ko")` rewrites every comment line it recognises; unknown comments stay English.
"""
from __future__ import annotations

import re

STRINGS: dict = {}

_N = r"([-+0-9.e]+)"
COMMENTS = [
    # batch size & noise
    (rf"N = {_N} examples; batch_size=1 is SGD, batch_size=len\(dataset\) is batch gradient descent",
     r"N = \1개 샘플; batch_size=1이면 SGD, batch_size=len(dataset)이면 배치 경사 하강법"),
    (r"your network", "여러분의 신경망"),
    (r"N / B steps per epoch", "에포크마다 N / B 스텝"),
    (rf"this page: g = grad_f\(theta\) \+ noise \* sqrt\(\(N - B\) / \(B \* \(N - 1\)\)\) \* torch.randn\(2\)   \(noise = {_N}\)",
     r"이 페이지: g = grad_f(theta) + noise * sqrt((N - B) / (B * (N - 1))) * torch.randn(2)   (noise = \1)"),
    # clipping / playground
    (r"clip by norm, or", "노름 기준 클리핑, 또는"),
    (r"clip by value", "값 기준 클리핑"),
    (r"each step, before optimizer.step\(\):", "매 스텝, optimizer.step() 전에:"),
    # data parallel
    (r"launch: torchrun --nproc_per_node=K train.py   \(one process per GPU\)",
     "실행: torchrun --nproc_per_node=K train.py   (GPU마다 프로세스 하나)"),
    (r'"gloo" on CPUs', 'CPU에서는 "gloo"'),
    (r"same start on every rank; gradients all-reduced in backward", "모든 랭크가 같은 값에서 시작; 역전파에서 기울기를 all-reduce"),
    (r"disjoint shard per rank", "랭크마다 겹치지 않는 조각"),
    (r"B per GPU, K·B per step", "GPU마다 B, 스텝마다 K·B"),
    (r"linear scaling rule", "선형 스케일링 규칙"),
    (r"a different shuffle every epoch", "에포크마다 다른 섞기"),
    (r"all-reduce: every rank now holds the mean gradient", "all-reduce: 이제 모든 랭크가 평균 기울기를 가짐"),
    (r"identical step on every replica", "모든 복제본에서 똑같은 스텝"),
    # inside
    (r"the gradient you typed", "입력한 기울기"),
    (r"momentum_buffer / exp_avg / exp_avg_sq / …", "momentum_buffer / exp_avg / exp_avg_sq / …"),
    (r"torch always corrects both moments:", "torch는 두 모멘트를 항상 보정합니다:"),
    (r"λθ added to the gradient", "λθ를 기울기에 더함"),
    (r"θ ← θ\(1 − lr·λ\), then Adam", "θ ← θ(1 − lr·λ), 그다음 Adam"),
    # learning-rate lab
    (r"too small, good, too big", "너무 작게, 적당하게, 너무 크게"),
    # mixed precision
    (r"loss factor: shrinks every gradient, as in large models", "손실 배율: 큰 모델에서처럼 모든 기울기를 작게 만듦"),
    (r"matmuls in float16, loss in float32", "행렬곱은 float16, 손실은 float32"),
    (r"backward of S·loss: gradients S times larger in float16", "S·loss의 역전파: float16에서 기울기가 S배 커짐"),
    (r"grads ÷ S in float32; skipped if any is inf/NaN", "float32에서 기울기 ÷ S; inf/NaN이 있으면 건너뜀"),
    (r"S × backoff_factor after an overflow, × growth_factor after", "오버플로 뒤에는 S × backoff_factor, 깨끗한 스텝이"),
    (r"growth_interval clean steps", "growth_interval번 이어지면 × growth_factor"),
    (r"without loss scaling: loss.backward\(\); optimizer.step\(\)   \(tiny gradients underflow to 0\)",
     "손실 스케일링 없이: loss.backward(); optimizer.step()   (작은 기울기가 0으로 언더플로)"),
    (r"bfloat16 needs no scaler: torch.autocast\(device, dtype=torch.bfloat16\)",
     "bfloat16에는 스케일러가 필요 없음: torch.autocast(device, dtype=torch.bfloat16)"),
    # real network, LR range test
    (r"only for the data set", "데이터셋에만 사용"),
    (r"the same initial weights for every optimizer", "모든 옵티마이저가 같은 초기 가중치"),
    (r"the same mini-batches for every optimizer", "모든 옵티마이저가 같은 미니배치"),
    (r"bias-corrected moving average", "편향 보정한 이동 평균"),
    (r"the loss blew up: stop", "손실이 폭발함: 중단"),
    (r"a new epoch: a new shuffle", "새 에포크: 새로 섞기"),
    # schedules
    (r"keeps the lr constant", "학습률을 고정"),
    (r"(\w+): the function you gave optviz", r"\1: optviz에 준 함수"),
    (r"torch's SequentialLR refuses ReduceLROnPlateau: step by hand after each optimizer.step\(\) \(k = 0, 1, …\)",
     "torch의 SequentialLR은 ReduceLROnPlateau를 받지 않음: 매 optimizer.step() 뒤에 직접 step (k = 0, 1, …)"),
    (r"hand-over", "넘겨주기"),
]
_COMPILED = [(re.compile(p + r"\s*$"), ko) for p, ko in COMMENTS]


def _comment_start(line: str) -> int:
    """Index of the `#` that starts a comment (outside string literals), or −1."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            return i
    return -1


def localize_code(code: str, lang: str) -> str:
    """`code` with its recognised comments in `lang` (English: unchanged)."""
    if lang != "ko":
        return code
    out = []
    for line in code.split("\n"):
        i = _comment_start(line)
        if i >= 0:
            head, text = line[:i + 1], line[i + 1:]
            lead = text[:len(text) - len(text.lstrip())]
            for pat, ko in _COMPILED:
                m = pat.fullmatch(text.strip())
                if m:
                    line = head + lead + m.expand(ko)
                    break
        out.append(line)
    return "\n".join(out)
