"""Bring a real transaction log into the course's analysis, counting every decision.

A log exported from a shop system is rarely clean: it may be GBK-encoded,
write dates as ``2024/3/5`` or ``20240305``, money as ``￥1,280.00``, returns
as negative amounts, and carry duplicate lines and rows that cannot be used.
This module reads such a file and cleans it in small steps, each of which is
*counted* and kept with examples in a :class:`Quality` record, so that no
row disappears without a reason the reader can see.

1. :func:`read_log` reads CSV (any encoding; GBK/GB18030 detected with
   charset-normalizer), Excel ``.xlsx`` (openpyxl) or Parquet into a table of
   text columns.
2. :func:`parse_dates` and :func:`parse_money` turn text into dates and
   amounts (unreadable values become missing, never guessed).
3. :func:`clean_log` maps the three columns the analysis needs (customer,
   date, amount), drops exact duplicate lines, rows without a customer, a
   readable date or a readable amount, zero amounts and amounts in another
   currency, and keeps returns as negative amounts.

Examples
--------
>>> from helpers.ingest import parse_money
>>> parse_money(pd.Series(["￥1,280.00", "-59", "(12.50)", "$3"])).amount.tolist()
[1280.0, -59.0, -12.5, nan]
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

EXAMPLES = 3
"""How many example rows each cleaning step keeps."""

GBK_FAMILY = {"gbk", "gb2312", "gb18030", "cp936", "hz"}
"""Encodings read as GB18030, the superset of GBK that every Chinese export fits."""

MISSING_IDS = ("", "nan", "None", "NULL", "null")
"""Customer ids (after stripping spaces) that mean "no customer": blank, or a null word an export wrote."""

HOME_CURRENCY = "CNY"
CURRENCY_SIGNS = {"¥": "CNY", "￥": "CNY", "元": "CNY", "RMB": "CNY", "CNY": "CNY",
                  "US$": "USD", "$": "USD", "USD": "USD", "€": "EUR", "EUR": "EUR",
                  "£": "GBP", "GBP": "GBP", "HK$": "HKD", "HKD": "HKD", "NT$": "TWD", "TWD": "TWD",
                  "S$": "SGD", "SG$": "SGD", "SGD": "SGD", "A$": "AUD", "AU$": "AUD", "AUD": "AUD",
                  "C$": "CAD", "CA$": "CAD", "CAD": "CAD", "NZ$": "NZD", "NZD": "NZD", "MOP$": "MOP",
                  "MOP": "MOP"}
"""Currency marks recognised in amounts, and the currency each means (the longest mark wins: HK$ is not $)."""


@dataclass
class Step:
    """One cleaning decision: what was done to how many rows, with examples."""

    name: str
    action: str  # "dropped", "kept" or "changed"
    rows: int
    detail: str = ""
    examples: list[str] = field(default_factory=list)


@dataclass
class Quality:
    """The data-quality record of one log: rows read, every step, rows kept.

    ``rows_kept == rows_read - dropped`` always holds: the steps that drop
    rows account for every row that is not kept.
    """

    source: str
    rows_read: int = 0
    encoding: str = ""
    steps: list[Step] = field(default_factory=list)

    @property
    def dropped(self) -> int:
        """Rows dropped by all steps together."""
        return sum(step.rows for step in self.steps if step.action == "dropped")

    @property
    def rows_kept(self) -> int:
        return self.rows_read - self.dropped

    def add(self, name: str, action: str, rows: int, detail: str = "",
            examples: list[str] | None = None) -> None:
        """Record a step (also when it touched no row, so the reader sees it was checked)."""
        self.steps.append(Step(name, action, int(rows), detail, list(examples or [])[:EXAMPLES]))

    def table(self) -> pd.DataFrame:
        """The steps as a table: step, action, rows, detail, examples."""
        return pd.DataFrame([{"step": s.name, "action": s.action, "rows": s.rows, "detail": s.detail,
                              "examples": "; ".join(s.examples)} for s in self.steps],
                            columns=["step", "action", "rows", "detail", "examples"])

    def summary(self) -> str:
        """One line: rows read, kept and dropped."""
        return (f"{self.source}: {self.rows_read:,} rows read, {self.rows_kept:,} kept, "
                f"{self.dropped:,} dropped")


# --------------------------------------------------------------------------
# 1. Reading a file
# --------------------------------------------------------------------------

def detect_encoding(data: bytes) -> str:
    """The text encoding of `data`: UTF-8, else GB18030, else charset-normalizer's guess.

    Chinese exports are usually GBK. charset-normalizer alone sometimes takes
    a short GBK file for Korean, so GB18030 (the superset of GBK) is tried
    first: it is chosen when the bytes decode and at least 90 % of the
    non-ASCII characters are Chinese characters or full-width punctuation.
    Name the encoding (``--encoding``) when the guess is wrong.

    Raises
    ------
    ValueError
        If no encoding fits (e.g. a binary file).
    """
    try:
        data.decode("utf-8")
        return "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    wide = [ch for ch in text if ord(ch) > 127]
    if wide and sum(_is_chinese(ch) for ch in wide) >= 0.9 * len(wide):
        return "gb18030"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ValueError("cannot tell the file's text encoding (is it a text file?); name it with --encoding")
    name = best.encoding.lower().replace("-", "").replace("_", "")
    return "gb18030" if name in GBK_FAMILY else best.encoding


def _is_chinese(ch: str) -> bool:
    """A CJK ideograph, CJK punctuation or a full-width form (￥, ，, ：)."""
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF or 0x3400 <= code <= 0x4DBF


def read_log(path: str | Path, encoding: str | None = None, sheet: str | None = None) -> tuple[pd.DataFrame, str]:
    """Read a transaction log into a table whose values are all text.

    Parameters
    ----------
    path : path-like
        A ``.csv`` / ``.txt`` / ``.tsv`` file, an Excel ``.xlsx`` file or a ``.parquet`` file.
    encoding : str, optional
        Text encoding of a CSV file (``"gbk"``, ``"utf-8"``, ...). Detected when not given.
    sheet : str, optional
        Excel sheet name (the first sheet by default).

    Returns
    -------
    (pandas.DataFrame, str)
        The table (text columns; blanks are empty strings) and the encoding
        used (``"xlsx"`` / ``"parquet"`` for those formats).

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If the file is empty, has a header but no rows, cannot be decoded
        with the named encoding, the sheet does not exist, or the format is
        not one of the above.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"log file not found: {path}")
    if path.is_dir():
        raise ValueError(f"{path} is a folder; give the log file itself")
    if path.stat().st_size == 0:
        raise ValueError(f"{path.name} is empty (0 bytes): there is nothing to analyse")
    suffix = path.suffix.lower()
    if suffix in {".csv", ".txt", ".tsv"}:
        frame, used = _read_text(path, encoding)
    elif suffix in {".xlsx", ".xlsm"}:
        frame, used = _read_excel(path, sheet), "xlsx"
    elif suffix == ".parquet":
        frame, used = _read_parquet(path), "parquet"
    else:
        raise ValueError(f"{path.name}: unknown file type {suffix!r}; expected .csv, .xlsx or .parquet")
    if frame.columns.empty:
        raise ValueError(f"{path.name} has no columns")
    if len(frame) == 0:
        raise ValueError(f"{path.name} has a header but no rows (columns: {', '.join(map(str, frame.columns))})")
    frame.columns = [unicodedata.normalize("NFKC", str(c)).strip() for c in frame.columns]
    return frame, used


