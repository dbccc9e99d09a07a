"""Extract the interface strings from the code, update the .ts catalogues, compile them to .qm.

    python -m desktop_ocr.i18n.update            # extract, update every .ts, compile every .qm
    python -m desktop_ocr.i18n.update --check    # change nothing; exit 1 and list the problems

After an update, translate the messages marked ``type="unfinished"`` (Qt Linguist:
``pyside6-linguist desktop_ocr/i18n/desktop_ocr_zh_CN.ts``, or any text editor), then run the
update again: it compiles the .qm files that ship with the application.

Why our own extractor and not ``pyside6-lupdate``: the GUI modules translate through a small
module-level helper, ``def tr(text): return QCoreApplication.translate("Context", text)``, whose
context lupdate cannot see. This module reads the code with ``ast`` and finds
- calls of such a helper (the helper's context),
- ``QCoreApplication.translate("Context", "text")`` (also ``QApplication``/``QGuiApplication``),
- ``QT_TRANSLATE_NOOP("Context", "text")`` (texts declared in one place and translated where they
  are shown, e.g. the settings' labels and help in ``desktop_ocr/settings.py``).
It reports what cannot work: a translated f-string or a text built with ``+``/``%`` (its pieces
would never match the catalogue) and ``self.tr()`` (its context is the runtime class name).

A message whose source moved to another context keeps its translation (the same English text
gets the same Chinese text), so a refactor that moves strings between modules loses nothing.
Messages no longer in the code are dropped. Compiling uses ``pyside6-lrelease`` from PySide6.
"""

from __future__ import annotations

import argparse
import ast
import shutil
import string
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from desktop_ocr.i18n import FOLDER, qm_path, translated_languages, ts_path

PACKAGE = FOLDER.parent  # desktop_ocr/
TRANSLATE_OWNERS = {"QCoreApplication", "QApplication", "QGuiApplication"}


@dataclass
class Message:
    context: str
    source: str
    files: set[str] = field(default_factory=set)


@dataclass
class Extraction:
    messages: dict[tuple[str, str], Message] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def add(self, context: str, source: str, where: str) -> None:
        m = self.messages.setdefault((context, source), Message(context, source))
        m.files.add(where)


