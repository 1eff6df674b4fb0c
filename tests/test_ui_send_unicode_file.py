"""Send tab, recipients from a file. The file picker offers "*.csv *.txt", and Excel's "Unicode Text (*.txt)" (as
well as "Save as > UTF-16" from Notepad or LibreOffice) writes UTF-16 with a byte-order mark. Before, choosing such a
file the admin was told "The file recipients.txt is not a text (CSV) file.": false (it is a text file with one
address a line), with no hint what to do, and in English in a Swedish window, since read_recipients_csv's sentences
were plain English strings, not typed messages (domain/messages.py)."""

from __future__ import annotations

import pytest

from desktop_app.domain import messages
from desktop_app.domain.checklist import Channel, RecipientFileError, read_recipients_csv
from desktop_app.domain.messages import message_text
from desktop_app.ui.send.wording import InputProblem, make_draft

EXCEL_UNICODE_TEXT = "email\tname\nanna@example.se\tAnna\nbo@example.se\tBo\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_unicode_text_file_of_addresses_is_read(tmp_path, encoding):
    path = tmp_path / "recipients.txt"
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    path.write_bytes(bom + EXCEL_UNICODE_TEXT.encode(encoding))  # "utf-16"/"utf-32" write their own mark
    try:
        draft = make_draft(Channel.EMAIL, "1001", "file", file_path=str(path))
    except InputProblem as exc:
        pytest.fail(f"the Send tab says: {exc.user_message!r}")
    assert draft.recipients == ("anna@example.se", "bo@example.se")


def test_swedish_letters_survive_utf16(tmp_path):
    path = tmp_path / "kunder.txt"
    path.write_text("namn;e-post\nÅsa Öberg;asa@exempel.se\n", encoding="utf-16")
    assert read_recipients_csv(path) == ["asa@exempel.se"]


@pytest.mark.parametrize(
    "content, key",
    [
        (None, "recipients_file_missing"),
        (b"", "recipients_file_empty"),
        (b"   \n\n", "recipients_file_empty"),
        (b"name,city\nAnna,Lund\n", "recipients_file_no_column"),
        (b"\x00\x01\x02binary", "recipients_file_not_text"),
        (b"email\n" + b"a" * 200_000 + b"@example.se\n", "recipients_file_not_csv"),  # over csv's field limit
    ],
    ids=["missing", "empty", "blank", "no-column", "binary", "field-too-long"],
)
def test_every_sentence_about_a_bad_file_is_a_typed_message(tmp_path, monkeypatch, content, key):
    """The window words the sentence in its own language (message_text), the command line keeps the English."""
    monkeypatch.setattr(messages, "translate", lambda context, text: f"[{context}] {text}")  # a stand-in catalogue
    path = tmp_path / "list.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(RecipientFileError) as caught:
        read_recipients_csv(path)
    said = caught.value.said
    assert said is not None and said.key == key, caught.value.user_message
    assert caught.value.user_message == said.english()
    with pytest.raises(InputProblem) as shown:
        make_draft(Channel.EMAIL, "1001", "file", file_path=str(path))
    assert shown.value.user_message == message_text(said)
    assert shown.value.user_message.startswith("[Sentences] ")  # the window's words, not the English kept


def test_a_folder_is_a_typed_message(tmp_path):
    with pytest.raises(RecipientFileError) as caught:
        read_recipients_csv(tmp_path)
    assert caught.value.said is not None and caught.value.said.key == "recipients_file_folder"


def test_a_file_that_is_not_text_says_what_to_do(tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(RecipientFileError) as caught:
        read_recipients_csv(path)
    assert "CSV UTF-8" in caught.value.user_message