def _read_text(path: Path, encoding: str | None) -> tuple[pd.DataFrame, str]:
    data = path.read_bytes()
    if encoding is None:
        encoding = detect_encoding(data)
    elif encoding.lower().replace("-", "") in GBK_FAMILY:
        encoding = "gb18030"
    try:
        text = data.decode(encoding)
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r}; try gbk, gb18030 or utf-8") from None
    except UnicodeDecodeError as error:
        raise ValueError(f"{path.name} cannot be read as {encoding}: byte {data[error.start]:#04x} at position "
                         f"{error.start} is not valid there; leave out --encoding to detect it "
                         "(Chinese exports are usually gbk)") from None
    if not text.strip():
        raise ValueError(f"{path.name} holds only blank space: there is nothing to analyse")
    sep = "\t" if path.suffix.lower() == ".tsv" else None
    try:
        frame = pd.read_csv(io.StringIO(text.lstrip("\ufeff")), dtype=str, keep_default_na=False,
                            sep=sep, engine="python" if sep is None else "c")
    except pd.errors.ParserError as error:
        raise ValueError(f"{path.name} is not a readable CSV table: {error}") from None
    return frame, encoding


def _read_excel(path: Path, sheet: str | None) -> pd.DataFrame:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise ValueError(f"{path.name} is not a readable .xlsx file ({type(error).__name__})") from None
    names = book.sheetnames
    if sheet is not None and sheet not in names:
        raise ValueError(f"{path.name} has no sheet {sheet!r}; its sheets are {names}")
    rows = list(book[sheet or names[0]].iter_rows(values_only=True))
    book.close()
    if not rows:
        raise ValueError(f"sheet {sheet or names[0]!r} of {path.name} is empty")
    header = ["" if h is None else str(h) for h in rows[0]]
    body = [["" if v is None else _cell_text(v) for v in row] for row in rows[1:]]
    body = [row for row in body if any(value != "" for value in row)]
    return pd.DataFrame(body, columns=header, dtype=str)


