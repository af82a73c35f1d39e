#!/bin/sh
# Browser tests need Debian's chromium. Install it when we can (root), otherwise say what is missing.
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installation de chromium (paquet Debian) pour les tests navigateur…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null && exit 0
    echo "L'installation de chromium a échoué : les tests navigateur seront ignorés."
else
    echo "Tests navigateur ignorés : installez le paquet Debian « chromium » (apt-get install chromium)."
fi
exit 0
