"""`bench --browser` at a reduced scale: it keeps working, every price change shows the engine's figure and no
save is lost when sessions save at once (times are printed by the bench, never asserted)."""

from otmodel.cli import bench
from otmodel.cli.browser import PAGES


def test_bench_browser_small():
    figures = bench.browser(runs=3, sessions=3)
    # price_changes only times a change once « Résultat » shows the engine's value for the price typed
    assert figures["price_change_wrong"] == []
    assert len(figures["price_change_ms"]) + figures["price_change_missed"] == 3  # keystrokes lost: not a sample
    assert set(figures["first_load_s"]) == set(PAGES)
    assert figures["saves_lost"] == 0 and len(figures["save_under_load_s"]) == 3
