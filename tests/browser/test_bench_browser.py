"""`bench --browser` at a reduced scale: it keeps working, every price change shows the engine's figure and no
save is lost when sessions save at once (times are printed by the bench, never asserted)."""

import json

from tools import bench
from tools.browser import PAGES


def test_bench_browser_small():
    figures = bench.browser(runs=3, sessions=3)
    # price_changes only times a change once « Résultat » shows the engine's value for the price typed
    for name in ("price_change", "table_price_change"):  # « Prix rapide », then typed in the table
        assert figures[f"{name}_wrong"] == []
        assert len(figures[f"{name}_ms"]) + figures[f"{name}_missed"] == 3  # keystrokes lost: not a sample
    # The bullet chart showed each quick price's figure too (timed until Plotly drew it).
    assert len(figures["chart_update_ms"]) == 3 and figures["chart_update_ms_median"] is not None
    assert set(figures["first_load_s"]) == set(figures["first_load_warm_s"]) == set(PAGES)
    assert set(figures["page_switch_s"]) == set(PAGES) - {"Synthèse"}  # the session opens on Synthèse
    assert set(figures["floor_s"]) == {"page vide", "un graphique"} and figures["demo"] == "destination"
    assert figures["saves_lost"] == 0 and len(figures["save_under_load_s"]) == 3


def test_bench_start_times_a_double_click_until_the_page_shows():
    """`bench --start`: otmodel.command on a warm venv, once without a database then with it; the page timed only
    once Synthèse shows the demo's target (start_bench.one_start checks it)."""
    figures = bench.double_click(runs=1)
    assert figures["runs"] == 1 and len(figures["first_s"]) == len(figures["next_s"]) == 1
    for start in ("first", "next"):
        (browser, page), = figures[f"{start}_s"]
        assert 0 < browser < page and (figures[f"{start}_browser_s"], figures[f"{start}_page_s"]) == (browser, page)


def test_bench_vote_small(capsys):
    """`bench --vote 3`: three phones vote at once; each ballot stored once, the presenter saw every phone."""
    from otmodel.cli.commands import main

    assert main(["bench", "--vote", "3"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["vote_phones"] == 3 and figures["vote_all_stored"] is True and figures["vote_stored"] == 3
    assert len(figures["vote_confirm_s"]) == 3 and figures["vote_confirm_s_median"] in figures["vote_confirm_s"]
    assert figures["vote_connected_shown"] == 3 and figures["vote_results_lag_s"] >= 0