def _cell_text(value: object) -> str:
    """An Excel cell as text: dates as ISO dates, whole floats without '.0'."""
    if isinstance(value, pd.Timestamp | np.datetime64) or hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        frame = pd.read_parquet(path)
    except Exception as error:  # pyarrow raises several types for a damaged file
        raise ValueError(f"{path.name} is not a readable Parquet file ({type(error).__name__})") from None
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            out[column] = values.dt.strftime("%Y-%m-%d").fillna("")
        else:
            out[column] = values.astype(object).where(values.notna(), "").astype(str)
    return out


# --------------------------------------------------------------------------
# 2. Parsing dates and money
# --------------------------------------------------------------------------

_DATE_CLEAN = re.compile(r"[年月/.]")


def parse_dates(values: pd.Series) -> pd.Series:
    """Parse dates written in the usual Chinese export formats; unreadable ones become NaT.

    Recognised: ``2024-03-05``, ``2024/3/5``, ``2024.3.5``, ``2024年3月5日``,
    ``20240305``, each optionally followed by a time (ignored: the analysis
    works in days). Nothing else is guessed: ``05/03/2024`` is ambiguous
    (day first or month first?) and becomes NaT.

    Returns
    -------
    pandas.Series
        ``datetime64`` dates (midnight), NaT where the text is not a date.
    """
    text = values.astype(str).map(lambda s: unicodedata.normalize("NFKC", s).strip())
    day_part = text.str.split(r"[ T]", n=1, regex=True).str[0]
    day_part = day_part.str.replace("日", "", regex=False).str.replace(_DATE_CLEAN, "-", regex=True)
    compact = day_part.str.fullmatch(r"\d{8}")
    day_part = day_part.where(~compact, day_part.str[:4] + "-" + day_part.str[4:6] + "-" + day_part.str[6:])
    well_formed = day_part.str.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}")
    parsed = pd.to_datetime(day_part.where(well_formed), format="%Y-%m-%d", errors="coerce")
    return parsed.astype("datetime64[us]")


class Money(NamedTuple):
    """Parsed amounts and the currency each was written in ("" when none was written)."""

    amount: pd.Series
    currency: pd.Series


_SIGN_PATTERN = re.compile("|".join(re.escape(s) for s in sorted(CURRENCY_SIGNS, key=len, reverse=True)))


def parse_money(values: pd.Series, home: str = HOME_CURRENCY) -> Money:
    """Parse amounts such as ``￥1,280.00``, ``-59``, ``(12.50)`` or ``1280元``.

    The currency mark and thousands commas are removed; ``(x)``, a leading
    and a trailing minus each mean a negative amount. Nothing is guessed, so
    these are unreadable (NaN): a comma that does not separate thousands
    (``59,90``, ``1.280,00``: a decimal comma), spaces inside the number
    (``1 280``), two signs (``(-59)``, ``-59-``), or two different currency
    marks (``￥$12``). Amounts written in a currency other than `home`
    (``$12``) are not converted: they become NaN and their currency is
    reported, so that the caller can count them.

    Returns
    -------
    Money
        ``amount`` (float, NaN when unreadable or in another currency) and
        ``currency`` (the code of the mark found, "" when none or when two
        marks disagree).
    """
    parsed = [_one_amount(value) for value in values.astype(str)]
    number = pd.Series([p[0] for p in parsed], index=values.index, dtype=float)
    currency = pd.Series([p[1] for p in parsed], index=values.index, dtype=str)
    number = number.where(currency.isin(["", home]))
    return Money(number, currency)


_NUMBER = re.compile(r"(\d{1,3}(,\d{3})+|\d+)(\.\d*)?|\.\d+")
"""A number: thousands commas only between groups of three digits, a decimal point."""


