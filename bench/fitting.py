"""Fitting: ``fit_bgnbd`` and ``fit_gamma_gamma`` on CDNOW beside ``lifetimes``.

The CDNOW sample (2,357 customers, calibration to 1997-09-30, weeks) is
summarised by ``clv.summary``; the workbook's fitters and ``lifetimes``'
``BetaGeoFitter`` / ``GammaGammaFitter`` (in the benchmark-only environment)
then fit the same table. Reported: each fitter's time (best of a few runs),
the time ratio, and the largest relative difference between the two sets
of parameters. The published BG/NBD estimates (Fader, Hardie & Lee 2005,
"Counting your customers the easy way", Marketing Science 24(2), table 1:
r = 0.243, alpha = 4.414, a = 0.793, b = 2.426) are checked as well.
"""

from __future__ import annotations

from functools import partial

from bench.common import BUILD, Row, at_most, best_time, run_lifetimes
from helpers import clv
from helpers.data import load

PUBLISHED_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
PARAMETER_TOLERANCE = 1e-3
"""Largest relative parameter difference accepted between two maximum-likelihood fitters."""


def cdnow_summary():
    """The CDNOW repeat-purchase summary in weeks, to the end of the calibration period."""
    return clv.summary(load("cdnow"), "customer_id", "date", "dollar_value", end="1997-09-30")


def largest_relative_difference(ours: dict[str, float], theirs: dict[str, float]) -> float:
    """max over the parameters of |ours - theirs| / |theirs|."""
    return max(abs(ours[name] - value) / abs(value) for name, value in theirs.items())


def run(repeats: int = 5, with_lifetimes: bool = True) -> list[Row]:
    """Time both fitters on CDNOW and compare them with lifetimes."""
    rft = cdnow_summary()
    buyers = rft[rft["frequency"] > 0]
    fits = {
        "fit_bgnbd": partial(clv.fit_bgnbd, rft["frequency"], rft["recency"], rft["T"]),
        "fit_gamma_gamma": partial(clv.fit_gamma_gamma, buyers["frequency"], buyers["monetary_value"]),
    }
    rows, ours = [], {}
    for name, fit in fits.items():
        seconds, params = best_time(fit, repeats)
        ours[name] = (seconds, {key: value for key, value in params.items() if key != "loglik"})
        shown = ", ".join(f"{key}={value:.3f}" for key, value in ours[name][1].items())
        rows.append(Row("fitting", "CDNOW 2,357", f"{name} time", round(seconds, 3), "s", note=shown))
    published = max(abs(ours["fit_bgnbd"][1][key] - value) for key, value in PUBLISHED_BGNBD.items())
    rows.append(Row("fitting", "CDNOW 2,357", "fit_bgnbd vs published, largest difference",
                    round(published, 5), "", *at_most(published, 0.0005),
                    note="Fader, Hardie & Lee 2005, given to 3 decimals"))
    if not with_lifetimes:
        return rows
    BUILD.mkdir(parents=True, exist_ok=True)
    csv = BUILD / "cdnow_summary.csv"
    rft.to_csv(csv)
    answer = run_lifetimes({"task": "fit", "csv": str(csv), "repeats": repeats})
    csv.unlink()
    if "error" in answer:
        return rows + [Row("fitting", "CDNOW 2,357", "lifetimes comparison", float("nan"), "", note=answer["error"])]
    for name, key in (("fit_bgnbd", "bgnbd"), ("fit_gamma_gamma", "gamma_gamma")):
        seconds, params = ours[name]
        theirs = answer[key]
        difference = largest_relative_difference(params, theirs)
        shown = ", ".join(f"{k}={v:.3f}" for k, v in theirs.items())
        rows.append(Row("fitting", "CDNOW 2,357", f"lifetimes {key} time", round(answer[f"{key}_seconds"], 3), "s",
                        note=f"lifetimes {answer['lifetimes_version']}: {shown}"))
        rows.append(Row("fitting", "CDNOW 2,357", f"lifetimes / {name} time",
                        round(answer[f"{key}_seconds"] / seconds, 1), "x"))
        rows.append(Row("fitting", "CDNOW 2,357", f"{name} vs lifetimes, largest rel. difference",
                        float(f"{difference:.2g}"), "", *at_most(difference, PARAMETER_TOLERANCE)))
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
