"""Comments in the PyTorch code panels read Korean in Korean mode; the code itself is unchanged."""
import re

import optviz
from optviz.torch_code import network_code
from optviz.i18n.code_comments import _comment_start, localize_code

HANGUL = re.compile("[가-힣]")


def _comments(code: str) -> list[str]:
    return [line[i + 1:].strip() for line in code.split("\n") if (i := _comment_start(line)) >= 0]


def test_network_code_comments_are_translated_and_code_kept():
    data = optviz.dataset("moons", n_samples=200, seed=0)
    code = "\n".join(network_code(data, [optviz.optimizer("adam", lr=1e-3)], hidden=(8,), epochs=2, clip_grad_norm=1.0,
                                  schedule=optviz.schedule("steplr", step_size=5)))
    ko = localize_code(code, "ko")
    assert localize_code(code, "en") == code
    assert _comments(code) and all(HANGUL.search(c) for c in _comments(ko)), _comments(ko)
    strip = lambda s: [line[:i] if (i := _comment_start(line)) >= 0 else line for line in s.split("\n")]  # noqa: E731
    assert strip(ko) == strip(code)


def test_numbers_and_strings_survive():
    code = ('x = 1  # N = 500 examples; batch_size=1 is SGD, batch_size=len(dataset) is batch gradient descent\n'
            's = "# not a comment"\n'
            'dist.init_process_group("nccl")  # "gloo" on CPUs')
    ko = localize_code(code, "ko").split("\n")
    assert "N = 500개 샘플" in ko[0] and ko[0].startswith("x = 1  # ")
    assert ko[1] == 's = "# not a comment"'
    assert ko[2] == 'dist.init_process_group("nccl")  # CPU에서는 "gloo"'
    assert localize_code("y = 2  # an unknown remark", "ko") == "y = 2  # an unknown remark"