def _one_amount(text: str) -> tuple[float, str]:
    """(amount, currency code) of one written amount; NaN when it is not a number in a known form."""
    text = unicodedata.normalize("NFKC", text).strip().replace("\u2212", "-")
    codes = sorted({CURRENCY_SIGNS[mark] for mark in _SIGN_PATTERN.findall(text)})
    if len(codes) > 1:
        return float("nan"), ""  # ￥$12: which currency? Not guessed.
    currency = codes[0] if codes else ""
    # A mark becomes a space, so that a mark inside the digits (12￥34) leaves them apart: unreadable.
    bare = _SIGN_PATTERN.sub(" ", text).strip()
    signs = []
    if len(bare) > 2 and bare.startswith("(") and bare.endswith(")"):
        signs.append(-1.0)
        bare = bare[1:-1].strip()
    if len(bare) > 1 and bare.endswith("-"):
        signs.append(-1.0)
        bare = bare[:-1].strip()
    if len(bare) > 1 and bare[0] in "+-":
        signs.append(-1.0 if bare[0] == "-" else 1.0)
        bare = bare[1:].strip()
    if len(signs) > 1 or not _NUMBER.fullmatch(bare):
        return float("nan"), currency  # two signs, or not one number
    return (signs[0] if signs else 1.0) * float(bare.replace(",", "")), currency


# --------------------------------------------------------------------------
# 3. Cleaning: map, parse, count
# --------------------------------------------------------------------------

def _examples(raw: pd.DataFrame, mask: pd.Series | np.ndarray, columns: list[str]) -> list[str]:
    """A few offending rows, as 'line N: col=value, ...' (line 1 is the header)."""
    rows = raw.loc[np.asarray(mask)].head(EXAMPLES)
    return [f"line {int(i) + 2}: " + ", ".join(f"{c}={row[c]!r}" for c in columns) for i, row in rows.iterrows()]


def require_log_columns(raw: pd.DataFrame, **columns: str) -> None:
    """Raise KeyError naming each mapped column that the file lacks and listing those it has."""
    missing = [f"--{role} {name!r}" for role, name in columns.items() if name not in raw.columns]
    if missing:
        raise KeyError(f"column(s) not in the file: {', '.join(missing)}; the file has "
                       f"{', '.join(map(repr, raw.columns))}")


def clean_log(raw: pd.DataFrame, customer: str, date: str, amount: str,
              source: str = "log", rows_read: int | None = None,
              drop_duplicates: bool = True) -> tuple[pd.DataFrame, Quality]:
    """Map, parse and check a raw log; return the usable rows and the record of every decision.

    Steps, in order (each is recorded in the :class:`Quality`, with its count):

    1. exact duplicate lines (identical in *every* column, so an order number
       keeps two equal purchases apart) are dropped;
    2. rows with a blank customer id are dropped (ids are stripped of spaces
       and normalised, so ``" VIP1 "`` is ``VIP1``);
    3. rows whose date cannot be read are dropped;
    4. rows whose amount is blank or unreadable are dropped; so are amounts
       written in another currency (counted separately, never converted);
    5. zero amounts are dropped (neither a purchase nor a return);
    6. negative amounts are kept as returns.

    Parameters
    ----------
    raw : pandas.DataFrame
        The table of :func:`read_log` (text columns).
    customer, date, amount : str
        The names of the customer id, date and amount columns in `raw`.
    source : str
        Name of the file, for messages.
    rows_read : int, optional
        Rows in the file (default ``len(raw)``).
    drop_duplicates : bool
        Drop exact duplicate lines (step 1).

    Returns
    -------
    (pandas.DataFrame, Quality)
        Columns ``customer`` (str), ``date`` (datetime64, midnight) and
        ``amount`` (float; negative for returns), in file order, and the record.

    Raises
    ------
    KeyError
        If a column is missing.
    ValueError
        If the table is empty, no date or no amount can be read, or the
        amounts are in a mix of currencies with none of them the home one.
    """
    require_log_columns(raw, customer=customer, date=date, amount=amount)
    if len(raw) == 0:
        raise ValueError(f"{source} has no rows")
    quality = Quality(source=source, rows_read=int(rows_read if rows_read is not None else len(raw)))
    shown = list(dict.fromkeys([customer, date, amount]))

    if drop_duplicates:
        duplicated = raw.duplicated(keep="first")
        quality.add("exact duplicate line", "dropped", duplicated.sum(),
                    "identical in every column to an earlier line (an export run twice)",
                    _examples(raw, duplicated, shown))
        raw = raw[~duplicated]
    else:
        quality.add("exact duplicate line", "kept", raw.duplicated().sum(), "kept as asked (drop_duplicates=False)")

    ids = raw[customer].astype(str).map(lambda s: unicodedata.normalize("NFKC", s).strip())
    stripped = (ids != raw[customer].astype(str)) & (ids != "")
    quality.add("customer id with stray spaces", "changed", stripped.sum(), "spaces removed, full-width "
                "characters made half-width", _examples(raw, stripped, [customer]))
    no_id = ids.isin(MISSING_IDS)
    quality.add("no customer id", "dropped", no_id.sum(), "a purchase nobody can be credited with",
                _examples(raw, no_id, shown))

    dates = parse_dates(raw[date])
    readable = dates.notna()
    if not readable.any():
        examples = ", ".join(repr(v) for v in raw[date].head(EXAMPLES))
        raise ValueError(f"no parseable dates in column {date!r} (e.g. {examples}); expected dates such as "
                         "2024-03-05, 2024/3/5, 20240305 or 2024年3月5日")
    bad_date = ~readable & ~no_id
    quality.add("unreadable date", "dropped", bad_date.sum(), "blank or not a date (nothing is guessed)",
                _examples(raw, bad_date, shown))

    money = parse_money(raw[amount])
    written = money.currency[money.currency != ""]
    foreign = (money.currency != "") & (money.currency != HOME_CURRENCY)
    if len(written) and not (written == HOME_CURRENCY).any():
        raise ValueError(f"column {amount!r} has amounts in {sorted(set(written))} but none in yuan; "
                         "convert them to one currency first")
    if money.amount.isna().all():
        examples = ", ".join(repr(v) for v in raw[amount].head(EXAMPLES))
        raise ValueError(f"no readable amounts in column {amount!r} (e.g. {examples}); expected numbers "
                         "such as 1280, 1,280.00 or ￥1,280.00")
    usable = ~no_id & readable
    other_currency = foreign & usable
    quality.add("amount in another currency", "dropped", other_currency.sum(),
                "not converted: " + ", ".join(sorted(set(money.currency[other_currency]))) if other_currency.any()
                else "none found", _examples(raw, other_currency, shown))
    bad_amount = money.amount.isna() & ~foreign & usable
    quality.add("blank or unreadable amount", "dropped", bad_amount.sum(),
                "blank, or not one number in a known form (a decimal comma, two signs or two currency "
                "marks are not guessed)" if bad_amount.any() else "", _examples(raw, bad_amount, shown))
    zero = (money.amount == 0) & usable
    quality.add("zero amount", "dropped", zero.sum(), "neither a purchase nor a return",
                _examples(raw, zero, shown))
    keep = usable & money.amount.notna() & (money.amount != 0)
    returns = keep & (money.amount < 0)
    quality.add("return (negative amount)", "kept", returns.sum(),
                f"total {-money.amount[returns].sum():,.2f}; not purchase occasions, subtracted from net revenue",
                _examples(raw, returns, shown))

    clean = pd.DataFrame({"customer": ids[keep].astype(str), "date": dates[keep],
                          "amount": money.amount[keep].astype(float)}).reset_index(drop=True)
    return clean, quality


