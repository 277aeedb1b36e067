"""Answer keys of the chapter exercises, one module per chapter (``ch01`` ...).

Each module defines ``EXERCISES: dict[str, helpers.check.Exercise]``; see
:mod:`helpers.check`.
"""
