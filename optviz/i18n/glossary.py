"""One Korean word per concept, matching the study note where it has one.

GLOSSARY: concept → (English, Korean, variants that must not appear in Korean text). The variants are
regular expressions; English words count only as words of prose (not inside code such as
`clip_grad_norm_`, `weight_decay=` or a `{placeholder}`), nor
an English keyword followed by its Korean word in brackets ("momentum (모멘텀)"). tests/test_glossary.py checks every Korean string.
"""
import re

def _word(w: str) -> str:
    """An English word of prose: not part of an identifier, a `code span` or a {placeholder}."""
    return r"(?<![A-Za-z0-9_`{(./-])" + w + r"(?![A-Za-z0-9_`}=(-])"

GLOSSARY = {
    "gradient": ("gradient", "기울기", ("그래디언트", "그라디언트", "경사값", _word("gradients?"))),
    "epoch": ("epoch", "에포크", ("에폭", "에포치", _word("epochs?"))),
    "learning_rate": ("learning rate", "학습률", ("학습율", "러닝 ?레이트", _word("learning rates?"))),
    "momentum": ("momentum", "모멘텀", ("운동량", _word("momentum"))),
    "weight_decay": ("weight decay", "가중치 감쇠", ("가중치 감소", "웨이트 디케이", _word("weight decay"))),
    "warmup": ("warm-up", "워밍업", ("웜업", "웜 업", "워밍 업", "워엄업", _word("warm-?up"))),
    "norm": ("norm", "노름", ("(?<![가-힣])놈(?![가-힣])", _word("norm"))),
    "plain_sgd": ("plain SGD", "기본 SGD", ("plain SGD", "단순 SGD", "순수 SGD", "순수한 SGD")),
    "mini_batch": ("mini-batch", "미니배치", ("미니 배치", _word("mini-?batch"))),
    "bias_correction": ("bias correction", "편향 보정", ("바이어스 보정", "bias 보정")),
    "schedule": ("schedule", "스케줄", ("스케쥴",)),
    "optimizer": ("optimizer", "옵티마이저", ("옵티마이져", "최적화기")),
    "loss": ("loss", "손실", ("로스(?!트)",)),
}

VARIANTS = {concept: [re.compile(v) for v in entry[2]] for concept, entry in GLOSSARY.items()}

STRINGS = {f"term_{concept}": (en, ko) for concept, (en, ko, _) in GLOSSARY.items()}


def violations(text: str) -> list[tuple[str, str]]:
    """(concept, offending text) for every non-glossary variant in the Korean `text`."""
    out = []
    for concept, pats in VARIANTS.items():
        glossed = f" ({GLOSSARY[concept][1]}"       # "momentum (모멘텀)": a keyword with its Korean word
        for p in pats:
            out += [(concept, m.group(0)) for m in p.finditer(text) if not text.startswith(glossed, m.end())]
    return out
