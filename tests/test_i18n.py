"""The Chinese catalogue covers the code: every interface string is in it, translated, with the same
{0} fields and & accelerators, and the shipped .qm is the compiled .ts."""

from __future__ import annotations

import textwrap

import pytest

from desktop_ocr.i18n import resolve_language
from desktop_ocr.i18n.update import Extraction, check, extract, extract_file, placeholders


def test_the_catalogue_matches_the_code():
    problems = check()
    assert problems == [], "run `python -m desktop_ocr.i18n.update` and translate:\n" + "\n".join(problems)


def test_the_extractor_sees_every_gui_module_and_the_settings():
    ex = extract()
    contexts = {ctx for ctx, _ in ex.messages}
    # a module whose strings stopped being found would silently leave English in the interface
    assert {"MainWindow", "Settings", "SettingsDialog", "Tray", "VideoReview", "RegionSelector"} <= contexts
    assert ("MainWindow", "&File") in ex.messages
    assert ("Settings", "global shortcut that starts a screen capture") in ex.messages


def test_the_extractor_refuses_texts_that_can_never_be_translated(tmp_path):
    src = tmp_path / "mod.py"
    src.write_text(
        textwrap.dedent(
            """
            from PySide6.QtCore import QCoreApplication

            def tr(text):
                return QCoreApplication.translate("Ctx", text)

            class W:
                def f(self, n, name):
                    tr("Fine {0}").format(n)
                    tr(f"{n} pages")
                    tr("Opening " + name)
                    QCoreApplication.translate("Other", "Direct")
                    self.tr("Runtime context")
            """
        ),
        encoding="utf-8",
    )
    ex = Extraction()
    extract_file(src, "mod.py", ex)
    assert set(ex.messages) == {("Ctx", "Fine {0}"), ("Other", "Direct")}
    assert len(ex.problems) == 3
    assert any("self.tr()" in p for p in ex.problems)


def test_placeholders_compare_fields_not_words():
    assert placeholders("Line {0} · score {1:.2f}") == placeholders("第 {0} 行 · 置信度 {1:.2f}")
    assert placeholders("Hit {0} of {1}") != placeholders("第 {0} 个命中")
    assert placeholders("%v / %m pages") == placeholders("%v / %m 页")


@pytest.mark.parametrize(
    "setting, system, expected",
    [
        ("system", ["zh-CN", "en-US"], "zh_CN"),
        ("system", ["zh-Hans-CN"], "zh_CN"),
        ("system", ["de-DE", "zh-TW"], "zh_CN"),
        ("system", ["en-GB", "zh-CN"], "en"),
        ("system", ["fr-FR"], "en"),
        ("en", ["zh-CN"], "en"),
        ("zh_CN", ["en-US"], "zh_CN"),
    ],
)
def test_the_language_follows_the_system_unless_the_setting_names_one(setting, system, expected):
    assert resolve_language(setting, system) == expected
