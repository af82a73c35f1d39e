@echo off
rem otmodel - le lanceur pour Windows : double-cliquez sur ce fichier dans l'Explorateur.
rem La premiere fois, il prepare otmodel dans le dossier .venv (quelques minutes, avec Internet pour telecharger
rem les composants) ; ensuite il demarre l'application et ouvre le navigateur dessus, en quelques secondes.
rem Pour arreter otmodel, fermez la fenetre. Des options de "otmodel serve" peuvent suivre (otmodel.bat --port 8502).
rem Ce fichier reste en ASCII, sans accents : cmd.exe le lit dans la page de codes de la console (850 en France).
rem Seulement des commandes cmd.exe et python : rien qui demande PowerShell.
setlocal
cd /d "%~dp0"

if exist ".venv\Scripts\python.exe" goto prepared

rem Python 3.11 ou plus recent : le lanceur py (python.org), sinon python (Microsoft Store, python.org).
set "PYTHON=py -3"
%PYTHON% -c "import sys; sys.exit(sys.version_info < (3, 11))" >nul 2>nul
if not errorlevel 1 goto found
set "PYTHON=python"
%PYTHON% -c "import sys; sys.exit(sys.version_info < (3, 11))" >nul 2>nul
if not errorlevel 1 goto found
goto nopython

:found
echo Premiere utilisation : preparation d'otmodel dans le dossier .venv...
%PYTHON% -m venv .venv
if errorlevel 1 goto failed

:prepared
fc /b requirements.txt .venv\requirements.installed >nul 2>nul
if not errorlevel 1 goto start
echo Installation des composants d'otmodel (quelques minutes la premiere fois, Internet necessaire)...
".venv\Scripts\python.exe" -m pip install --disable-pip-version-check --quiet -r requirements.txt
if errorlevel 1 goto failed
copy /y requirements.txt .venv\requirements.installed >nul

:start
echo otmodel demarre ; le navigateur va s'ouvrir. Pour arreter otmodel, fermez cette fenetre.
".venv\Scripts\python.exe" -m otmodel serve --open %*
if errorlevel 1 pause
exit /b

:nopython
echo.
echo otmodel a besoin de Python 3.11 ou plus recent, qui n'est pas installe sur cet ordinateur.
echo.
echo   1. Installez-le : dans le Microsoft Store, cherchez "Python 3.12" et cliquez sur "Obtenir" ;
echo      ou bien telechargez-le sur https://www.python.org/downloads/ et cochez "Add python.exe to PATH".
echo   2. Double-cliquez de nouveau sur otmodel.bat.
echo.
pause
exit /b 1

:failed
echo.
echo La preparation d'otmodel a echoue : verifiez la connexion a Internet, puis relancez otmodel.bat.
pause
exit /b 1
