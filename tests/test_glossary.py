"""One Korean vocabulary: every Korean string uses the glossary's word for each concept."""
import re

from optviz.i18n import TEXT
from optviz.i18n.glossary import GLOSSARY, violations


def test_every_korean_string_uses_the_glossary():
    bad = {k: violations(v["ko"]) for k, v in TEXT.items() if violations(v["ko"])}
    assert not bad, bad


def test_the_check_catches_variants_and_spares_code():
    assert {c for c, _ in violations("그래디언트 클리핑, 3 에폭, norm 기준, 웜업 스텝")} == {
        "gradient", "epoch", "norm", "warmup"}
    assert violations("gradient 크기") and violations("plain SGD와")
    assert not violations("`clip_grad_norm_`, weight_decay=0.01, {epoch} / {epochs}, max_norm, with_warmup(s, 5)")
    assert not violations("기울기 노름, 에포크, 워밍업, 학습률, 모멘텀, 가중치 감쇠, 기본 SGD")
    assert not violations("momentum (모멘텀)") and violations("momentum 값") and violations("momentum (운동량)")


def test_glossary_terms_are_the_notes_words():
    note = {"gradient": "기울기", "epoch": "에포크", "learning_rate": "학습률", "momentum": "모멘텀",
            "weight_decay": "가중치 감쇠", "warmup": "워밍업", "norm": "노름"}
    assert {c: GLOSSARY[c][1] for c in note} == note
    for concept, (_, ko, variants) in GLOSSARY.items():
        assert not any(re.search(v, ko) for v in variants), concept
