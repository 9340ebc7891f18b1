from minzheng.core.masking import mask_id_number, mask_id_number_public, mask_name, mask_phone


def test_id_number_keeps_only_first_and_last_four():
    assert mask_id_number("11010519491231002X") == "1101**********002X"


def test_public_id_number_hides_the_birth_date():
    masked = mask_id_number_public("11010519491231002X")
    assert masked == "110105**********2X"
    assert "1949" not in masked


def test_names_keep_the_surname():
    assert (mask_name("张三"), mask_name("王小明"), mask_name("欧阳小明")) == (
        "张*",
        "王*明",
        "欧**明",
    )


def test_phone_keeps_prefix_and_last_four():
    assert mask_phone("13912345678") == "139****5678"
