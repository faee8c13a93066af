"""Render installer/icons/kansli.svg to the PNG sizes the platforms want, a Windows .ico and a macOS .icns.

Uses Qt's SVG renderer from the venv's PySide6 (no other tool needed). Usage, from the repository root:
``python installer/render_icons.py OUTPUT_FOLDER``; writes ``hicolor/<n>x<n>/apps/kansli.png``, ``kansli.ico``
and ``kansli.icns`` there.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

SOURCE = Path(__file__).resolve().parent / "icons" / "kansli.svg"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main(output: Path) -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"render_icons: {SOURCE} is not a valid SVG", file=sys.stderr)
        return 1
    images = {size: render(renderer, size) for size in sorted(set(PNG_SIZES) | set(ICO_SIZES))}
    for size in PNG_SIZES:
        folder = output / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        if not images[size].save(str(folder / "kansli.png"), "PNG"):
            print(f"render_icons: could not write the {size} px PNG", file=sys.stderr)
            return 1
    scalable = output / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    (scalable / "kansli.svg").write_bytes(SOURCE.read_bytes())
    # A multi-size .ico: Qt's ico writer writes one image per call, so the file is put together here (PNG entries,
    # which Windows Vista and later read at every size).
    write_ico(output / "kansli.ico", [images[size] for size in ICO_SIZES])
    writer = QImageWriter(str(output / "kansli.icns"), QByteArray(b"icns"))
    if not writer.write(images[512]):  # Qt's icns writer makes the smaller sizes itself
        print(f"render_icons: no .icns ({writer.errorString()}); macOS builds make one with iconutil", file=sys.stderr)
    return 0


def write_ico(path: Path, images: list[QImage]) -> None:
    pngs = []
    for image in images:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        pngs.append((image.width(), bytes(data.data())))
    header = (0).to_bytes(2, "little") + (1).to_bytes(2, "little") + len(pngs).to_bytes(2, "little")
    offset = 6 + 16 * len(pngs)
    entries = b""
    for size, png in pngs:
        dimension = 0 if size >= 256 else size
        entries += bytes([dimension, dimension, 0, 0]) + (1).to_bytes(2, "little") + (32).to_bytes(2, "little")
        entries += len(png).to_bytes(4, "little") + offset.to_bytes(4, "little")
        offset += len(png)
    path.write_bytes(header + entries + b"".join(png for _, png in pngs))


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("build/icons")))
