"""Direction in the review app's right-to-left interfaces: lists keep their bullets and
numbers on the page's side and count in the interface language's digits, and codes that
read left to right are isolated one by one."""

from __future__ import annotations

import re

import pyotp
import pytest

from translate_letter.languages import profile


@pytest.mark.parametrize("lang", ["fa", "ar", "fr"])
def test_two_factor_steps_count_in_the_interface_digits_and_codes_keep_the_page_side(
        sign_in, lang) -> None:
    farid = sign_in("farid")
    switched = farid.client.post("/language", data={
        "lang": lang, "next": "/account/two-factor", "csrf_token": farid.csrf})
    assert switched.status_code == 303
    page = farid.client.get("/account/two-factor").text
    assert f'<html lang="{lang}" dir="{profile(lang).direction}">' in page
    counter = profile(lang).counter_style()
    assert counter == {"fa": "persian", "ar": "decimal", "fr": "decimal"}[lang]
    assert f'<ol data-counter="{counter}">' in page
    css = farid.client.get("/languages.css").text
    assert f'ol[data-counter="{counter}"] {{ list-style-type: {counter}; }}' in css
    secret = page.split('id="secret" dir="ltr">')[1].split("<")[0]
    enrolled = farid.client.post("/account/two-factor", data={
        "code": pyotp.TOTP(secret).now(), "csrf_token": farid.csrf}).text
    codes = re.search(r'<ul class="recovery-codes" id="recovery-codes">(.*?)</ul>', enrolled,
                      re.S).group(1)
    items = re.findall(r"<li>(.*?)</li>", codes)
    assert len(items) >= 8
    assert all(re.fullmatch(r'<code dir="ltr">[^<]+</code>', item) for item in items), items