def _literal(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _is_translate_call(node: ast.AST) -> bool:
    """``QCoreApplication.translate(...)`` and its QApplication/QGuiApplication spellings."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "translate"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in TRANSLATE_OWNERS
    )


def _helpers(tree: ast.Module) -> dict[str, str]:
    """Module-level ``def NAME(text): return QCoreApplication.translate("Ctx", text)``: NAME -> Ctx."""
    found = {}
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or not node.args.args:
            continue
        param = node.args.args[0].arg
        for stmt in node.body:
            if (
                isinstance(stmt, ast.Return)
                and _is_translate_call(stmt.value)
                and len(stmt.value.args) >= 2
                and _literal(stmt.value.args[0]) is not None
                and isinstance(stmt.value.args[1], ast.Name)
                and stmt.value.args[1].id == param
            ):
                found[node.name] = _literal(stmt.value.args[0])
    return found


def _built_text(node: ast.AST) -> bool:
    """An f-string or a text glued with + or %: never equal to a catalogue entry."""
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.BinOp) and (_literal(node.left) is not None or _built_text(node.left))


def extract_file(path: Path, rel: str, out: Extraction) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    helpers = _helpers(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        where = f"{rel}:{node.lineno}"
        func = node.func
        context = text_node = None
        if isinstance(func, ast.Name) and func.id in helpers and node.args:
            context, text_node = helpers[func.id], node.args[0]
        elif isinstance(func, ast.Name) and func.id == "QT_TRANSLATE_NOOP" and len(node.args) >= 2:
            context, text_node = _literal(node.args[0]), node.args[1]
            if context is None:
                out.problems.append(f"{where}: QT_TRANSLATE_NOOP needs a literal context")
                continue
        elif _is_translate_call(node) and len(node.args) >= 2:
            context, text_node = _literal(node.args[0]), node.args[1]
            if context is None:
                out.problems.append(f"{where}: translate() needs a literal context")
                continue
        elif isinstance(func, ast.Attribute) and func.attr == "tr" and isinstance(func.value, ast.Name):
            if func.value.id == "self":
                out.problems.append(
                    f"{where}: self.tr() takes the runtime class as context; use the module's tr()"
                )
            continue
        else:
            continue
        text = _literal(text_node)
        if text is not None:
            if text.strip():
                out.add(context, text, rel)
        elif _built_text(text_node):
            out.problems.append(
                f"{where}: a built text is translated ({ast.unparse(text_node)[:60]}); "
                "translate a literal with {0} fields and .format() it"
            )
        # a variable is translated where a QT_TRANSLATE_NOOP-marked text is shown: nothing to add


def extract(package: Path = PACKAGE) -> Extraction:
    out = Extraction()
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package.parent).as_posix()
        if "/i18n/" in f"/{rel}":
            continue  # this tool's own docstrings mention the patterns
        extract_file(path, rel, out)
    return out


# -- .ts files -------------------------------------------------------------------------------------
@dataclass
class Entry:
    context: str
    source: str
    translation: str
    finished: bool
    files: list[str] = field(default_factory=list)


def read_ts(path: Path) -> dict[tuple[str, str], Entry]:
    if not path.exists():
        return {}
    root = ET.parse(path).getroot()
    out = {}
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            source = msg.findtext("source") or ""
            tr = msg.find("translation")
            text = (tr.text or "") if tr is not None else ""
            kind = tr.get("type") if tr is not None else "unfinished"
            if kind in ("vanished", "obsolete"):
                continue
            files = [_file_of(loc.get("filename", "")) for loc in msg.iter("location")]
            out[(name, source)] = Entry(name, source, text, kind != "unfinished" and bool(text), files)
    return out


def _xml(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&apos;")
    )


def write_ts(path: Path, language: str, entries: list[Entry]) -> None:
    """Contexts and messages sorted, locations without line numbers: a change to the code moves
    nothing in the file, so two branches that add strings merge cleanly."""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<!DOCTYPE TS>",
        f'<TS version="2.1" language="{language}" sourcelanguage="en">',
    ]
    by_ctx: dict[str, list[Entry]] = {}
    for e in entries:
        by_ctx.setdefault(e.context, []).append(e)
    for ctx in sorted(by_ctx):
        lines += ["<context>", f"    <name>{_xml(ctx)}</name>"]
        for e in sorted(by_ctx[ctx], key=lambda e: e.source):
            lines.append("    <message>")
            for f in sorted(set(e.files)):
                lines.append(f'        <location filename="../../{_xml(f)}"/>')
            lines.append(f"        <source>{_xml(e.source)}</source>")
            kind = "" if e.finished else ' type="unfinished"'
            lines.append(f"        <translation{kind}>{_xml(e.translation)}</translation>")
            lines.append("    </message>")
        lines.append("</context>")
    lines.append("</TS>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _file_of(location: str) -> str:
    return location.removeprefix("../../")


def merge(extraction: Extraction, old: dict[tuple[str, str], Entry]) -> tuple[list[Entry], int]:
    """The catalogue for the code as it is: old translations kept, moved messages carried over."""
    by_source: dict[str, Entry] = {}
    for e in old.values():
        if e.finished:
            by_source.setdefault(e.source, e)
    entries, carried = [], 0
    for key, m in extraction.messages.items():
        files = sorted(m.files)
        if key in old:
            e = old[key]
            entries.append(Entry(m.context, m.source, e.translation, e.finished, files))
        elif m.source in by_source:
            carried += 1
            entries.append(Entry(m.context, m.source, by_source[m.source].translation, True, files))
        else:
            entries.append(Entry(m.context, m.source, "", False, files))
    return entries, carried


# -- checks ----------------------------------------------------------------------------------------
def placeholders(text: str) -> list[str]:
    """The str.format fields of a text, in a comparable form ("{0}", "{1:.2f}"); %v/%m of Qt."""
    fields = []
    try:
        for _lit, name, spec, conv in string.Formatter().parse(text):
            if name is not None:
                fields.append("{" + name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}")
    except ValueError:
        fields.append("<unbalanced braces>")
    fields += [q for q in ("%v", "%m", "%p", "%n") if q in text]
    return sorted(fields)


def has_accelerator(text: str) -> bool:
    return "&" in text.replace("&&", "")


def check_entries(extraction: Extraction, catalogue: dict[tuple[str, str], Entry], name: str) -> list[str]:
    problems = []
    for key, m in sorted(extraction.messages.items()):
        e = catalogue.get(key)
        label = f"{name}: [{m.context}] {m.source!r}"
        if e is None:
            problems.append(f"{label} is missing ({', '.join(sorted(m.files))})")
            continue
        if not e.finished or not e.translation.strip():
            problems.append(f"{label} is not translated")
            continue
        if placeholders(e.source) != placeholders(e.translation):
            problems.append(f"{label}: the translation's fields {placeholders(e.translation)} differ")
        if has_accelerator(e.source) != has_accelerator(e.translation):
            problems.append(f"{label}: the translation's & accelerator is missing or extra")
    for key in sorted(set(catalogue) - set(extraction.messages)):
        problems.append(f"{name}: [{key[0]}] {key[1]!r} is no longer in the code")
    return problems


# -- compiling -------------------------------------------------------------------------------------
def lrelease_command() -> list[str]:
    exe = Path(sys.executable).with_name("pyside6-lrelease")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("pyside6-lrelease")
    if found:
        return [found]
    # PySide6 ships the Qt tool itself; its console script may be missing (a frozen build)
    import PySide6

    return [str(Path(PySide6.__file__).parent / "Qt" / "libexec" / "lrelease")]


def compile_ts(ts: Path, qm: Path) -> None:
    subprocess.run(
        [*lrelease_command(), "-silent", "-nounfinished", str(ts), "-qm", str(qm)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def qm_matches(ts: Path, qm: Path) -> bool:
    if not qm.exists():
        return False
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / qm.name
        compile_ts(ts, fresh)
        return fresh.read_bytes() == qm.read_bytes()


def check(extraction: Extraction | None = None) -> list[str]:
    extraction = extraction or extract()
    problems = list(extraction.problems)
    for lang in translated_languages():
        ts = ts_path(lang)
        problems += check_entries(extraction, read_ts(ts), ts.name)
        if not qm_matches(ts, qm_path(lang)):
            problems.append(f"{qm_path(lang).name} is not the compiled {ts.name}: run the update")
    return problems


def update() -> list[str]:
    """Rewrite every .ts for the code as it is and compile it; returns the open problems."""
    extraction = extract()
    for lang in translated_languages():
        ts = ts_path(lang)
        entries, carried = merge(extraction, read_ts(ts))
        write_ts(ts, lang, entries)
        compile_ts(ts, qm_path(lang))
        todo = sum(not e.finished for e in entries)
        print(
            f"{ts.name}: {len(entries)} messages, {todo} to translate"
            + (f", {carried} carried over from another context" if carried else "")
        )
    return check(extraction)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m desktop_ocr.i18n.update", description=__doc__.split("\n")[0])
    p.add_argument("--check", action="store_true", help="change nothing; list the problems (exit 1 if any)")
    args = p.parse_args(argv)
    problems = check() if args.check else update()
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
