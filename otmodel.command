#!/bin/bash
# otmodel — le lanceur pour macOS : double-cliquez sur ce fichier dans le Finder.
# La première fois, il prépare otmodel dans le dossier .venv (quelques minutes, avec Internet pour télécharger
# les composants) ; ensuite il démarre l'application et ouvre le navigateur dessus, en quelques secondes.
# Pour arrêter otmodel, fermez la fenêtre du Terminal. Des options de « otmodel serve » peuvent suivre
# (./otmodel.command --port 8502).

cd "$(dirname "$0")" || exit 1

wait_before_closing() {  # a double-clicked script's window closes with it: leave the message on screen
    read -r -p "Appuyez sur Entrée pour fermer cette fenêtre." _ || true
}

new_enough() {  # Python 3.11 or later
    "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

find_python() {  # the installers of python.org add python3.1x; python3 alone may be Apple's older one
    for candidate in python3.14 python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && new_enough "$candidate"; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

if [ ! -x .venv/bin/python ]; then
    if ! python=$(find_python); then
        echo
        echo "otmodel a besoin de Python 3.11 ou plus récent, qui n'est pas installé sur ce Mac."
        echo
        echo "  1. Téléchargez-le sur https://www.python.org/downloads/ (le bouton « Download Python 3.12 »"
        echo "     ou plus récent), puis installez-le."
        echo "  2. Double-cliquez de nouveau sur otmodel.command."
        echo
        wait_before_closing
        exit 1
    fi
    echo "Première utilisation : préparation d'otmodel dans le dossier .venv…"
    if ! "$python" -m venv .venv; then
        echo "La préparation d'otmodel a échoué (dossier .venv) : relancez otmodel.command."
        wait_before_closing
        exit 1
    fi
elif ! new_enough .venv/bin/python; then
    echo "Le dossier .venv a été fait avec un Python plus ancien que 3.11 : supprimez-le, puis relancez otmodel.command."
    wait_before_closing
    exit 1
fi

if ! cmp -s requirements.txt .venv/requirements.installed; then
    echo "Installation des composants d'otmodel (quelques minutes la première fois, Internet nécessaire)…"
    if ! .venv/bin/python -m pip install --disable-pip-version-check --quiet -r requirements.txt; then
        echo "L'installation a échoué : vérifiez la connexion à Internet, puis relancez otmodel.command."
        wait_before_closing
        exit 1
    fi
    cp requirements.txt .venv/requirements.installed
fi

echo "otmodel démarre ; le navigateur va s'ouvrir. Pour arrêter otmodel, fermez cette fenêtre."
.venv/bin/python -m otmodel serve --open "$@"
status=$?
if [ "$status" -ne 0 ]; then
    wait_before_closing
fi
exit "$status"
