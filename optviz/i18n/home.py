"""Home page strings."""
STRINGS = {
    "home_intro": (
        "Every optimizer here is a few lines of numpy that match `torch.optim` to the last digit — "
        "the tests check them against torch itself. Pick a page on the left, move a slider, and watch "
        "what SGD, momentum, RMSprop, Adam and a dozen others actually do.",
        "여기의 모든 옵티마이저는 `torch.optim`과 마지막 자릿수까지 같은 결과를 내는 짧은 numpy 코드이며, "
        "테스트가 torch와 직접 비교해 확인합니다. 왼쪽에서 페이지를 고르고 슬라이더를 움직여 SGD, 모멘텀, "
        "RMSprop, Adam 등이 실제로 어떻게 움직이는지 보세요."),
    "home_example": ("A long narrow valley: SGD zig-zags, momentum rolls through, Adam rescales",
                     "길고 좁은 골짜기: SGD는 지그재그, 모멘텀은 굴러 내려가고, Adam은 축별로 보폭을 맞춥니다"),
    "home_example_caption": (
        "Press ▶ to animate. Same learning rate for both SGD runs: momentum's velocity cancels the "
        "side-to-side steps and adds up along the valley.",
        "▶를 눌러 재생하세요. 두 SGD의 학습률은 같습니다. 모멘텀의 속도가 좌우 진동은 상쇄하고 "
        "골짜기 방향으로는 누적됩니다."),
    "home_pages": ("Pages", "페이지"),
}
