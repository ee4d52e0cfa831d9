"""Qt (PySide6) widgets of the PH-Assist desktop app.

Widgets only draw data objects and forward user actions; signal processing,
models and explanations live in the Qt-free packages (``ph_assist.io``,
``ph_assist.preprocess``, ``ph_assist.explain`` ...).
"""
