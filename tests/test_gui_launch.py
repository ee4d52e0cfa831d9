"""Starting the desktop app on a fresh machine: missing Qt platform libraries give one line, not SIGABRT."""

from __future__ import annotations

import pytest

from ph_assist.gui import launch


def test_missing_library_is_named_with_its_package(monkeypatch):
    fake = "libph-assist-test-missing.so.9"
    assert launch.missing_xcb_libraries([fake, "libc.so.6"]) == [fake]
    monkeypatch.setitem(launch.XCB_PACKAGES, fake, "ph-assist-test-package1")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setattr(launch.sys, "platform", "linux")
    with pytest.raises(launch.GUIError) as info:
        launch.prepare_platform(headless=False)
    msg = str(info.value)
    assert "\n" not in msg and fake in msg and "apt-get install" in msg and "ph-assist-test-package1" in msg


def test_headless_needs_no_libraries(monkeypatch):
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setitem(launch.XCB_PACKAGES, "libph-assist-test-missing.so.9", "x")
    launch.prepare_platform(headless=True)  # a screenshot renders offscreen: no xcb, no check
    import os

    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"


@pytest.mark.parametrize("screen, scale", [((1920, 1080), 1), ((1920, 1080), 2), ((1366, 768), 1), ((3840, 2160), 2)])
def test_window_fits_the_available_screen(screen, scale, qtbot):
    """Qt's available geometry is in logical pixels (physical / scale factor); the default window
    and the main window's minimum size fit inside it at every listed screen."""
    logical = (screen[0] // scale, screen[1] // scale - 40)  # minus a task bar
    w, h = launch.fit_to_screen(logical)
    assert w <= logical[0] and h <= logical[1]
    assert (w, h) == (min(1600, int(logical[0] * 0.92)), min(960, int(logical[1] * 0.9)))
    from ph_assist.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    minimum = window.minimumSize()
    assert minimum.width() <= logical[0] and minimum.height() <= logical[1]


def test_command_line_becomes_frozen_gui_options():
    import argparse
    import dataclasses
    from pathlib import Path

    from ph_assist.cli.gui import add_arguments, gui_options
    from ph_assist.gui.app import GuiOptions

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    opts = gui_options(parser.parse_args(["--demo", "--lang", "ja", "--screenshot", "shot.png", "--size", "800x600"]))
    assert opts == GuiOptions(demo=True, lang="ja", screenshot=Path("shot.png"), size="800x600")
    with pytest.raises(dataclasses.FrozenInstanceError):
        opts.demo = False
    assert gui_options(parser.parse_args([])) == GuiOptions()  # --lang absent: the Language menu decides
