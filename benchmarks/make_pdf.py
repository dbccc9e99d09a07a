"""Make test PDFs with vector text (Helvetica, one of the standard fonts) for the searchable-PDF benchmark."""

from __future__ import annotations

import argparse

WORDS = (
    "the quick brown fox jumps over lazy dog search text layer page number invoice total amount "
    "report meeting project budget office desktop window scanner document archive"
).split()


def make_pdf(path: str, pages: int, rotate_every: int = 0, lines: int = 30) -> None:
    import pikepdf

    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    for p in range(pages):
        ops = ["BT", "/F1 14 Tf"]
        for i in range(lines):
            words = " ".join(WORDS[(p * 7 + i * 3 + k) % len(WORDS)] for k in range(8))
            ops.append(f"1 0 0 1 60 {760 - i * 23} Tm ({p + 1}.{i + 1} {words}) Tj")
        ops.append("ET")
        page = pdf.add_blank_page(page_size=(612, 792))
        page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.obj.Contents = pdf.make_stream("\n".join(ops).encode())
        if rotate_every and (p + 1) % rotate_every == 0:
            page.obj.Rotate = 90
    pdf.save(path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("output")
    ap.add_argument("--pages", type=int, default=3)
    ap.add_argument("--rotate-every", type=int, default=0, help="every Nth page gets /Rotate 90")
    a = ap.parse_args()
    make_pdf(a.output, a.pages, a.rotate_every)


if __name__ == "__main__":
    main()
