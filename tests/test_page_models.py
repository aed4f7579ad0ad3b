"""The "Real models" and "Edge of stability" pages in AppTest: charts equal independent library runs
with the same settings, the preset button, divergence marked, bad URL values, Korean."""
from functools import partial

import numpy as np
import pytest

import optviz
from optviz.nets.models import MODEL_SPECS, recipe_schedule
from tests import apptest
from tests.apptest import charts
from ui import training

MODELS_PAGE = "views/real_models.py"
EOS_PAGE = "views/edge_of_stability.py"
open_models = partial(apptest.open_page, MODELS_PAGE, timeout=240, direct=True)
open_eos = partial(apptest.open_page, EOS_PAGE, timeout=240, direct=True)


def recommended_run(model, epochs):
    spec = MODEL_SPECS[model]
    data = training.data_for(model, 0)
    total = epochs * -(-data.n_train // spec.batch_size)
    rec = spec.recommended
    return optviz.train(data, [optviz.optimizer(n, **h) for n, h, _, _ in rec], model=model, epochs=epochs,
                        schedule=[recipe_schedule(r, total) for _, _, r, _ in rec],
                        clip_grad_norm=[c for _, _, _, c in rec])


def test_transformer_page_shows_what_train_returns():
    at = open_models(rmtransformerep="2")
    specs = charts(at)
    assert set(specs) == {"rm_acc", "rm_loss", "rm_gradnorm", "rm_lr"}
    ref = recommended_run("transformer", 2)
    train = [d for d in specs["rm_acc"]["data"] if d.get("meta", {}).get("split") == "train"]
    assert len(train) == len(MODEL_SPECS["transformer"].recommended)
    for k, d in enumerate(train):
        np.testing.assert_allclose(d["y"], [ref.initial_train_accuracy, *ref.train_accuracy[k]], rtol=1e-3)
    lr = [d for d in specs["rm_lr"]["data"] if d["mode"] == "lines"]
    np.testing.assert_allclose(lr[0]["y"][:2], ref.lrs[0, :2], rtol=1e-3)       # warm-up starts at 1 % of lr
    assert lr[0]["y"][0] == pytest.approx(1e-5, rel=1e-3)
    text = " ".join(m.value for m in at.markdown)
    assert "AdamW(lr=0.001) · warm-up (100) + cosine" in text
    assert f"{ref.test_accuracy[0, -1]:.1%}" in text
    runs = training.runs
    at.run()                                                                    # a rerun is a cache hit
    assert training.runs == runs and not at.exception


def test_rnn_without_clipping_diverges_and_is_marked():
    at = open_models(rmmodel="rnn", rmrnnep="2")
    specs = charts(at)
    marks = [d for d in specs["rm_gradnorm"]["data"] if d.get("name") == "diverged"]
    ref = recommended_run("rnn", 2)
    assert ref.diverged_at[0] >= 0 and ref.diverged_at[1] == -1
    assert [m["meta"]["diverged_at"] for m in marks] == [int(ref.diverged_at[0])]
    assert f"diverged at step {int(ref.diverged_at[0])}" in " ".join(m.value for m in at.markdown)


def test_preset_button_restores_the_recommendations():
    at = open_models(rmmodel="cnn", rmcnnep="1", rmcnnk="1")
    assert at.slider(key="w:rmcnnk").value == 1
    at.button[0].click().run()
    apptest.ok(at, "preset")
    rec = MODEL_SPECS["cnn"].recommended
    assert at.slider(key="w:rmcnnk").value == len(rec)
    assert at.selectbox(key="w:rmcnns1").value == rec[1][2] == "step"
    assert at.selectbox(key="w:rmcnn2n").value == "adam"


def test_bad_url_values_and_korean_do_not_crash():
    at = open_models(lang="ko", rmmodel="nonsense", rmtransformerep="1", rmtransformerk="99",
                     rmtransformerc0="-5", rmtransformers0="bogus", rmseed="-4")
    assert at.title[0].value.startswith("🤖 실제 모델")
    at = open_eos(lang="ko", eoslrs="abc,0.3", eossteps="200", eosevery="x")
    assert "안정성의 경계" in at.title[0].value


def test_out_of_range_link_values_are_clamped_and_named():
    """Epochs, the number of optimizers and the seed from a link outside their widgets' ranges: each is
    brought to the nearest end of its range and named in the link's notice; the rest of the link stays."""
    at = open_models(rmmodel="cnn", rmcnnep="-5", rmcnnk="99", rmseed="-4", rmcnnbs="64")
    assert at.slider(key="w:rmcnnep").value == 1
    assert at.slider(key="w:rmcnnk").value == 6
    assert at.number_input(key="w:rmseed").value == 0
    assert at.select_slider(key="w:rmcnnbs").value == 64
    notice = " ".join(w.value for w in at.warning)
    for raw in ("rmcnnep=-5", "rmcnnk=99", "rmseed=-4"):
        assert raw in notice, notice
    assert "rmcnnbs" not in notice
    at = open_eos(eosseed="123456", eossteps="200")
    assert at.number_input(key="w:eosseed").value == 10_000
    assert "eosseed=123456" in " ".join(w.value for w in at.warning)


def test_edge_of_stability_page_matches_the_library():
    at = open_eos(eoslrs="0.3,0.5", eossteps="200", eosevery="25")
    specs = charts(at)
    ref = optviz.edge_of_stability(lrs=(0.3, 0.5), steps=200, every=25)
    lines = [d for d in specs["eos_sharpness"]["data"] if "lr" in d.get("meta", {})]
    thresholds = [d["meta"]["threshold"] for d in specs["eos_sharpness"]["data"] if "threshold" in d.get("meta", {})]
    assert thresholds == pytest.approx([2 / 0.3, 2 / 0.5])
    for i, d in enumerate(lines):
        assert d["x"] == ref.check_steps.tolist()
        np.testing.assert_allclose(d["y"], ref.sharpness[i], rtol=1e-3)
    assert len(specs["eos_loss"]["data"]) == 2
    assert any(link.proto.page.endswith("lr_lab.py") or "lr_lab" in link.proto.page
               for link in at.get("page_link"))
