"""What the page says when a shared link holds a value it cannot use."""
STRINGS = {
    "link_notice": ("Some values in this link could not be used as they were:",
                    "이 링크의 일부 값은 그대로 쓸 수 없었습니다:"),
    "link_out_of_range": ("outside the range {low} … {high}", "허용 범위 {low} … {high} 밖"),
    "link_not_number": ("not a number", "숫자가 아님"),
    "link_not_choice": ("not one of the choices", "선택지에 없음"),
    "link_not_switch": ("not on or off (1 or 0)", "켜기/끄기 값이 아님 (1 또는 0)"),
    "link_bad_text": ("contains control characters", "제어 문자가 들어 있음"),
    "link_too_long": ("too long", "너무 김"),
    "link_unsupported": ("cannot be set from a link", "링크로 정할 수 없음"),
    "link_query_too_long": ("the link is too long; this setting was not read",
                            "링크가 너무 길어 이 설정은 읽지 않음"),
    "link_on": ("on", "켜짐"),
    "link_off": ("off", "꺼짐"),
    "link_using": ("— showing {value}", "— 대신 {value}"),
}
