"""Seeds of the generator: the shared data and each student's personal data.

Every generator module has a fixed ``SEED`` and a ``generate(seed=SEED)``.
The shared data in ``data/`` use ``SEED`` itself; a student's personal data
use ``(SEED, number)``, where the number is derived from the student id, so
each student gets other numbers of the same kind, the same every time.
"""

from __future__ import annotations

import hashlib

Seed = int | tuple[int, int]
"""A module's ``SEED``, or ``(SEED, student number)`` for personal data."""


def student_number(student: str) -> int:
    """A stable number for a student id (any text: a number, a Chinese name).

    Examples
    --------
    >>> student_number("2024001") == student_number(" 2024001 ")
    True
    """
    text = str(student).strip()
    if not text:
        raise ValueError("student id must not be empty")
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def personal_seed(base: int, student: str | None) -> Seed:
    """The seed of a module with fixed seed `base`: `base` itself, or ``(base, student number)``."""
    return base if student is None else (base, student_number(student))


def same_student(seed: Seed, base: int) -> Seed:
    """The seed of another module (fixed seed `base`) for the same student as `seed`."""
    return base if isinstance(seed, int) else (base, seed[1])


def substream(seed: Seed, stream: int) -> list[int]:
    """A separate random stream of `seed` (used for columns added later, so others stay the same)."""
    return [*(seed if isinstance(seed, tuple) else (seed,)), stream]
