"""The AHP widget as a Voilà dashboard: it renders, and answers a slider.

Voilà runs the widget, built as chapter 02 builds it, in its own kernel and
shows the outputs without the code (what a class sees when the chapter is
presented; the whole chapter is run by nbval). The check is the
same as in JupyterLab: one step on the first judgment slider, and the
weights and CR become what :func:`helpers.widgets.ahp.ahp_view` returns for
the new judgments.
"""

from __future__ import annotations

import pytest
from jupyter_ui import RUN_TIMEOUT, check_ahp_widget_answers

pytestmark = pytest.mark.browser


def test_ahp_dashboard_renders_and_answers(page, voila_customer_value):
    server = voila_customer_value
    page.goto(f"{server.url}?token={server.token}", wait_until="commit")  # Voilà streams the run
    page.get_by_text("Pairwise judgments").first.wait_for(timeout=RUN_TIMEOUT)
    check_ahp_widget_answers(page)
    assert page.get_by_text("ahp_widget(").count() == 0  # outputs only, no code
    assert page.external_requests == [], "the presented page loaded from outside 127.0.0.1"