def header_looks_garbled(columns: list[str], encoding: str) -> bool:
    """True when a header read as `encoding` looks like text decoded with the wrong codec.

    Signs: a replacement or control character, box-drawing or private-use
    characters, or (read as GB18030) Chinese characters outside GB2312's
    common set, which is what Japanese Shift-JIS or Korean bytes become.
    """
    text = "".join(map(str, columns))
    for ch in text:
        category = unicodedata.category(ch)
        if ch == "\ufffd" or category in ("Cc", "Co", "Cs") or 0x2500 <= ord(ch) <= 0x259F:
            return True
    if encoding.lower().replace("-", "") in GBK_FAMILY:
        return any(_is_chinese(ch) and not ch.encode("gb2312", errors="ignore") for ch in text)
    return False


def load_log(path: str | Path, customer: str, date: str, amount: str, encoding: str | None = None,
             sheet: str | None = None) -> tuple[pd.DataFrame, Quality]:
    """:func:`read_log` then :func:`clean_log`: a file in, usable rows and their quality record out.

    When a named column is missing from a CSV whose encoding was detected
    (not named) and its header has non-ASCII text, the KeyError suggests
    naming the encoding (``--encoding``): a wrong guess garbles the header.
    """
    raw, used = read_log(path, encoding=encoding, sheet=sheet)
    try:
        require_log_columns(raw, customer=customer, date=date, amount=amount)
    except KeyError as error:
        header = "".join(map(str, raw.columns))
        if encoding is None and used not in ("xlsx", "parquet") and not header.isascii():
            looks = " and looks garbled" if header_looks_garbled(list(raw.columns), used) else ""
            raise KeyError(f"{error.args[0]}; the header was read as {used} (detected, not named){looks}: if the "
                           "names look wrong, name the file's encoding with --encoding (e.g. gbk, big5, shift_jis, "
                           "cp1252)") from None
        raise
    clean, quality = clean_log(raw, customer, date, amount, source=Path(path).name)
    quality.encoding = used
    return clean, quality
