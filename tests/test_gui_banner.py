"""The banner names the model bundle; when space is short the name is shortened, never the ID."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ph_assist.gui.main_window import BannerStrip


def test_a_narrow_banner_keeps_the_bundle_id(qtbot) -> None:
    banner = BannerStrip()
    qtbot.addWidget(banner)
    bundle_id = "0392b39ed963"
    banner.set_bundle("ph-assist-demo-synthetic-with-a-rather-long-name", bundle_id,
                      "Synthetic training data — not for clinical use", warn=True)
    label = banner.bundle_label
    full = label.text()
    assert full.endswith(bundle_id)
    width = label.fontMetrics().horizontalAdvance(full) * 2 // 3  # too narrow for the whole text
    shown = label.fontMetrics().elidedText(full, label.elide, width)
    assert "…" in shown and shown.endswith(bundle_id)
    assert label.elide == Qt.TextElideMode.ElideMiddle
