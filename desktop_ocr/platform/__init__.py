"""OS integration behind small Protocols: ``hotkeys.choose_backend()``, ``capture.choose_grabber()``,
the Qt-free ``geometry`` mapping and the XDG ``portal`` client. See each module's docstring."""
