"""Beside the product, not in it: the bench's measures (`python -m otmodel bench`, `make bench`), the Chromium
harness the browser tests share, the floor page it loads and the one-page run the bench times. They need a
checkout of the repository and the test dependencies (Playwright); the app never imports them."""
