"""The desktop face: PySide6 widgets that wrap the core. The only package that imports Qt."""
