"""Test-wide settings.

Notebook kernels inherit this process's environment, so setting these here
makes every nbval run reproducible (hash seed) and strict (a stored exercise
solution that fails its check raises instead of printing a hint).
"""

import os

os.environ["PYTHONHASHSEED"] = "0"
os.environ["CRM_STRICT"] = "1"
