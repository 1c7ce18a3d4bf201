"""Identifiers kept in the enterprise file: credit codes, Taiwan residents' documents, masking."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from qinshang.enterprises.identifiers import (
    CREDIT_CODE_ALPHABET,
    CREDIT_CODE_WEIGHTS,
    RESIDENCE_PERMIT_WEIGHTS,
    credit_code_check_character,
    mask_document_number,
    residence_permit_check_character,
    validate_credit_code,
    validate_residence_permit,
    validate_travel_permit,
)

# Codes of well-known companies, as printed on their business licences and in the national
# enterprise credit information system. A random 18-character string passes the GB 32100 check
# one time in 31, so five recalled codes that all pass are the published ones.
PUBLISHED_CREDIT_CODES = {
    "914403001922038216": "华为技术有限公司",
    "91110108551385082Q": "小米科技有限责任公司",
    "91330100716105852F": "阿里巴巴（中国）有限公司",
    "9144030071526726XG": "深圳市腾讯计算机系统有限公司",
    "91440300100012316L": "中国平安保险（集团）股份有限公司",
    "91350100M000100Y43": "the example printed in guides to GB 32100",
}


def english(error: ValidationError) -> str:
    with translation.override("en"):
        return " ".join(error.messages)


# --- GB 32100 unified social credit code -------------------------------------------------

def test_weights_and_alphabet_are_those_of_gb_32100():
    # The standard's weights are 3^i mod 31; its 31 characters leave out I, O, S, V and Z.
    assert tuple(3 ** i % 31 for i in range(17)) == CREDIT_CODE_WEIGHTS
    assert len(CREDIT_CODE_ALPHABET) == 31
    assert not set("IOSVZ") & set(CREDIT_CODE_ALPHABET)


def test_worked_example_by_hand():
    # 91350100M000100Y4: values 9 1 3 5 0 1 0 0 21(M) 0 0 0 1 0 0 30(Y) 4
    # weighted sum = 9 + 3 + 27 + 135 + 0 + 26 + 0 + 0 + 420 + 0 + 0 + 0 + 8 + 0 + 0 + 900 + 112
    #              = 1640; 1640 mod 31 = 28; 31 - 28 = 3 -> check character "3".
    assert credit_code_check_character("91350100M000100Y4") == "3"


@pytest.mark.parametrize("code", sorted(PUBLISHED_CREDIT_CODES))
def test_published_codes_are_accepted(code):
    validate_credit_code(code)  # given a real code, when validated, then no error


@pytest.mark.parametrize("code", sorted(PUBLISHED_CREDIT_CODES))
def test_any_other_check_character_is_refused_and_names_the_right_one(code):
    wrong = "0" if code[-1] != "0" else "1"
    with pytest.raises(ValidationError) as caught:
        validate_credit_code(code[:17] + wrong)
    assert caught.value.error_list[0].code == "credit_code_check"
    message = english(caught.value)
    assert "check character" in message
    assert f"end in {code[-1]}" in message


def test_a_typo_in_the_body_is_caught_by_the_check_character():
    # given Huawei's code with two neighbouring digits swapped
    swapped = "914403001922038126"
    with pytest.raises(ValidationError) as caught:
        validate_credit_code(swapped)
    assert caught.value.error_list[0].code == "credit_code_check"


@pytest.mark.parametrize("value", ["91440300192203821", "9144030019220382160", ""])
def test_wrong_length_is_refused_with_the_count(value):
    with pytest.raises(ValidationError) as caught:
        validate_credit_code(value)
    assert caught.value.error_list[0].code == "credit_code_length"
    assert f"this one has {len(value)}" in english(caught.value)


@pytest.mark.parametrize("letter", list("IOSVZ"))
def test_letters_left_out_by_the_standard_are_refused_by_name(letter):
    value = "91440300192203821" + letter
    with pytest.raises(ValidationError) as caught:
        validate_credit_code(value)
    assert caught.value.error_list[0].code == "credit_code_characters"
    assert f"cannot contain {letter}" in english(caught.value)


def test_lower_case_and_punctuation_are_named_in_the_message():
    with pytest.raises(ValidationError) as caught:
        validate_credit_code("91440300192203821-")
    assert "cannot contain -" in english(caught.value)


def test_division_part_must_be_digits():
    first17 = "9144A300192203821"
    value = first17 + credit_code_check_character(first17)
    with pytest.raises(ValidationError) as caught:
        validate_credit_code(value)
    assert caught.value.error_list[0].code == "credit_code_region"


# --- Mainland Travel Permit for Taiwan Residents (台胞证) ---------------------------------

@pytest.mark.parametrize("value", ["12345678", "00000001"])
def test_travel_permit_of_eight_digits_is_accepted(value):
    validate_travel_permit(value)


@pytest.mark.parametrize("value", ["1234567", "123456789", "A1234567", "1234567A", "1234 678",
                                   "１２３４５６７８", "12345678\n", ""])
def test_travel_permit_of_another_form_is_refused(value):
    with pytest.raises(ValidationError) as caught:
        validate_travel_permit(value)
    assert "8 digits" in english(caught.value)


# --- Residence permit for Taiwan residents (GB 11643 layout, starts 830000) --------------

def test_residence_permit_weights_follow_gb_11643():
    assert tuple(2 ** (17 - i) % 11 for i in range(17)) == RESIDENCE_PERMIT_WEIGHTS
    # The worked example printed in GB 11643-1999 itself.
    assert residence_permit_check_character("11010519491231002") == "X"


def _permit(birth: str, serial: str = "001") -> str:
    first17 = f"830000{birth}{serial}"
    return first17 + residence_permit_check_character(first17)


@pytest.mark.parametrize("birth", ["19800101", "20000229", "19491001"])
def test_residence_permit_with_real_birth_date_and_check_is_accepted(birth):
    validate_residence_permit(_permit(birth))


def test_residence_permit_ending_in_x_is_accepted():
    value = next(_permit("19800101", f"{n:03d}") for n in range(1000)
                 if _permit("19800101", f"{n:03d}").endswith("X"))
    validate_residence_permit(value)


@pytest.mark.parametrize("value", [
    "810000198001010010",   # Hong Kong prefix
    "83000019800101001",    # 17 characters
    "8300001980010100101",  # 19 characters
    "83000019800101001A",   # letter other than X
    "８３００００19800101001X",  # full-width digits typed with a Chinese input method
])
def test_residence_permit_of_another_form_is_refused(value):
    with pytest.raises(ValidationError) as caught:
        validate_residence_permit(value)
    assert caught.value.error_list[0].code == "residence_permit_form"
    assert "830000" in english(caught.value)


@pytest.mark.parametrize("birth", ["19801301", "20010229", "19800132"])
def test_residence_permit_with_impossible_birth_date_is_refused(birth):
    with pytest.raises(ValidationError) as caught:
        validate_residence_permit(_permit(birth))
    assert caught.value.error_list[0].code == "residence_permit_birth"


def test_residence_permit_with_wrong_check_character_is_refused():
    good = _permit("19800101")
    bad = good[:17] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(ValidationError) as caught:
        validate_residence_permit(bad)
    assert caught.value.error_list[0].code == "residence_permit_check"
    assert "check character" in english(caught.value)


# --- Masking ------------------------------------------------------------------------------

def test_travel_permit_is_masked_keeping_two_digits_each_side():
    assert mask_document_number("12345678") == "12****78"


def test_residence_permit_is_masked_hiding_the_birth_date():
    value = _permit("19800101", "123")
    masked = mask_document_number(value)
    assert masked == "830000********" + value[-4:]
    assert "19800101" not in masked


def test_masked_number_has_the_length_of_the_number():
    assert len(mask_document_number(_permit("19800101"))) == 18


@pytest.mark.parametrize("length", range(1, 19))
def test_the_full_number_is_never_in_the_masked_string(length):
    value = "123456789012345678"[:length]
    masked = mask_document_number(value)
    assert value not in masked
    assert "*" in masked


def test_no_number_masks_to_nothing():
    assert mask_document_number("") == ""
