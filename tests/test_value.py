"""helpers.value (chapter 01 part): the simple retention CLV formula."""

import pytest

from helpers.value import lifetime_profit, simple_clv


def test_simple_clv_by_hand():
    # m r / (1 + d - r) = 100 * 0.8 / 0.3
    assert simple_clv(100, 0.8, 0.1) == pytest.approx(266.6667, rel=1e-6)
    assert simple_clv(100, 0.0, 0.1) == 0.0


def test_gupta_lehmann_margin_multiple():
    """Gupta & Lehmann (2003), Table 1: with r = 90% and d = 12% the margin multiple is 0.9/0.22 = 4.09."""
    assert simple_clv(1, 0.9, 0.12) == pytest.approx(4.09, abs=0.005)


def test_five_points_more_retention_is_worth_much_more():
    """The retention-economics argument: 75% -> 80% retention raises CLV by over a fifth at d = 10%."""
    gain = simple_clv(100, 0.80, 0.10) / simple_clv(100, 0.75, 0.10) - 1
    assert gain == pytest.approx(0.2444, abs=1e-3)


def test_lifetime_profit_adds_up_to_simple_clv():
    table = lifetime_profit(100, 0.8, 0.1, periods=400)
    assert table["cumulative_value"].iloc[-1] == pytest.approx(simple_clv(100, 0.8, 0.1))
    assert table.loc[1, "survival"] == pytest.approx(0.8)
    assert table.loc[2, "discounted"] == pytest.approx(100 * 0.64 / 1.21)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1, 0.8, 0.1), "margin must be >= 0"),
        ((100, 1.0, 0.1), "retention must be < 1"),
        ((100, -0.1, 0.1), "retention must be >= 0"),
        ((100, 0.8, -0.1), "discount must be >= 0"),
        ((100, float("nan"), 0.1), "retention must be a finite number"),
        (("100", 0.8, 0.1), "margin must be a number"),
    ],
)
def test_bad_rates_are_named(args, message):
    with pytest.raises(ValueError, match=message):
        simple_clv(*args)


@pytest.mark.parametrize("periods", [0, 2.5, True, 5000])
def test_bad_period_counts(periods):
    with pytest.raises(ValueError, match="periods must be a whole number"):
        lifetime_profit(100, 0.8, 0.1, periods=periods)
